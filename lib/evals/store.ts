import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../runs/db';
import { evaluations, evaluationUnits, type EvaluationRow, type EvaluationStatus, type EvaluationUnitRow, type UnitStatus } from './schema';
import type { EvaluationEstimate } from './budget';
import type { EvaluationSpec } from './spec';

export type EvaluationStore = ReturnType<typeof createEvaluationStore>;

/** Statuses after which an evaluation's job has nothing left to do. */
export const SETTLED: readonly EvaluationStatus[] = ['finished', 'cancelled', 'failed'];

/** Evaluations and their units, on the run database (PGlite or Postgres). */
export function createEvaluationStore(db: Database) {
  return {
    /** A new evaluation, `queued`, with every unit `pending`, in one transaction. */
    async create(row: { id: string; ownerHash: string | null; name: string; spec: EvaluationSpec; estimate?: EvaluationEstimate; unitKeys: string[] }) {
      await db.transaction(async (tx) => {
        await tx.insert(evaluations).values({ id: row.id, ownerHash: row.ownerHash, name: row.name, spec: row.spec, estimate: row.estimate, status: 'queued' });
        for (let i = 0; i < row.unitKeys.length; i += 1000) {
          await tx.insert(evaluationUnits).values(row.unitKeys.slice(i, i + 1000).map((key) => ({ evaluationId: row.id, key, status: 'pending' as const })));
        }
      });
    },

    async get(id: string): Promise<EvaluationRow | undefined> {
      const [row] = await db.select().from(evaluations).where(eq(evaluations.id, id)).limit(1);
      return row;
    },

    /** The owner's evaluations, newest first, without their specs' prompt sets. */
    async list(ownerHash: string, limit = 50) {
      return db
        .select({ id: evaluations.id, name: evaluations.name, status: evaluations.status, createdAt: evaluations.createdAt, finishedAt: evaluations.finishedAt })
        .from(evaluations)
        .where(eq(evaluations.ownerHash, ownerHash))
        .orderBy(desc(evaluations.createdAt))
        .limit(limit);
    },

    async units(id: string): Promise<EvaluationUnitRow[]> {
      return db.select().from(evaluationUnits).where(eq(evaluationUnits.evaluationId, id));
    },

    /** Sets the status; a settled one also gets its finish time. Only from one of `from`, when given. */
    async setStatus(id: string, status: EvaluationStatus, options: { from?: readonly EvaluationStatus[]; error?: string } = {}): Promise<boolean> {
      const rows = await db
        .update(evaluations)
        .set({ status, error: options.error ?? null, finishedAt: SETTLED.includes(status) ? new Date() : null })
        .where(options.from ? and(eq(evaluations.id, id), inArray(evaluations.status, [...options.from])) : eq(evaluations.id, id))
        .returning({ id: evaluations.id });
      return rows.length > 0;
    },

    /** A unit is being worked on (again, if an earlier attempt died with its process). */
    async unitStarted(id: string, key: string) {
      await db
        .update(evaluationUnits)
        .set({ status: 'running', attempts: sql`${evaluationUnits.attempts} + 1` })
        .where(and(eq(evaluationUnits.evaluationId, id), eq(evaluationUnits.key, key)));
    },

    /** The stored run a run unit is making. */
    async unitRun(id: string, key: string, runId: string) {
      await db.update(evaluationUnits).set({ runId }).where(and(eq(evaluationUnits.evaluationId, id), eq(evaluationUnits.key, key)));
    },

    /** A unit's outcome, written once: a `done` unit is never run again. */
    async unitFinished(id: string, key: string, outcome: { status: Exclude<UnitStatus, 'pending' | 'running'>; result?: unknown; runId?: string | null; error?: string }) {
      await db
        .update(evaluationUnits)
        .set({ status: outcome.status, result: outcome.result ?? null, runId: outcome.runId ?? null, error: outcome.error ?? null, finishedAt: new Date() })
        .where(and(eq(evaluationUnits.evaluationId, id), eq(evaluationUnits.key, key)));
    },

    /** Failed units back to pending, for a retry. */
    async retryFailed(id: string): Promise<number> {
      const rows = await db
        .update(evaluationUnits)
        .set({ status: 'pending', error: null, finishedAt: null })
        .where(and(eq(evaluationUnits.evaluationId, id), inArray(evaluationUnits.status, ['failed', 'skipped'])))
        .returning({ key: evaluationUnits.key });
      return rows.length;
    },

    async remove(id: string, ownerHash: string | null): Promise<'deleted' | 'not-found' | 'forbidden'> {
      const row = await this.get(id);
      if (!row) return 'not-found';
      if (!ownerHash || row.ownerHash !== ownerHash) return 'forbidden';
      await db.delete(evaluations).where(eq(evaluations.id, id));
      return 'deleted';
    },
  };
}
