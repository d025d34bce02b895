import { integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { MoAConfig } from '../moa/config';

/**
 * A board kept under a name. Its slug (from the name) is unique per owner: it addresses the
 * config in the API, and later as the model `moa/<slug>`. Its contents live in its versions.
 */
export const savedConfigs = pgTable(
  'saved_configs',
  {
    /** 128 random bits, base64url; never shown: slugs address configs, per owner. */
    id: text('id').primaryKey(),
    /** SHA-256 of the owner cookie, as for runs (lib/runs/owner.ts). */
    ownerHash: text('owner_hash').notNull(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_configs_owner_slug_idx').on(t.ownerHash, t.slug)],
);

/** One row per save: never updated, so a run that points at a version shows what it ran. */
export const savedConfigVersions = pgTable(
  'saved_config_versions',
  {
    /** 128 random bits, base64url: what a run records (runs.config_version_id). */
    id: text('id').primaryKey(),
    configId: text('config_id')
      .notNull()
      .references(() => savedConfigs.id, { onDelete: 'cascade' }),
    /** 1, 2, 3… per config. */
    version: integer('version').notNull(),
    /** Validated by moaConfigSchema, without the builder's card ids. */
    config: jsonb('config').$type<MoAConfig>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_config_versions_config_version_idx').on(t.configId, t.version)],
);

export type SavedConfigRow = typeof savedConfigs.$inferSelect;
export type SavedConfigVersionRow = typeof savedConfigVersions.$inferSelect;
