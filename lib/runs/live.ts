import { EventEmitter } from 'node:events';

/**
 * In-process news of stored runs: the recorder announces each committed batch, followers of a
 * live run wake up and read it from the store. Followers also poll, so a run recorded by
 * another process (several servers on one Postgres) is followed too, only less promptly.
 */
const globalForLive = globalThis as unknown as { moaRunNews?: EventEmitter };
const news = (globalForLive.moaRunNews ??= new EventEmitter().setMaxListeners(0));

export const announce = (runId: string) => void news.emit(runId);

/** Resolves at the next announcement for the run, after `timeoutMs`, or on abort. Subscribes at once. */
export function nextNews(runId: string, timeoutMs: number, signal?: AbortSignal): { promise: Promise<void>; cancel(): void } {
  let done: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    const timer = setTimeout(() => done(), timeoutMs);
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
