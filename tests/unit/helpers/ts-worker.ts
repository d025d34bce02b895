import type { WorkerData } from '@/lib/runs/pglite-worker/protocol';
import { spawnTsWorker } from '../../../scripts/ts-worker';

/** The model-call worker, with its providers configured by `env`, as the server's are. */
export const spawnCallWorker = (env: Record<string, string>) =>
  spawnTsWorker(new URL('../../../lib/models/call-worker/worker.ts', import.meta.url), { env: { ...process.env, ...env } });

/** The run database's PGlite worker. */
export const spawnPGliteWorker = (workerData: WorkerData) => spawnTsWorker(new URL('../../../lib/runs/pglite-worker/worker.ts', import.meta.url), { workerData });
