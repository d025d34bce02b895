import type { DatabaseHandle } from './db';
import { announce, RUN_NEWS_CHANNEL } from './live';
import { createLease, deleteStaleLeases, newInstanceId, type Lease, type LeaseTiming } from './lease';
import { createRunStore, type OrphanRule, type RunStore } from './store';

/** Lease rows expired this long ago are deleted: only closed runs still name them. */
const STALE_LEASE_MS = 24 * 3600_000;

export type Instance = { store: RunStore; lease: Lease; rule: OrphanRule; /** Stops renewing (the lease then runs out unless released) and listening. */ stop(): void };

/**
 * This process as one instance on the run database (the server, the evaluation CLI): takes a
 * lease, closes the runs whose recorder is gone, and from then on renews the lease and sweeps
 * again every `timing.renewMs`, so any instance notices another one's death. On PostgreSQL it
 * also hears of every instance's commits of run events (LISTEN), for its followers.
 */
export async function startInstance(handle: DatabaseHandle, timing: LeaseTiming): Promise<Instance> {
  const lease = createLease(handle.db, newInstanceId(), timing);
  const postgres = handle.kind === 'postgres';
  const store = createRunStore(handle.db, handle.batch, { instanceId: lease.id, notify: postgres ? RUN_NEWS_CHANNEL : undefined });
  await lease.renew();
  // Commits by any instance wake this one's followers (lib/runs/live.ts).
  const unlisten = postgres ? await handle.listen(RUN_NEWS_CHANNEL, (ids) => ids.split(',').forEach(announce)) : null;
  // A PGlite folder has one process: whatever another instance left running is an orphan now,
  // without waiting for its lease to run out. On PostgreSQL other instances may be alive.
  const rule: OrphanRule = handle.kind === 'pglite' ? { kind: 'not-mine', self: lease.id } : { kind: 'expired-lease' };
  await sweep(store, rule);

  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await lease.renew();
      await sweep(store, rule);
      await deleteStaleLeases(handle.db, STALE_LEASE_MS);
    } catch (error) {
      console.error('[runs] renewing this instance’s lease failed:', error instanceof Error ? error.message : error);
    } finally {
      busy = false;
    }
  }, timing.renewMs);
  timer.unref();
  return {
    store,
    lease,
    rule,
    stop: () => {
      clearInterval(timer);
      void unlisten?.().catch(() => {});
    },
  };
}

async function sweep(store: RunStore, rule: OrphanRule) {
  const interrupted = await store.markInterrupted(rule);
  if (interrupted.length) console.warn(`[runs] marked ${interrupted.length} unfinished run(s) of stopped servers as interrupted.`);
}
