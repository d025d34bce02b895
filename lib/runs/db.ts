import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** One Drizzle type for both drivers: the app only uses what PGlite and Postgres share. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseHandle = { db: Database; kind: 'pglite' | 'postgres'; close(): Promise<void> };

/** `url` selects a real Postgres; otherwise PGlite in `dataDir` (`memory://` keeps it in memory). */
export type DatabaseOptions = { url?: string; dataDir?: string };

export const DEFAULT_DATA_DIR = path.join('data', 'pglite');
const migrationsFolder = () => path.join(process.cwd(), 'drizzle');

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
      await migrate(db, { migrationsFolder: migrationsFolder() });
    } catch (error) {
      await client.end({ timeout: 1 });
      throw error;
    }
    return { db: db as unknown as Database, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }

  const dataDir = options.dataDir || DEFAULT_DATA_DIR;
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  // The first open of a new folder runs initdb (a few seconds); later opens take ~0.3 s.
  const client = await PGlite.create(inMemory ? dataDir : path.resolve(/*turbopackIgnore: true*/ dataDir));
  const db = drizzle(client, { schema });
  try {
    await migrate(db, { migrationsFolder: migrationsFolder() });
  } catch (error) {
    await client.close();
    throw error;
  }
  return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}
