/**
 * The retry policy of a failed model call: which failures are retried, after how long, and
 * when to give up. Plain functions of the error and the attempt; the engine does the waiting.
 */
import { isAbortError } from '../abort';
import { asErrorLike, describeError, isConnectionError, seconds, unwrap } from './errors';

export type RetryPolicy = {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  /** The longest wait before a retry, even when the provider asks for more. */
  maxDelayMs: number;
  /** For backoff jitter; tests pin it. */
  random?: () => number;
};

/** After a failed attempt: retry in `delayMs` (because of `reason`), or give up, failing with `message`. */
export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; message: string };

/**
 * What to do after attempt `attempt` (1 for the first) failed with `error`. Never retries once
 * text has streamed (it cannot be taken back: a retry would duplicate it), nor when the wait
 * is over the policy's cap or would not end within `remainingMs` of the call's time.
 */
export function afterFailedAttempt(options: { error: unknown; attempt: number; streamed: boolean; remainingMs: number; policy: RetryPolicy }): RetryDecision {
  const { error, attempt, streamed, remainingMs, policy } = options;
  const reason = retryReason(error);
  if (!reason || streamed || attempt > policy.maxRetries) {
    const tried = reason && !streamed && attempt > 1 ? ` (after ${attempt} attempts)` : '';
    return { retry: false, message: `${describeError(error)}${tried}` };
  }
  const { delayMs, fromProvider } = retryDelayMs({ error, retry: attempt, baseDelayMs: policy.baseDelayMs, random: policy.random });
  if (delayMs > policy.maxDelayMs || delayMs >= remainingMs) {
    const asked = fromProvider ? `the provider asked to retry after ${seconds(delayMs)}` : `the next retry would be in ${seconds(delayMs)}`;
    const limit = delayMs > policy.maxDelayMs ? `the most this run waits is ${seconds(policy.maxDelayMs)}` : 'that is past the call timeout';
    return { retry: false, message: `${describeError(error)} Not retried: ${asked}; ${limit}.` };
  }
  return { retry: true, delayMs, reason };
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
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
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
