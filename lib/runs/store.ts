import { and, asc, desc, eq, gt, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { callsPerRun, modelsOf, type MoAConfig } from '../moa/config';
import type { RunEvent } from '../moa/events';
import { reduceEvents } from '../run-view';
import type { Batch, Database } from './db';
import { createGroupCommit } from './group-commit';
import { instances, runEvents, runs, type NewRunRow, type RunRow, type StoredRunStatus } from './schema';
import { runTotalsOf, type RunTotals } from './totals';

export type StoredEvent = { seq: number; event: RunEvent };

/** How a run ended: written with its last events, in the same transaction. */
export type RunEnd = { status: Exclude<StoredRunStatus, 'running'>; totals: RunTotals; finalText?: string; error?: string };

/** The row a history list shows: no config, no texts. */
export type RunListItem = Pick<RunRow, 'id' | 'status' | 'prompt' | 'presetId' | 'groupId' | 'conversationId' | 'turn' | 'totals' | 'createdAt' | 'finishedAt'> & {
  /** First model of each layer, for a one-line shape. */
  shape: { layers: number; calls: number; models: string[] };
};

export type RunStore = ReturnType<typeof createRunStore>;

export type ConversationTurnRow = Pick<RunRow, 'id' | 'status' | 'prompt' | 'finalText' | 'parentRunId' | 'conversationId' | 'turn' | 'totals'>;

// Postgres allows 65,535 bind parameters a statement; 5 a row.
const INSERT_CHUNK = 1000;

type Append = { runId: string; events: StoredEvent[]; end?: RunEnd };

/**
 * Which `running` runs have lost their recorder. `expired-lease`: their instance's lease ran out
 * (or they have no instance); what several servers on one PostgreSQL use. `not-mine`: every run
 * not recorded by `self`; only for a database one process has to itself (a PGlite folder).
 */
export type OrphanRule = { kind: 'expired-lease' } | { kind: 'not-mine'; self: string };

const orphanCondition = (rule: OrphanRule): SQL =>
  rule.kind === 'not-mine'
    ? or(isNull(runs.instanceId), ne(runs.instanceId, rule.self))!
    : sql`not exists (select 1 from ${instances} where ${instances.id} = ${runs.instanceId} and ${instances.expiresAt} > now())`;

/** Why a run was closed without its recorder: written as its error. */
export const INTERRUPTED_BY_STOP = 'The server stopped during this run.';
export const INTERRUPTED_BY_SHUTDOWN = 'The server shut down before this run finished.';

/**
 * `batch`, when the database offers it, writes each group commit in a single round trip.
 * `instanceId` is this server's lease (lib/runs/lease.ts), written on every run it creates.
 * `notify` (PostgreSQL): a channel told, on commit, the ids of the runs each transaction wrote,
 * so followers served by other instances wake at once (lib/runs/live.ts).
 */
export function createRunStore(db: Database, batch?: Batch, { instanceId, notify }: { instanceId?: string; notify?: string } = {}) {
  const appendQueries = (target: Pick<Database, 'insert' | 'update'>, appends: Append[]) => {
    const rows = appends.flatMap(({ runId, events }) => events.map(({ seq, event }) => ({ runId, seq, t: event.t, type: event.type, data: event })));
    const queries = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) queries.push(target.insert(runEvents).values(rows.slice(i, i + INSERT_CHUNK)));
    for (const { runId, end } of appends) {
      if (!end) continue;
      queries.push(
        target
          .update(runs)
          .set({ status: end.status, totals: end.totals, finalText: end.finalText ?? null, error: end.error ?? null, finishedAt: new Date() })
          .where(eq(runs.id, runId)),
      );
    }
    return queries;
  };
  const appends = createGroupCommit<Append>((items) =>
    batch
      ? batch(appendQueries(db, items).map((query) => query.toSQL()))
      : db.transaction(async (tx) => {
          for (const query of appendQueries(tx, items)) await query;
          // Delivered when (and only if) the transaction commits.
          if (notify) for (const payload of notifyPayloads(items.map((item) => item.runId))) await tx.execute(sql`select pg_notify(${notify}, ${payload})`);
        }),
  );

  /**
   * One transaction: claim the run (the status update only matches while it is still `running`
   * and still an orphan, so a concurrent sweeper's claim waits for ours and then matches
   * nothing), then append its last event after the ones committed.
   */
  function interrupt(id: string, rule: OrphanRule): Promise<boolean> {
    return db.transaction(async (tx) => {
      const claimed = await tx
        .update(runs)
        .set({ status: 'interrupted', error: INTERRUPTED_BY_STOP, finishedAt: new Date() })
        .where(and(eq(runs.id, id), eq(runs.status, 'running'), orphanCondition(rule)))
        .returning({ id: runs.id });
      if (!claimed.length) return false;
      const events = await tx.select({ seq: runEvents.seq, event: runEvents.data }).from(runEvents).where(eq(runEvents.runId, id)).orderBy(asc(runEvents.seq));
      const view = reduceEvents(events.map((e) => e.event));
      const totals = runTotalsOf(view);
      const usage = totals.usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
      const seq = (events.at(-1)?.seq ?? -1) + 1;
      const event: RunEvent = { type: 'run-interrupted', t: view.lastT, usage };
      await tx.insert(runEvents).values({ runId: id, seq, t: event.t, type: event.type, data: event });
      await tx.update(runs).set({ totals }).where(eq(runs.id, id));
      if (notify) await tx.execute(sql`select pg_notify(${notify}, ${id})`);
      return true;
    });
  }

  return {
    async createRun(row: Omit<NewRunRow, 'status' | 'createdAt'>) {
      await db.insert(runs).values({ ...row, status: 'running', instanceId: instanceId ?? null });
    },

    /**
     * Appends events (seq numbers given by the one writer of the run) and, with `end`, closes the
     * run; resolves once committed. Concurrent appends of all runs share transactions.
     */
    append(runId: string, events: StoredEvent[], end?: RunEnd): Promise<void> {
      return appends.submit({ runId, events, end });
    },

    async getRun(id: string): Promise<RunRow | undefined> {
      const [row] = await db.select().from(runs).where(eq(runs.id, id)).limit(1);
      return row;
    },

    /**
     * The turns of the conversation `id` ends, first to last (`id` last), at most `limit`: each
     * run with what a follow-up needs of it. Null when a run of the chain is gone.
     */
    async conversationChain(id: string, limit: number): Promise<ConversationTurnRow[] | null> {
      const chain: ConversationTurnRow[] = [];
      for (let next: string | null = id; next && chain.length < limit; ) {
        const [row]: ConversationTurnRow[] = await db
          .select({ id: runs.id, status: runs.status, prompt: runs.prompt, finalText: runs.finalText, parentRunId: runs.parentRunId, conversationId: runs.conversationId, turn: runs.turn, totals: runs.totals })
          .from(runs)
          .where(eq(runs.id, next))
          .limit(1);
        if (!row) return null;
        chain.unshift(row);
        next = row.parentRunId;
      }
      return chain;
    },

    /** Makes a run the first turn of a conversation (its own id names it), once it is followed up. */
    async startConversation(id: string) {
      await db.update(runs).set({ conversationId: id }).where(and(eq(runs.id, id), isNull(runs.conversationId)));
    },

    async getStatus(id: string): Promise<StoredRunStatus | undefined> {
      const [row] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, id)).limit(1);
      return row?.status;
    },

    /** Events after `afterSeq` (exclusive), in order. */
    async eventsAfter(id: string, afterSeq = -1, limit = 5000): Promise<StoredEvent[]> {
      const rows = await db
        .select({ seq: runEvents.seq, event: runEvents.data })
        .from(runEvents)
        .where(and(eq(runEvents.runId, id), gt(runEvents.seq, afterSeq)))
        .orderBy(asc(runEvents.seq))
        .limit(limit);
      return rows;
    },

    async allEvents(id: string): Promise<StoredEvent[]> {
      const all: StoredEvent[] = [];
      for (let after = -1; ; ) {
        const page = await this.eventsAfter(id, after);
        all.push(...page);
        if (page.length < 5000) return all;
        after = page.at(-1)!.seq;
      }
    },

    /** The owner's runs, newest first; `before` pages on created time. */
    async listRuns(ownerHash: string, { limit = 50, before }: { limit?: number; before?: Date } = {}): Promise<RunListItem[]> {
      const rows = await db
        .select({
          id: runs.id, status: runs.status, prompt: runs.prompt, presetId: runs.presetId, groupId: runs.groupId, conversationId: runs.conversationId, turn: runs.turn, totals: runs.totals,
          createdAt: runs.createdAt, finishedAt: runs.finishedAt, config: runs.config,
        })
        .from(runs)
        .where(before ? and(eq(runs.ownerHash, ownerHash), lt(runs.createdAt, before)) : eq(runs.ownerHash, ownerHash))
        .orderBy(desc(runs.createdAt))
        .limit(limit);
      return rows.map(listItemOf);
    },

    /** The runs of one comparison, in the order they were started: anyone with the group id may read them. */
    async listGroup(groupId: string): Promise<(RunListItem & { finalText: string | null })[]> {
      const rows = await db
        .select({
          id: runs.id, status: runs.status, prompt: runs.prompt, presetId: runs.presetId, groupId: runs.groupId, conversationId: runs.conversationId, turn: runs.turn, totals: runs.totals,
          createdAt: runs.createdAt, finishedAt: runs.finishedAt, config: runs.config, finalText: runs.finalText,
        })
        .from(runs)
        .where(eq(runs.groupId, groupId))
        .orderBy(asc(runs.createdAt), asc(runs.id));
      return rows.map((row) => ({ ...listItemOf(row), finalText: row.finalText }));
    },

    /** Deletes a run and its events; only its owner may. */
    async deleteRun(id: string, ownerHash: string | null): Promise<'deleted' | 'not-found' | 'forbidden'> {
      const [row] = await db.select({ ownerHash: runs.ownerHash }).from(runs).where(eq(runs.id, id)).limit(1);
      if (!row) return 'not-found';
      if (!ownerHash || row.ownerHash !== ownerHash) return 'forbidden';
      await db.delete(runs).where(eq(runs.id, id));
      return 'deleted';
    },

    /** Runs the write path once and rolls it back, so the first real run does not pay for cold caches. */
    async warmUp() {
      const id = '__warm_up__';
      await db
        .transaction(async (tx) => {
          await tx.insert(runs).values({ id, status: 'running', prompt: '', config: { version: 1, layers: [], synthesisPrompt: '' } });
          await tx.insert(runEvents).values({ runId: id, seq: 0, t: 0, type: 'run-cancelled', data: { type: 'run-cancelled', t: 0, usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } } });
          await tx.update(runs).set({ status: 'cancelled', finishedAt: new Date() }).where(eq(runs.id, id));
          await tx.select({ seq: runEvents.seq }).from(runEvents).where(and(eq(runEvents.runId, id), gt(runEvents.seq, -1)));
          tx.rollback();
        })
        .catch(() => {});
    },

    /**
     * Closes the runs `rule` says lost their recorder: appends a run-interrupted event (so the log
     * reads as complete and the reducer ends the streaming cells) and keeps every partial output.
     * Safe to call from several instances at once: each run is closed exactly once.
     */
    async markInterrupted(rule: OrphanRule = { kind: 'expired-lease' }): Promise<string[]> {
      const open = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.status, 'running'), orphanCondition(rule)));
      const closed: string[] = [];
      for (const { id } of open) {
        try {
          if (await interrupt(id, rule)) closed.push(id);
        } catch (error) {
          // E.g. its recorder came back and wrote the same seq first: the run is not an orphan.
          console.error(`[runs] run ${id} could not be marked interrupted:`, error instanceof Error ? error.message : error);
        }
      }
      return closed;
    },
  };

}

/** NOTIFY payloads stop at 8000 bytes: run ids, comma-separated, a few hundred a payload. */
const NOTIFY_BYTES = 7000;
export function notifyPayloads(runIds: string[]): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const id of new Set(runIds)) {
    if (current && current.length + id.length + 1 > NOTIFY_BYTES) payloads.push(current), (current = '');
    current = current ? `${current},${id}` : id;
  }
  if (current) payloads.push(current);
  return payloads;
}

/** A run row as lists show it: the prompt cut short, the config as its shape. */
function listItemOf<R extends Omit<RunListItem, 'shape'> & { config: MoAConfig }>({ config, prompt, ...row }: R) {
  return {
    ...row,
    prompt: prompt.length > 300 ? `${prompt.slice(0, 299)}…` : prompt,
    shape: { layers: config.layers.length, calls: callsPerRun(config), models: modelsOf(config) },
  };
}
