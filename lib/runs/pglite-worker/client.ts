import 'server-only';
import type { Worker } from 'node:worker_threads';
import type { Statement } from '../db';
import { dataToError, type ErrorData, type FromWorker, type Request, type ResultOf, type Results, type RowMode } from './protocol';

/**
 * PGlite is Postgres compiled to WASM: every query runs synchronously on the thread that owns
 * it, 2–8 ms a transaction here. On the server's main thread that time comes straight out of
 * the streams. So PGlite lives in a worker thread (./worker.ts), and the main thread keeps this
 * small client with the two methods Drizzle's PGlite driver calls (`query`, `transaction`),
 * plus `batch`: a whole transaction in one message. Queries, parameters and rows cross as
 * structured clones.
 */
export type WorkerPGlite = {
  query<T = unknown>(sql: string, params?: unknown[], options?: { rowMode?: RowMode }): Promise<Results<T>>;
  transaction<T>(callback: (tx: { query: WorkerPGlite['query'] }) => Promise<T>): Promise<T>;
  /** Runs the statements in one transaction, in a single round trip to the worker. */
  batch(statements: Statement[]): Promise<void>;
  /** Several statements without parameters, one result each (what the job queue's PGlite adapter calls). */
  exec(sql: string): Promise<Results[]>;
  close(): Promise<void>;
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** Opens PGlite in the worker `spawn` starts (its workerData names the folder); rejects if it cannot. */
export async function openPGliteInWorker(spawn: () => Worker): Promise<WorkerPGlite> {
  const worker = spawn();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let stopped: Error | null = null;

  // Keep the process alive only while a query is in flight.
  worker.unref();
  const call = <R extends Request>(request: R): Promise<ResultOf<R>> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    if (!pending.size) worker.ref();
    return new Promise<ResultOf<R>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  };
  const settle = (id: number, outcome: { result?: unknown; error?: ErrorData }) => {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (!pending.size) worker.unref();
    if (outcome.error) waiting.reject(dataToError(outcome.error));
    else waiting.resolve(outcome.result);
  };
  const stop = (error: Error) => {
    stopped ??= error;
    for (const id of [...pending.keys()]) settle(id, { error: { message: stopped.message, detail: {} } });
  };

  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) resolve();
      else if (message.id === 0) reject(new Error('error' in message ? message.error.message : 'PGlite did not open.'));
      else settle(message.id, message);
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
    <T>(sql: string, params: unknown[] = [], options: { rowMode?: RowMode } = {}) =>
      call({ op: 'query', tx, sql, params, rowMode: options.rowMode }) as Promise<Results<T>>;

  return {
    query: query(undefined),
    async transaction(callback) {
      const tx = await call({ op: 'begin' });
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
    exec: (sql) => call({ op: 'exec', sql }),
    async close() {
      await call({ op: 'close' }).catch(() => {});
      stop(new Error('The run database is closed.'));
      await worker.terminate();
    },
  };
}
