import type { ModelCallPart, ModelCallRequest } from '../../moa/engine';

/** Main thread → worker. */
export type ToWorker = { type: 'call'; id: number; request: ModelCallRequest } | { type: 'abort'; id: number };

/**
 * Worker → main thread: `ready` once it has loaded; then, once per turn of its event loop, the
 * parts its calls produced, flattened as call id, part (`null` once that call's stream has
 * ended), call id, part, …
 */
export type PartsMessage = { parts: (number | ModelCallPart | null)[] };
export type FromWorker = PartsMessage | { ready: true };

/** What the engine reads of an error (lib/moa/errors.ts), as plain data a message can carry. */
export type ErrorData = {
  name?: string;
  message?: string;
  statusCode?: number;
  isRetryable?: boolean;
  responseHeaders?: Record<string, string>;
  code?: string;
  cause?: ErrorData;
  lastError?: ErrorData;
};

const MAX_DEPTH = 4;

/** Structured clone keeps an Error's message but not the fields the retry logic reads. */
export function errorToData(error: unknown, depth = 0): ErrorData | undefined {
  if (!error || typeof error !== 'object' || depth > MAX_DEPTH) return error === undefined ? undefined : { message: String(error) };
  const e = error as Record<string, unknown>;
  const data: ErrorData = {};
  if (typeof e.name === 'string') data.name = e.name;
  if (typeof e.message === 'string') data.message = e.message;
  if (typeof e.statusCode === 'number') data.statusCode = e.statusCode;
  if (typeof e.isRetryable === 'boolean') data.isRetryable = e.isRetryable;
  if (typeof e.code === 'string') data.code = e.code;
  if (e.responseHeaders && typeof e.responseHeaders === 'object') data.responseHeaders = { ...(e.responseHeaders as Record<string, string>) };
  if (e.cause !== undefined) data.cause = errorToData(e.cause, depth + 1);
  if (e.lastError !== undefined) data.lastError = errorToData(e.lastError, depth + 1);
  return data;
}

/** An Error again, with the same name and fields, so the engine treats it as it would in-process. */
export function dataToError(data: ErrorData | undefined): Error {
  const { name, message, cause, lastError, ...fields } = data ?? {};
  const error = Object.assign(new Error(message ?? 'The model call failed.'), fields);
  if (name) error.name = name;
  if (cause) Object.assign(error, { cause: dataToError(cause) });
  if (lastError) Object.assign(error, { lastError: dataToError(lastError) });
  return error;
}
