import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { runs } from '../runs/schema';
import type { EvaluationEstimate } from './budget';
import type { EvaluationSpec } from './spec';

/**
 * How an evaluation stands. `queued`/`running`: its job is waiting or working; `paused` and
 * `cancelled` by its owner; `finished` when every unit has a result (some may have failed).
 */
export const EVALUATION_STATUSES = ['queued', 'running', 'paused', 'finished', 'cancelled', 'failed'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

/** One row per evaluation: what it is (its spec, immutable) and how it stands; results are derived from its units. */
export const evaluations = pgTable(
  'evaluations',
  {
    /** 128 random bits, base64url: the read-only link is the capability to see it. */
    id: text('id').primaryKey(),
    ownerHash: text('owner_hash'),
    name: text('name').notNull(),
    status: text('status', { enum: EVALUATION_STATUSES }).notNull(),
    spec: jsonb('spec').$type<EvaluationSpec>().notNull(),
    /** Its upper-bound cost at creation, at the prices of that day. */
    estimate: jsonb('estimate').$type<EvaluationEstimate>(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('evaluations_owner_created_idx').on(t.ownerHash, t.createdAt)],
);

export const UNIT_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/**
 * One row per unit of work (a run of an item on a configuration, or a judgement of two runs),
 * written once it is done: a unit that is `done` is never run again, whatever restarts.
 */
export const evaluationUnits = pgTable(
  'evaluation_units',
  {
    evaluationId: text('evaluation_id')
      .notNull()
      .references(() => evaluations.id, { onDelete: 'cascade' }),
    /** unitKey(): `run:<item>:<config>` or `judge:<item>:<config>`. */
    key: text('key').notNull(),
    status: text('status', { enum: UNIT_STATUSES }).notNull(),
    /** The stored run of a run unit: the item's grid is that run's page. */
    runId: text('run_id').references(() => runs.id, { onDelete: 'set null' }),
    result: jsonb('result'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.evaluationId, t.key] })],
);

export type EvaluationRow = typeof evaluations.$inferSelect;
export type EvaluationUnitRow = typeof evaluationUnits.$inferSelect;
