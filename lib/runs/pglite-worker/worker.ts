/**
 * PGlite's own thread: it opens the database and answers the client (./client.ts). A
 * transaction stays open across messages, from its `begin` to its `end`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { errorToData, type FromWorker, type Request, type ResultOf, type ToWorker, type WorkerData } from './protocol';

const port = parentPort!;
const { dataDir, options } = workerData as WorkerData;
// Drizzle reads these types (timestamps, intervals, dates and their arrays) as text.
const parsers = Object.fromEntries([1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182].map((type) => [type, (value: string) => value]));

type Open = { tx: Transaction; commit(): void; rollback(): void; endId?: number };
const transactions = new Map<number, Open>();
const ROLLBACK = Symbol('rollback');

const post = (message: FromWorker) => port.postMessage(message);
const fail = (id: number, error: unknown) => post({ id, error: errorToData(error) });

// A runtime import of the package in node_modules (serverExternalPackages): PGlite finds its
// WASM and data files beside its own code.
const ready: Promise<PGlite> = import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create(dataDir, options));
ready.then(
  () => post({ ready: true }),
  (error: unknown) => fail(0, error),
);

port.on('message', async ({ id, ...request }: ToWorker) => {
  try {
    const result = await answer(await ready, id, request);
    if (result !== undefined) post({ id, result });
  } catch (error) {
    fail(id, error);
  }
});

/** The request's result, or undefined when the reply is sent later (`begin`, `end`). */
async function answer(db: PGlite, id: number, request: Request): Promise<ResultOf<Request> | undefined> {
  switch (request.op) {
    case 'query': {
      const target = request.tx === undefined ? db : transactions.get(request.tx)!.tx;
      const { rows, fields, affectedRows } = await target.query(request.sql, request.params, { rowMode: request.rowMode, parsers });
      return { rows, fields, affectedRows };
    }
    case 'exec':
      return (await db.exec(request.sql)).map(({ rows, fields, affectedRows }) => ({ rows, fields, affectedRows }));
    case 'batch':
      await db.transaction(async (tx) => {
        for (const { sql, params } of request.statements) await tx.query(sql, params);
      });
      return true;
    case 'begin':
      begin(db, id);
      return undefined;
    case 'end': {
      const open = transactions.get(request.tx)!;
      open.endId = id;
      if (request.commit) open.commit();
      else open.rollback();
      return undefined;
    }
    case 'close':
      await db.close();
      return true;
  }
}

/** Replies with the transaction's id once it is open; its `end` gets the reply of how it ended. */
function begin(db: PGlite, id: number) {
  let open: Open | undefined;
  db.transaction(
    (tx) =>
      new Promise<void>((commit, rollback) => {
        open = { tx, commit, rollback: () => rollback(ROLLBACK) };
        transactions.set(id, open);
        post({ id, result: id });
      }),
  )
    .then(
      () => post({ id: open!.endId!, result: true }),
      // Not begun at all: the begin itself fails; else the end reports how the transaction ended.
      (error: unknown) => (!open ? fail(id, error) : error === ROLLBACK ? post({ id: open.endId!, result: true }) : fail(open.endId!, error)),
    )
    .finally(() => transactions.delete(id));
}
