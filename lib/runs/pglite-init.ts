import 'server-only';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// Plain CommonJS run by Node, not by the bundler: PGlite is loaded at run time from node_modules.
const INIT_SOURCE = `
import('@electric-sql/pglite')
  .then(({ PGlite }) => PGlite.create(process.env.PGLITE_INIT_DIR))
  .then((db) => db.close())
  .catch((error) => {
    console.error(String((error && error.message) || error));
    process.exit(1);
  });
`;

/**
 * Creates a new PGlite data folder (initdb) in a short-lived child process. initdb runs in a
 * WASM instance of its own whose memory (~450 MB here) the process that ran it keeps, even
 * from a finished worker thread; a child process hands all of it back when it exits. Resolves
 * false when the folder could not be made there (the caller's PGlite then runs initdb itself).
 */
export async function initDataDirInChild(dataDir: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  const child = spawn(process.execPath, ['-e', INIT_SOURCE], {
    // Nothing of the server's environment (its keys) is needed there.
    env: { NODE_ENV: process.env.NODE_ENV, PGLITE_INIT_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const outcome = await new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code) => resolve(code === 0 ? 'ok' : stderr.trim() || `exit code ${code}`));
  });
  if (outcome !== 'ok') console.warn(`[runs] could not create the database folder in a child process (${outcome}); creating it in-process.`);
  return outcome === 'ok';
}
