/** A short, user-facing description of a failed model call. */
export function describeError(error: unknown): string {
  if (isAbortError(error)) return 'Cancelled.';
  if (error && typeof error === 'object') {
    const e = error as { name?: string; message?: string; statusCode?: number; lastError?: unknown };
    // RetryError wraps the last attempt's error; that is the informative one.
    if (e.name === 'AI_RetryError' && e.lastError) return describeError(e.lastError);
    const status = typeof e.statusCode === 'number' ? `HTTP ${e.statusCode}: ` : '';
    if (e.message) return truncate(`${status}${e.message}`, 500);
  }
  return truncate(String(error), 500);
}

export function isAbortError(error: unknown): boolean {
  return (
    !!error &&
    typeof error === 'object' &&
    ((error as { name?: string }).name === 'AbortError' || (error as { name?: string }).name === 'TimeoutError')
  );
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
