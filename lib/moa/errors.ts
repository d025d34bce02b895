import { isAbortError } from '../abort';
import { redactSecrets } from '../secrets';

export type ErrorLike = {
  name?: string;
  message?: string;
  statusCode?: number;
  isRetryable?: boolean;
  responseHeaders?: Record<string, string>;
  lastError?: unknown;
  cause?: unknown;
  code?: string;
};

export const asErrorLike = (error: unknown): ErrorLike | null => (error && typeof error === 'object' ? (error as ErrorLike) : null);

/** RetryError wraps the last attempt's error; that is the informative one. */
export function unwrap(error: unknown): unknown {
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
export function isConnectionError(e: ErrorLike): boolean {
  if (e.name === 'AI_APICallError') return e.isRetryable === true && (e.statusCode === undefined || e.statusCode === 200);
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  return e.name === 'TypeError' && /fetch failed|terminated|socket/i.test(e.message ?? '');
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Durations in a run's messages: "0.5 s", "30 s". */
export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
