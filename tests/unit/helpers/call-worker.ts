import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('../../../lib/models/call-worker/worker.ts', import.meta.url).href;

/**
 * The model-call worker from its TypeScript source (tsx in the worker: `--import` in execArgv
 * does not reach worker threads), with its providers configured by `env`, as the server's are.
 */
export function spawnCallWorker(env: Record<string, string>) {
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL)}); })`;
  return new Worker(source, { eval: true, env: { ...process.env, ...env } });
}
