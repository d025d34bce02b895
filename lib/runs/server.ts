import 'server-only';
import { env } from '../env';
import { openDatabase, type DatabaseHandle } from './db';
import { startInstance, type Instance } from './instance';
import { leaseTiming } from './lease';
import type { RunStore } from './store';

type Storage = { handle: DatabaseHandle; instance: Instance };
const globalForRuns = globalThis as unknown as { moaRunStorage?: Promise<Storage> };

/**
 * The app's one run store: PGlite under DATA_DIR, or Postgres when DATABASE_URL is set.
 * Opened once per process (PGlite must not be opened twice), migrated, this instance's lease
 * taken (lib/runs/instance.ts), and runs whose recorder is gone marked interrupted before
 * anything else uses it.
 */
export function getRunStore(): Promise<RunStore> {
  return getStorage().then((s) => s.instance.store);
}

/** The database the run store is on, for the features that keep tables beside it (evaluations, jobs). */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  return getStorage().then((s) => s.handle);
}

/** This process as an instance: its lease and store. */
export function getInstance(): Promise<Instance> {
  return getStorage().then((s) => s.instance);
}

/** A clean stop: renewing ends and the lease is given up (this instance's runs are closed by then). */
export async function releaseInstance(): Promise<void> {
  if (!globalForRuns.moaRunStorage) return;
  const { instance } = await globalForRuns.moaRunStorage;
  instance.stop();
  await instance.lease.release();
}

function getStorage(): Promise<Storage> {
  globalForRuns.moaRunStorage ??= (async () => {
    const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    const instance = await startInstance(handle, leaseTiming(env.LEASE_TTL_MS, env.LEASE_RENEW_MS));
    await instance.store.warmUp();
    return { handle, instance };
  })().catch((error) => {
    // Let a later request try again (e.g. the database was not up yet).
    globalForRuns.moaRunStorage = undefined;
    console.error('[runs] the run database could not be opened:', error instanceof Error ? error.message : error);
    throw error;
  });
  return globalForRuns.moaRunStorage;
}
