import type { Statement } from '../db';

export type RowMode = 'array' | 'object';
/** What Drizzle's PGlite driver reads of a result. */
export type Results<T = unknown> = { rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number };

/** What the worker is started with (`workerData`). */
export type WorkerData = { dataDir: string; options: { postgresqlconf?: string } };

/**
 * Main thread → worker, each answered by one reply with its id. `begin` opens a transaction
 * (its id is the reply) that later `query`s name as `tx` until its `end`.
 */
export type Request =
  | { op: 'query'; tx?: number; sql: string; params: unknown[]; rowMode?: RowMode }
  | { op: 'batch'; statements: Statement[] }
  /** Several statements without parameters (the simple protocol), e.g. the job queue's DDL. */
  | { op: 'exec'; sql: string }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };
export type ToWorker = Request & { id: number };

/** The result each request's reply carries. */
export type ResultOf<R extends Request> = R extends { op: 'query' } ? Results : R extends { op: 'exec' } ? Results[] : R extends { op: 'begin' } ? number : true;

/** A Postgres error as plain data: its message and the fields callers test (`code` above all). */
export type ErrorData = { message: string; detail: Record<string, unknown> };

/** Worker → main thread: `ready` once PGlite is open, or a reply (id 0: why it could not open). */
export type FromWorker = { ready: true } | { id: number; result: unknown } | { id: number; error: ErrorData };

const ERROR_FIELDS = ['code', 'detail', 'hint', 'severity', 'constraint', 'table', 'column', 'schema'];

export function errorToData(error: unknown): ErrorData {
  const fields = (error && typeof error === 'object' ? error : {}) as Record<string, unknown>;
  const detail: Record<string, unknown> = {};
  for (const key of ERROR_FIELDS) if (fields[key] !== undefined) detail[key] = fields[key];
  return { message: String((error instanceof Error && error.message) || error), detail };
}

export const dataToError = ({ message, detail }: ErrorData) => Object.assign(new Error(message), detail);
