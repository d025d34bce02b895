import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '@/lib/runs/db';
import { spawnPGliteWorker } from './ts-worker';

/**
 * The databases storage suites run on: embedded PGlite always, and a real Postgres when
 * TEST_DATABASE_URL is set (a throwaway database: its tables are dropped and migrated anew).
 */
export const databaseTargets: { name: string; open: () => Promise<DatabaseHandle> }[] = [
  { name: 'PGlite', open: () => openDatabase({ dataDir: 'memory://', pgliteWorker: spawnPGliteWorker }) },
];
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) {
  databaseTargets.push({
    name: 'Postgres',
    open: async () => {
      await emptyPostgres(pgUrl);
      return openDatabase({ url: pgUrl });
    },
  });
}

/** Drops every table and schema the app makes: the next open migrates from nothing. */
export async function emptyPostgres(url: string) {
  const sql = postgres(url, { onnotice: () => {} });
  await sql.unsafe(
    'drop table if exists evaluation_units, evaluations, run_events, runs, saved_config_versions, saved_configs, instances, rate_buckets, run_slots, api_keys cascade; drop schema if exists drizzle cascade; drop schema if exists pgboss cascade;',
  );
  await sql.end();
}
