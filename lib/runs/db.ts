import 'server-only';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { max } from 'drizzle-orm';
import { bigint, pgSchema, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataFolder } from './folder-lock';
import { initDataDirInChild } from './pglite-init';
import { openPGliteInWorker, type WorkerPGlite } from './pglite-worker/client';
import type { WorkerData } from './pglite-worker/protocol';
import * as schema from './schema';

/** One Drizzle type for both drivers: the app only uses what PGlite and Postgres share. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Statement = { sql: string; params: unknown[] };
/** Runs statements in one transaction, in one step (PGlite in its worker: one message). */
export type Batch = (statements: Statement[]) => Promise<void>;
/**
 * `batch` is there when the database runs a transaction in one step (PGlite in its worker).
 * `pglite` is the PGlite client itself, for the job queue (lib/jobs/), which speaks to it directly.
 */
export type DatabaseHandle =
  | { db: Database; kind: 'pglite'; close(): Promise<void>; batch?: Batch; pglite: WorkerPGlite | PGlite }
  | {
      db: Database;
      kind: 'postgres';
      close(): Promise<void>;
      batch?: undefined;
      url: string;
      /** LISTEN on `channel` (a connection of its own, re-established if lost); resolves to its unlisten. */
      listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
    };

/**
 * `url` selects a real Postgres; otherwise PGlite in `dataDir` (`memory://` keeps it in memory),
 * in the worker `pgliteWorker` starts: by default the bundled lib/runs/pglite-worker/worker.ts.
 */
export type DatabaseOptions = { url?: string; dataDir?: string; pgliteWorker?: (data: WorkerData) => Worker };

const bundledWorker = (workerData: WorkerData) => new Worker(new URL('./pglite-worker/worker.ts', import.meta.url), { workerData });

export const DEFAULT_DATA_DIR = path.join('data', 'pglite');
// PGlite's default 160 MB of shared buffers would all end up in the server's memory; the run
// tables of one team are far smaller, and Postgres still caches through the file system.
const PGLITE_CONF = 'shared_buffers=16MB';
const migrationsFolder = () => path.join(process.cwd(), 'drizzle');
/** The advisory lock id the migrations run under on PostgreSQL. */
const MIGRATION_LOCK = 72_600_417;

/** Opens the database and applies every pending migration. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
      import('postgres'),
      import('drizzle-orm/postgres-js'),
      import('drizzle-orm/postgres-js/migrator'),
    ]);
    const client = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    try {
      // Instances starting together take turns: the second finds the migrations applied.
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migrate(db, { migrationsFolder: migrationsFolder() });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        lock.release();
      }
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    }
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      close: () => client.end({ timeout: 5 }),
      url: options.url,
      listen: async (channel, onPayload) => (await client.listen(channel, onPayload)).unlisten,
    };
  }

  const dataDir = options.dataDir || DEFAULT_DATA_DIR;
  const inMemory = dataDir.startsWith('memory://');
  const folder = inMemory ? dataDir : path.resolve(/*turbopackIgnore: true*/ dataDir);
  let unlock = () => {};
  if (!inMemory) {
    mkdirSync(folder, { recursive: true });
    unlock = lockDataFolder(folder);
    await initDataDirInChild(folder);
  }
  const [{ drizzle }, { migrate }] = await Promise.all([import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator')]);
  let client: WorkerPGlite | PGlite;
  try {
    client = await openPGlite(folder, options.pgliteWorker ?? bundledWorker);
  } catch (error) {
    unlock();
    throw error;
  }
  const db = drizzle(client as unknown as PGlite, { schema });
  const close = () => client.close().finally(unlock);
  try {
    await migrate(db, { migrationsFolder: migrationsFolder() });
  } catch (error) {
    await close();
    throw error;
  }
  const batch = 'batch' in client ? client.batch : undefined;
  return { db: db as unknown as Database, kind: 'pglite', close, batch, pglite: client };
}

/** PGlite in a worker thread (lib/runs/pglite-worker/); in-process if no worker can start. */
async function openPGlite(folder: string, spawn: (data: WorkerData) => Worker): Promise<WorkerPGlite | PGlite> {
  const options = { postgresqlconf: PGLITE_CONF };
  try {
    return await openPGliteInWorker(() => spawn({ dataDir: folder, options }));
  } catch (error) {
    console.warn('[runs] PGlite could not start in a worker thread; running it in-process:', error instanceof Error ? error.message : error);
    const { PGlite } = await import('@electric-sql/pglite');
    return PGlite.create(folder, options);
  }
}

/** Drizzle's own record of applied migrations (what its migrator compares the journal with). */
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', { createdAt: bigint('created_at', { mode: 'number' }) });

/** How many of the migrations in drizzle/ the database has not applied (readiness: a server on an old schema must not serve). */
export async function pendingMigrations(db: Database): Promise<number> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const [row] = await db.select({ last: max(appliedMigrations.createdAt) }).from(appliedMigrations);
  const last = Number(row?.last ?? 0);
  return journal.entries.filter((entry) => entry.when > last).length;
}
