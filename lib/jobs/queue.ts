import 'server-only';
import { fromPglite, PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../runs/db';
import { getDatabaseHandle } from '../runs/server';

/**
 * Durable jobs: pg-boss on the run database. On PostgreSQL it has a pool of its own (SKIP
 * LOCKED, LISTEN/NOTIFY), so several servers share the queue; on PGlite it speaks to the one
 * PGlite client through pg-boss's PGlite adapter. A job's handler must be idempotent: pg-boss
 * delivers at least once (after a crash the job runs again), so each handler records its own
 * progress and skips what is done.
 */
export type Jobs = { boss: PgBoss; kind: DatabaseHandle['kind'] };

export type QueueOptions = {
  /** Seconds without a heartbeat (the handler's process died) before the job runs again. */
  heartbeatSeconds: number;
  retryLimit: number;
  /** At most one job per key is queued and one active (pg-boss's `stately` policy). */
  oneActivePerKey?: boolean;
};

export async function openJobs(handle: DatabaseHandle): Promise<Jobs> {
  const common = { schedule: false, superviseIntervalSeconds: 2, monitorIntervalSeconds: 2 } as const;
  const boss =
    handle.kind === 'postgres'
      ? new PgBoss({ ...common, connectionString: handle.url, max: 4 })
      : new PgBoss({ ...common, db: fromPglite(handle.pglite as Parameters<typeof fromPglite>[0]), backend: 'pglite' });
  boss.on('error', (error: Error) => console.error('[jobs]', error.message));
  await boss.start();
  return { boss, kind: handle.kind };
}

/** Creates the queue when it is new (its options are set once, at creation). */
export async function ensureQueue(jobs: Jobs, name: string, options: QueueOptions) {
  if (await jobs.boss.getQueue(name)) return;
  await jobs.boss.createQueue(name, {
    heartbeatSeconds: options.heartbeatSeconds,
    retryLimit: options.retryLimit,
    retryDelay: 1,
    // pg-boss's longest: a job that runs longer (a long evaluation) fails and runs again, skipping what is done.
    expireInSeconds: 24 * 3600,
    ...(options.oneActivePerKey && { policy: 'stately' as const }),
  });
}

/**
 * PGlite is one process's: a job still active when that process starts lost its worker with
 * the previous process, so it is retried now rather than after its heartbeat runs out.
 */
export async function retryOrphans(jobs: Jobs, name: string): Promise<number> {
  if (jobs.kind !== 'pglite') return 0;
  const active = await jobs.boss.findJobs(name);
  const orphans = active.filter((job) => job.state === 'active').map((job) => job.id);
  if (orphans.length) await jobs.boss.fail(name, orphans, { reason: 'The server restarted while this job ran.' });
  return orphans.length;
}

const globalForJobs = globalThis as unknown as { moaJobs?: Promise<Jobs> };

/** The server's job queue, opened once on the run database. */
export function getJobs(): Promise<Jobs> {
  globalForJobs.moaJobs ??= getDatabaseHandle()
    .then(openJobs)
    .catch((error) => {
      globalForJobs.moaJobs = undefined;
      throw error;
    });
  return globalForJobs.moaJobs;
}
