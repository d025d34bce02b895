import { boolean, doublePrecision, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The guard's counters when several instances share one PostgreSQL (lib/guard/shared-limits.ts);
 * a single process on PGlite counts in memory instead.
 */

/** One token bucket per client key. */
export const rateBuckets = pgTable('rate_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  /** Database time of the last take: refills are counted from it. */
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** Whether the last take got a token: written and read back in the one statement that takes it. */
  granted: boolean('granted').notNull(),
});

/** One row per run open now, held by the instance running it: a dead instance's rows stop counting when its lease runs out. */
export const runSlots = pgTable(
  'run_slots',
  {
    id: text('id').primaryKey(),
    instanceId: text('instance_id').notNull(),
    clientKey: text('client_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('run_slots_client_idx').on(t.clientKey)],
);
