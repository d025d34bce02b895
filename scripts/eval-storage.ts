import { env } from '../lib/env';
import { openDatabase } from '../lib/runs/db';
import { createRunStore } from '../lib/runs/store';
import { spawnTsWorker } from './ts-worker';

/**
 * The evaluation CLI's run store, from the same settings as the server's (lib/runs/server.ts),
 * with PGlite in its worker thread as there. Unlike the server it only marks unfinished runs
 * interrupted in a PGlite folder, which is its alone: in a shared PostgreSQL they may be a
 * running server's.
 */
export async function openCliStore() {
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    pgliteWorker: (workerData) => spawnTsWorker(new URL('../lib/runs/pglite-worker/worker.ts', import.meta.url), { workerData }),
  });
  const store = createRunStore(handle.db, handle.batch);
  if (handle.kind === 'pglite') {
    const interrupted = await store.markInterrupted();
    if (interrupted.length) console.error(`Marked ${interrupted.length} run(s) left unfinished by an earlier evaluation as interrupted.`);
  }
  return { store: Promise.resolve(store), where: handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite ${env.DATA_DIR}`, close: handle.close };
}
