import { EventEmitter } from 'node:events';

/**
 * In-process news of stored runs: the recorder announces each committed batch, and the end of
 * its recording; followers of a live run wake up and read it from the store. A run recorded in
 * this process always announces, so its followers never poll. On PostgreSQL every commit also
 * NOTIFYs RUN_NEWS_CHANNEL with its run ids, and each instance LISTENs and announces them here
 * (lib/runs/instance.ts), so followers of a run recorded by another instance wake at once too;
 * they still poll, slowly, in case a notification was lost with a connection.
 */
const globalForLive = globalThis as unknown as { moaRunNews?: EventEmitter; moaRecordingHere?: Set<string> };
const news = (globalForLive.moaRunNews ??= new EventEmitter().setMaxListeners(0));
const recordingHere = (globalForLive.moaRecordingHere ??= new Set<string>());

export const announce = (runId: string) => void news.emit(runId);

/** The PostgreSQL channel commits of run events are announced on, as comma-separated run ids. */
export const RUN_NEWS_CHANNEL = 'moa_run_news';

/** The recorder of this process starts writing the run. */
export const recordingStarted = (runId: string) => void recordingHere.add(runId);

/** …and has written its last event (or given up): followers wake to read the end. */
export function recordingEnded(runId: string) {
  recordingHere.delete(runId);
  announce(runId);
}

export const isRecordingHere = (runId: string) => recordingHere.has(runId);

/**
 * Resolves at the next announcement for the run, after `timeoutMs` (never, when null), or on
 * abort. Subscribes at once.
 */
export function nextNews(runId: string, timeoutMs: number | null, signal?: AbortSignal): { promise: Promise<void>; cancel(): void } {
  let done: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = timeoutMs === null ? undefined : setTimeout(() => done(), timeoutMs);
    done = () => {
      clearTimeout(timer);
      news.off(runId, done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    news.on(runId, done);
    signal?.addEventListener('abort', done, { once: true });
  });
  return { promise, cancel: () => done() };
}
