import 'server-only';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run by Node, not by the bundler: PGlite is loaded at run time from node_modules.
const INIT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import('@electric-sql/pglite')
  .then(({ PGlite }) => PGlite.create(workerData))
  .then((db) => db.close())
  .then(() => parentPort.postMessage('ok'), (error) => parentPort.postMessage(String(error && error.message || error)));
`;

/**
 * Creates a new PGlite data folder (initdb) in a worker thread that then exits. initdb runs in a
 * WASM instance of its own whose ~450 MB the process that ran it keeps for good; in a worker,
 * that memory goes when the worker does. Resolves false when the folder could not be made
 * there (the caller then opens it in-process, which runs initdb as before).
 */
export async function initDataDirInWorker(dataDir: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  const worker = new Worker(INIT_SOURCE, { eval: true, workerData: dataDir });
  try {
    const outcome = await new Promise<string>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve(error.message));
      worker.once('exit', (code) => resolve(`the worker exited with code ${code}`));
    });
    if (outcome !== 'ok') console.warn(`[runs] could not create the database folder in a worker (${outcome}); creating it in-process.`);
    return outcome === 'ok';
  } finally {
    await worker.terminate();
  }
}
