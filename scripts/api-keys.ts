/**
 * `npm run api-keys -- create NAME | list | revoke ID`: API keys of `/api/v1` for servers with no
 * browser at hand. Uses the server's own storage (DATABASE_URL, else the PGlite folder DATA_DIR).
 */
import nextEnv from '@next/env';

const HELP = `Usage: npm run api-keys -- <command>

  create NAME   make a key; it is printed once and only its hash is stored
  list          every key: id, name, prefix, created, last used, revoked
  revoke ID     revoke a key (by the id that list prints); requests with it fail from now on

Uses the server's storage: the PostgreSQL of DATABASE_URL, else the PGlite folder of DATA_DIR
(default data/pglite), as in .env.local. A PGlite folder is one process's: stop the server
first (the command says so if it is running). Keys made here belong to no browser: their runs
are reached by the run id each response carries; keys made on the app's API page are that
browser's (its History lists their runs, and they can call its saved configurations).`;

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(command)) {
    console.error(`Unknown command "${command}".\n\n${HELP}`);
    return 2;
  }
  const [{ env }, { openDatabase }, { createApiKeyStore, keyNameProblem }, { newRunId }, { spawnTsWorker }] = await Promise.all([
    import('../lib/env'),
    import('../lib/runs/db'),
    import('../lib/api/keys'),
    import('../lib/runs/ids'),
    import('./ts-worker'),
  ]);
  if (command === 'create') {
    const problem = keyNameProblem(rest.join(' '));
    if (problem) {
      console.error(problem);
      return 2;
    }
  }
  if (command === 'revoke' && rest.length !== 1) {
    console.error('revoke takes one key id (see list).');
    return 2;
  }
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    pgliteWorker: (workerData) => spawnTsWorker(new URL('../lib/runs/pglite-worker/worker.ts', import.meta.url), { workerData }),
  });
  try {
    const keys = createApiKeyStore(handle.db);
    if (command === 'create') {
      // A command-line owner of its own: no browser's History or saved configs.
      const made = await keys.create(`cli:${newRunId()}`, rest.join(' '));
      if (!made) throw new Error('Too many keys.');
      console.log(`Key "${made.info.name}" (id ${made.info.id}), shown this once; keep it secret:\n\n  ${made.key}\n\nUse it as the bearer token of the API: base URL http(s)://<host>/api/v1`);
      return 0;
    }
    if (command === 'list') {
      const all = await keys.listAll();
      if (!all.length) console.log('No keys yet: npm run api-keys -- create NAME');
      for (const k of all) {
        const made = k.ownerHash.startsWith('cli:') ? 'command line' : 'a browser';
        console.log(`${k.id}  ${k.prefix}…  ${k.name}  (made on ${made}, ${k.createdAt.toISOString()}; last used ${k.lastUsedAt?.toISOString() ?? 'never'}${k.revokedAt ? `; REVOKED ${k.revokedAt.toISOString()}` : ''})`);
      }
      return 0;
    }
    const revoked = await keys.revoke(null, rest[0]);
    console.log(revoked ? `Revoked ${rest[0]}.` : `No live key with id ${rest[0]}.`);
    return revoked ? 0 : 1;
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
