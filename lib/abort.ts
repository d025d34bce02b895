/**
 * What an aborted operation rejects with: the signal's reason when it is an Error (as fetch
 * does), else an AbortError. The engine aborts with plain `Stop` objects, which become the latter.
 */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new DOMException('The operation was aborted.', 'AbortError');
}

/** An abort or a timeout, however it was raised (fetch, AbortSignal.timeout, the SDK). */
export function isAbortError(error: unknown): boolean {
  const name = error && typeof error === 'object' ? (error as { name?: unknown }).name : undefined;
  return name === 'AbortError' || name === 'TimeoutError';
}
