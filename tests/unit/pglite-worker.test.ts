import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteInWorker, type WorkerPGlite } from '@/lib/runs/pglite-worker/client';
import { spawnPGliteWorker } from './helpers/ts-worker';

// The run database's PGlite lives in a worker thread; this client must keep Postgres semantics.
describe('PGlite in a worker thread', () => {
  let db: WorkerPGlite;
  beforeAll(async () => {
    db = await openPGliteInWorker(() => spawnPGliteWorker({ dataDir: 'memory://', options: {} }));
    await db.query('create table items (id int primary key, name text not null, at timestamptz)');
    // Opening PGlite takes seconds on a busy 2-core machine (its worker compiles from source here).
  }, 60_000);
  afterAll(() => db?.close());

  it('returns rows as objects or arrays, and timestamps as Postgres text', async () => {
    await db.query('insert into items values ($1, $2, $3)', [1, 'one', '2026-01-02T03:04:05Z']);
    const objects = await db.query('select id, name from items where id = $1', [1]);
    expect(objects.rows).toEqual([{ id: 1, name: 'one' }]);
    const arrays = await db.query('select id, at from items', [], { rowMode: 'array' });
    expect(arrays.rows).toEqual([[1, '2026-01-02 03:04:05+00']]);
  });

  it('passes Postgres errors back with their code', async () => {
    await expect(db.query('insert into items values (1, $1)', ['again'])).rejects.toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
  });

  it('commits a transaction, and rolls one back when its callback throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('insert into items values (2, $1)', ['two']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into items values (3, $1)', ['three']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await db.query<{ id: number }>('select id from items order by id');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('runs a batch as one transaction: all of it, or none of it', async () => {
    await db.batch([
      { sql: 'insert into items values ($1, $2)', params: [10, 'ten'] },
      { sql: 'update items set name = $1 where id = $2', params: ['TEN', 10] },
    ]);
    const failing = db.batch([
      { sql: 'insert into items values ($1, $2)', params: [11, 'eleven'] },
      { sql: 'insert into items values ($1, $2)', params: [10, 'ten again'] },
    ]);
    await expect(failing).rejects.toMatchObject({ code: '23505' });
    const { rows } = await db.query('select id, name from items where id >= 10 order by id');
    expect(rows).toEqual([{ id: 10, name: 'TEN' }]);
  });

  it('keeps queries from outside a transaction out of it', async () => {
    let outside: Promise<{ rows: unknown[] }> | undefined;
    await db.transaction(async (tx) => {
      await tx.query('insert into items values (4, $1)', ['four']);
      outside = db.query('select name from items where id = 4');
      await tx.query('update items set name = $1 where id = 4', ['FOUR']);
    });
    // PGlite has one connection: the outside query ran after the commit, not inside.
    expect((await outside!).rows).toEqual([{ name: 'FOUR' }]);
  });

  it('refuses queries once closed, with a clear error', async () => {
    const other = await openPGliteInWorker(() => spawnPGliteWorker({ dataDir: 'memory://', options: {} }));
    await other.close();
    await expect(other.query('select 1')).rejects.toThrow('The run database is closed.');
  });
});
