import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { savedConfigVersions } from '../configs/schema';
import type { MoAConfig } from '../moa/config';
import type { RunEvent } from '../moa/events';
import type { RunTotals } from './totals';

/** How a stored run ended, or that it is still going. `interrupted`: the server stopped mid-run. */
export const RUN_STATUSES = ['running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
export type StoredRunStatus = (typeof RUN_STATUSES)[number];

/**
 * One row per run. Everything shown about a run is derived from its events; the columns here
 * are what the history list and the share page's metadata need without reading them.
 * Nothing secret belongs here: model ids only, never keys, base URLs or request headers.
 */
export const runs = pgTable(
  'runs',
  {
    /** 128 random bits, base64url: the share link is the capability to read the run. */
    id: text('id').primaryKey(),
    /** SHA-256 of the creating browser's owner cookie: only it lists and deletes the run. */
    ownerHash: text('owner_hash'),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    prompt: text('prompt').notNull(),
    config: jsonb('config').$type<MoAConfig>().notNull(),
    presetId: text('preset_id'),
    /** Runs started together to be compared share a group (compare mode; null otherwise). */
    groupId: text('group_id'),
    /** The saved config version the run ran exactly, if any; its name shows on the share page. */
    configVersionId: text('config_version_id').references(() => savedConfigVersions.id, { onDelete: 'set null' }),
    /**
     * A follow-up's previous turn (lib/runs/conversation.ts): a conversation is a chain of runs,
     * and two follow-ups of one turn are two branches. Its first turn's id is `conversationId`.
     */
    parentRunId: text('parent_run_id').references((): AnyPgColumn => runs.id, { onDelete: 'set null' }),
    conversationId: text('conversation_id'),
    /** 1 for a run on its own or a conversation's first turn. */
    turn: integer('turn').notNull().default(1),
    /** The server instance recording the run (lib/runs/lease.ts): only its lease keeps the run `running`. */
    instanceId: text('instance_id'),
    /** Set when the run ends (or is found interrupted). */
    totals: jsonb('totals').$type<RunTotals>(),
    finalText: text('final_text'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('runs_owner_created_idx').on(t.ownerHash, t.createdAt), index('runs_status_idx').on(t.status), index('runs_group_idx').on(t.groupId), index('runs_config_version_idx').on(t.configVersionId), index('runs_conversation_idx').on(t.conversationId)],
);

/** The run's event log, in order; `data` is the RunEvent itself. */
export const runEvents = pgTable(
  'run_events',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** Run-relative ms, as in the event. */
    t: doublePrecision('t').notNull(),
    type: text('type').notNull(),
    data: jsonb('data').$type<RunEvent>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

export type RunRow = typeof runs.$inferSelect;
export type NewRunRow = typeof runs.$inferInsert;

/**
 * One row per live server instance: its lease, renewed while it runs (lib/runs/lease.ts). A run
 * whose instance has no unexpired row here lost its recorder and is marked interrupted.
 */
export const instances = pgTable('instances', {
  id: text('id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /** Database time, so instances with skewed clocks agree on who is alive. */
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});
