import { PGlite } from '@electric-sql/pglite';
const dir = process.argv[2];
const t0 = Date.now();
const db = new PGlite(dir);
await db.waitReady;
console.log('ready', Date.now() - t0);
await db.exec('create table if not exists x (i int, s text)');
const r = await db.query('select count(*)::int as n from x');
console.log('count', r.rows[0].n);
if (process.argv[3] === 'write') {
  let i = 0;
  for (;;) { await db.query('insert into x values ($1, $2)', [i, 'hello']); i++; if (i % 100 === 0) console.log('wrote', i); }
}
