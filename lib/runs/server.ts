import 'server-only';
import { env } from '../env';
import { openDatabase, type DatabaseHandle } from './db';
import { createRunStore, type RunStore } from './store';

type Storage = { handle: DatabaseHandle; store: RunStore };
const globalForRuns = globalThis as unknown as { moaRunStorage?: Promise<Storage> };

/**
 * The app's one run store: PGlite under DATA_DIR, or Postgres when DATABASE_URL is set.
 * Opened once per process (PGlite must not be opened twice), migrated, and runs left
 * unfinished by a previous process are marked interrupted before anything else uses it.
 */
export function getRunStore(): Promise<RunStore> {
  return getStorage().then((s) => s.store);
}

/** The database the run store is on, for the features that keep tables beside it (evaluations, jobs). */
export function getDatabaseHandle(): Promise<DatabaseHandle> {
  return getStorage().then((s) => s.handle);
}

function getStorage(): Promise<Storage> {
  globalForRuns.moaRunStorage ??= (async () => {
    const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    const store = createRunStore(handle.db, handle.batch);
    const interrupted = await store.markInterrupted();
    if (interrupted.length) console.warn(`[runs] marked ${interrupted.length} unfinished run(s) as interrupted.`);
    await store.warmUp();
    return { handle, store };
  })().catch((error) => {
    // Let a later request try again (e.g. the database was not up yet).
    globalForRuns.moaRunStorage = undefined;
    console.error('[runs] the run database could not be opened:', error instanceof Error ? error.message : error);
    throw error;
  });
  return globalForRuns.moaRunStorage;
}
