import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread from its TypeScript source, tsx registered inside it first: `--import` in
 * execArgv does not reach worker threads on Node 20. For scripts and tests run with tsx (the
 * app's build bundles its workers).
 */
export function spawnTsWorker(url: URL, options: WorkerOptions = {}) {
  const source = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(source, { ...options, eval: true });
}
