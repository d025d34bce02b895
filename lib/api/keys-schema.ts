import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Keys of the OpenAI-compatible API (`/api/v1`). Only a key's SHA-256 is stored: the key itself
 * is shown once, when it is made. A key acts for its owner (the browser that made it, or a
 * command-line owner of its own): its runs are that owner's, and so are the saved configs it can call.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    /** 128 random bits, base64url: what lists, revocation and the rate limit name the key by. */
    id: text('id').primaryKey(),
    ownerHash: text('owner_hash').notNull(),
    name: text('name').notNull(),
    /** The key's first characters, to tell keys apart in a list (e.g. `moa_sk_Xy3q…`). */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key, base64url. */
    secretHash: text('secret_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Updated at most once a minute per key. */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('api_keys_secret_idx').on(t.secretHash), index('api_keys_owner_idx').on(t.ownerHash, t.createdAt)],
);

export type ApiKeyRow = typeof apiKeys.$inferSelect;
