import 'server-only';
import { Worker } from 'node:worker_threads';

/**
 * PGlite is Postgres compiled to WASM: every query runs synchronously on the thread that owns
 * it, 2–8 ms a transaction here. On the server's main thread that time comes straight out of
 * the streams. Here PGlite lives in a worker thread, and the main thread keeps a small client
 * with the two methods Drizzle's PGlite driver calls (`query`, `transaction`), plus `batch`: a
 * whole transaction in one message. Queries, parameters and rows cross as structured clones.
 */

// Plain CommonJS run by Node, not by the bundler: PGlite is loaded at run time from node_modules.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// Drizzle reads these types (timestamps, intervals, dates and their arrays) as text.
const parsers = Object.fromEntries([1114, 1184, 1186, 1082, 1231, 1115, 1185, 1187, 1182].map((type) => [type, (value) => value]));
const transactions = new Map();
const ROLLBACK = Symbol('rollback');
let db;
const reply = (id, result) => parentPort.postMessage({ id, result });
const fail = (id, error) => {
  const detail = {};
  for (const key of ['code', 'detail', 'hint', 'severity', 'constraint', 'table', 'column', 'schema']) if (error && error[key] !== undefined) detail[key] = error[key];
  parentPort.postMessage({ id, error: { message: String((error && error.message) || error), detail } });
};
const ready = import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create(workerData.dataDir, workerData.options)).then((opened) => (db = opened));
ready.then(() => parentPort.postMessage({ ready: true }), (error) => fail(0, error));
parentPort.on('message', async (message) => {
  const { id, op } = message;
  try {
    await ready;
    if (op === 'query') {
      const target = message.tx ? transactions.get(message.tx).tx : db;
      const { rows, fields, affectedRows } = await target.query(message.sql, message.params, { rowMode: message.rowMode, parsers });
      reply(id, { rows, fields, affectedRows });
    } else if (op === 'batch') {
      await db.transaction(async (tx) => {
        for (const { sql, params } of message.statements) await tx.query(sql, params);
      });
      reply(id, true);
    } else if (op === 'begin') {
      let open;
      db.transaction((tx) => new Promise((resolve, reject) => {
        open = { tx, resolve, reject };
        transactions.set(id, open);
        reply(id, id);
      })).then(
        () => reply(open.endId, true),
        // Not begun at all: the begin itself fails; else the end reports how the transaction ended.
        (error) => (!open ? fail(id, error) : error === ROLLBACK ? reply(open.endId, true) : fail(open.endId, error)),
      ).finally(() => transactions.delete(id));
    } else if (op === 'end') {
      const open = transactions.get(message.tx);
      open.endId = id;
      if (message.commit) open.resolve();
      else open.reject(ROLLBACK);
    } else if (op === 'close') {
      await db.close();
      reply(id, true);
    }
  } catch (error) {
    fail(id, error);
  }
});
`;

type QueryOptions = { rowMode?: 'array' | 'object' };
type Results<T = unknown> = { rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number };
type Pending = { resolve: (value: any) => void; reject: (error: Error) => void };

export type WorkerPGlite = {
  query<T = unknown>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(callback: (tx: { query: WorkerPGlite['query'] }) => Promise<T>): Promise<T>;
  /** Runs the statements in one transaction, in a single round trip to the worker. */
  batch(statements: { sql: string; params: unknown[] }[]): Promise<void>;
  close(): Promise<void>;
};

/** Opens PGlite (`dataDir` a folder or `memory://`) in a worker thread; rejects if it cannot. */
export async function openPGliteInWorker(dataDir: string, options: { postgresqlconf?: string }): Promise<WorkerPGlite> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dataDir, options } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: Error | null = null;

  // Keep the process alive only while a query is in flight.
  worker.unref();
  const call = <T>(message: Record<string, unknown>): Promise<T> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    if (!pending.size) worker.ref();
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };
  const settle = (id: number, outcome: { result?: unknown; error?: { message: string; detail: object } }) => {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (!pending.size) worker.unref();
    if (outcome.error) waiting.reject(Object.assign(new Error(outcome.error.message), outcome.error.detail));
    else waiting.resolve(outcome.result);
  };
  const stop = (error: Error) => {
    stopped ??= error;
    for (const id of [...pending.keys()]) settle(id, { error: { message: stopped.message, detail: {} } });
  };

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: { id?: number; ready?: boolean; result?: unknown; error?: { message: string; detail: object } }) => {
      if (message.ready) resolve();
      else if (message.id === 0) reject(new Error(message.error?.message ?? 'PGlite did not open.'));
      else settle(message.id!, message);
    });
    worker.once('error', (error) => {
      reject(error);
      stop(new Error(`The run database stopped: ${error.message}`));
    });
    worker.once('exit', (code) => {
      reject(new Error(`The run database worker exited (code ${code}).`));
      stop(new Error('The run database is closed.'));
    });
  }).catch(async (error) => {
    await worker.terminate();
    throw error;
  });

  const query =
    (tx: number | undefined) =>
    <T>(sql: string, params: unknown[] = [], options: QueryOptions = {}) =>
      call<Results<T>>({ op: 'query', tx, sql, params, rowMode: options.rowMode });

  return {
    query: query(undefined),
    async transaction(callback) {
      const tx = await call<number>({ op: 'begin' });
      let result;
      try {
        result = await callback({ query: query(tx) });
      } catch (error) {
        await call({ op: 'end', tx, commit: false });
        throw error;
      }
      await call({ op: 'end', tx, commit: true });
      return result;
    },
    async batch(statements) {
      await call({ op: 'batch', statements });
    },
    async close() {
      await call({ op: 'close' }).catch(() => {});
      stop(new Error('The run database is closed.'));
      await worker.terminate();
    },
  };
}
