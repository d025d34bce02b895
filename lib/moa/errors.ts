import { isAbortError } from '../abort';
import { redactSecrets } from '../secrets';

type ErrorLike = {
  name?: string;
  message?: string;
  statusCode?: number;
  isRetryable?: boolean;
  responseHeaders?: Record<string, string>;
  lastError?: unknown;
  cause?: unknown;
  code?: string;
};

const asErrorLike = (error: unknown): ErrorLike | null => (error && typeof error === 'object' ? (error as ErrorLike) : null);

/** RetryError wraps the last attempt's error; that is the informative one. */
function unwrap(error: unknown): unknown {
  const e = asErrorLike(error);
  return e?.name === 'AI_RetryError' && e.lastError ? unwrap(e.lastError) : error;
}

/**
 * A short, user-facing description of a failed model call. Anything that looks like a
 * credential is removed (providers echo keys in some 401 messages). This is the one place
 * secrets are scrubbed from run errors: foreign text (provider, SDK, network) enters the
 * run's events only through here, and clients, logs and storage all read those events.
 * Scrubbed before truncating, so a key cut in two cannot slip through.
 */
export function describeError(error: unknown): string {
  return truncate(redactSecrets(describeRaw(unwrap(error))), 500);
}

function describeRaw(error: unknown): string {
  if (isAbortError(error)) return 'Cancelled.';
  const e = asErrorLike(error);
  if (!e) return String(error);
  if (e.name === 'AI_JSONParseError' || e.name === 'AI_TypeValidationError') return 'The provider sent a malformed chunk, so the answer is incomplete.';
  if (isConnectionError(e)) {
    const cause = asErrorLike(e.cause)?.message;
    return e.statusCode === 200
      ? `The connection closed mid-response${cause ? ` (${cause})` : ''}.`
      : `Could not reach the provider${e.message ? `: ${e.message}` : ''}.`;
  }
  const status = typeof e.statusCode === 'number' ? `HTTP ${e.statusCode}: ` : '';
  return e.message ? `${status}${e.message}` : `${status}${String(error)}`;
}

const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** No HTTP answer, or the socket died while the body streamed (the SDK reports both as retryable API errors). */
function isConnectionError(e: ErrorLike): boolean {
  if (e.name === 'AI_APICallError') return e.isRetryable === true && (e.statusCode === undefined || e.statusCode === 200);
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return e.name === 'TypeError' && /fetch failed|terminated|socket/i.test(e.message ?? '');
}

/**
 * Why a failed attempt may be retried (429, 408, 5xx, a dropped connection), or null when
 * it may not (other 4xx, malformed output, aborts). Whether text already streamed is the
 * caller's concern: a retry then would duplicate it.
 */
export function retryReason(error: unknown): string | null {
  const e = asErrorLike(unwrap(error));
  if (!e || isAbortError(e)) return null;
  const status = e.statusCode;
  if (status === 429) return 'rate limited (HTTP 429)';
  if (status === 408 || (typeof status === 'number' && status >= 500)) return `server error (HTTP ${status})`;
  if (isConnectionError(e)) return 'connection error';
  return null;
}

/** The wait a provider asked for (`retry-after-ms`, `retry-after` in seconds or as a date), in ms. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = asErrorLike(unwrap(error))?.responseHeaders;
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), so concurrent agents
 * that failed together do not retry together. A provider's retry-after wins when given.
 */
export function retryDelayMs(options: { error: unknown; retry: number; baseDelayMs: number; random?: () => number }): { delayMs: number; fromProvider: boolean } {
  const asked = retryAfterMs(options.error);
  if (asked !== undefined) return { delayMs: Math.ceil(asked), fromProvider: true };
  const exponential = options.baseDelayMs * 2 ** (options.retry - 1);
  const random = options.random ?? Math.random;
  return { delayMs: Math.round(exponential / 2 + (random() * exponential) / 2), fromProvider: false };
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
