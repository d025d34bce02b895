import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerData } from '@/lib/runs/pglite-worker/protocol';

/**
 * A worker thread from its TypeScript source, tsx registered inside it first: `--import` in
 * execArgv does not reach worker threads on Node 20. (The app's build bundles its workers.)
 */
export function spawnTsWorker(url: URL, options: WorkerOptions = {}) {
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(source, { ...options, eval: true });
}

/** The model-call worker, with its providers configured by `env`, as the server's are. */
export const spawnCallWorker = (env: Record<string, string>) =>
  spawnTsWorker(new URL('../../../lib/models/call-worker/worker.ts', import.meta.url), { env: { ...process.env, ...env } });

/** The run database's PGlite worker. */
export const spawnPGliteWorker = (workerData: WorkerData) => spawnTsWorker(new URL('../../../lib/runs/pglite-worker/worker.ts', import.meta.url), { workerData });
