import { env } from '../lib/env';
import { openDatabase } from '../lib/runs/db';
import { startInstance } from '../lib/runs/instance';
import { leaseTiming } from '../lib/runs/lease';
import { spawnTsWorker } from './ts-worker';

/**
 * The evaluation CLI's run store, from the same settings as the server's (lib/runs/server.ts),
 * with PGlite in its worker thread as there. It is an instance like a server: it holds a lease
 * while its runs go, so servers sharing a PostgreSQL leave them alone (lib/runs/lease.ts).
 */
export async function openCliStore() {
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    pgliteWorker: (workerData) => spawnTsWorker(new URL('../lib/runs/pglite-worker/worker.ts', import.meta.url), { workerData }),
  });
  const instance = await startInstance(handle, leaseTiming(env.LEASE_TTL_MS, env.LEASE_RENEW_MS));
  const close = async () => {
    instance.stop();
    await instance.lease.release().catch(() => {});
    await handle.close();
  };
  return { db: handle.db, store: Promise.resolve(instance.store), where: handle.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite ${env.DATA_DIR}`, close };
}
