/**
 * A flush clock shared by every run in the process: callbacks scheduled during one period all
 * run together when it ends. Runs streaming at once then flush in the same tick, so the store's
 * group commit writes them in one transaction rather than one per run at scattered moments.
 */
export function createFlushClock(periodMs: number) {
  let due = new Set<() => void>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const tick = () => {
    timer = null;
    const now = due;
    due = new Set();
    for (const flush of now) flush();
  };

  return {
    /** Runs `flush` at the end of the current period (once, however often it is scheduled). */
    schedule(flush: () => void) {
      due.add(flush);
      timer ??= setTimeout(tick, periodMs);
    },
    cancel(flush: () => void) {
      due.delete(flush);
    },
  };
}
