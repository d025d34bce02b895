import 'server-only';
import { env } from '../env';
import { ensureQueue, getJobs, retryOrphans } from '../jobs/queue';
import { getDatabaseHandle } from '../runs/server';
import { driveEvaluation } from './drive';
import { createEvaluationStore, type EvaluationStore } from './store';
import { createUnitGate, type UnitGate } from './unit-gate';

/** One job per evaluation: it runs the units left, so a restart resumes where the last one stopped. */
export const EVALUATION_QUEUE = 'evaluations';
/** Evaluations one server works on at once; each runs up to its own concurrency of units. */
const EVALUATIONS_AT_ONCE = 2;
/** Units of all evaluations under way at once on this server, unless EVAL_MAX_UNITS says otherwise. */
export const EVAL_MAX_UNITS_DEFAULT = 32;

const globalForEvals = globalThis as unknown as {
  moaEvaluationStore?: Promise<EvaluationStore>;
  moaEvaluationWorker?: Promise<void>;
  moaEvaluationWorkerState?: EvaluationWorkerState;
  moaUnitGate?: UnitGate;
};

/** For readiness: whether this process works evaluation jobs. */
export type EvaluationWorkerState = 'starting' | 'running' | 'stopped' | 'failed';
export const evaluationWorkerState = (): EvaluationWorkerState => globalForEvals.moaEvaluationWorkerState ?? 'stopped';

/** The server's cap on evaluation units at once, shared by every evaluation it drives. */
export function getUnitGate(): UnitGate {
  globalForEvals.moaUnitGate ??= createUnitGate(env.EVAL_MAX_UNITS ?? EVAL_MAX_UNITS_DEFAULT);
  return globalForEvals.moaUnitGate;
}

export function getEvaluationStore(): Promise<EvaluationStore> {
  globalForEvals.moaEvaluationStore ??= getDatabaseHandle().then((handle) => createEvaluationStore(handle.db));
  return globalForEvals.moaEvaluationStore;
}

/** Starts working evaluation jobs in this process (once); jobs a crash left active run again now. */
export function startEvaluationWorker(): Promise<void> {
  if (globalForEvals.moaEvaluationWorkerState === 'stopped' && globalForEvals.moaEvaluationWorker) return globalForEvals.moaEvaluationWorker;
  globalForEvals.moaEvaluationWorker ??= (async () => {
    globalForEvals.moaEvaluationWorkerState = 'starting';
    const [jobs, store] = await Promise.all([getJobs(), getEvaluationStore()]);
    await ensureQueue(jobs, EVALUATION_QUEUE, { heartbeatSeconds: 10, retryLimit: 5, oneActivePerKey: true });
    const orphans = await retryOrphans(jobs, EVALUATION_QUEUE);
    if (orphans) console.warn(`[evals] resuming ${orphans} evaluation(s) the last server left running.`);
    await jobs.boss.work<{ id: string }>(EVALUATION_QUEUE, { localConcurrency: EVALUATIONS_AT_ONCE, pollingIntervalSeconds: 1 }, async ([job]) => {
      await driveEvaluation(job.data.id, store, job.signal, getUnitGate());
    });
    globalForEvals.moaEvaluationWorkerState = 'running';
  })().catch((error) => {
    globalForEvals.moaEvaluationWorker = undefined;
    globalForEvals.moaEvaluationWorkerState = 'failed';
    console.error('[evals] the evaluation worker could not start:', error instanceof Error ? error.message : error);
    throw error;
  });
  return globalForEvals.moaEvaluationWorker;
}

/** Queues the evaluation's job (one per evaluation at a time: a second waits for the first). */
export async function enqueueEvaluation(id: string): Promise<void> {
  await startEvaluationWorker();
  await (await getJobs()).boss.send(EVALUATION_QUEUE, { id }, { singletonKey: id });
}

/**
 * A graceful stop: no new jobs; the active ones get `graceMs`, then pg-boss fails them back to
 * the queue (they run again, on another server or after a restart, skipping what is done).
 */
export async function stopEvaluationWorker(graceMs: number): Promise<void> {
  if (!globalForEvals.moaEvaluationWorker) return;
  globalForEvals.moaEvaluationWorkerState = 'stopped';
  const jobs = await getJobs();
  // On PGlite pg-boss speaks through the run database's client, which stays open.
  await jobs.boss.stop({ graceful: true, timeout: graceMs, close: jobs.kind === 'postgres' });
}
