/** A fixed set of resources (context sequences) handed out first come, first served. */
import { abortError } from '../../abort';

export type Lease<T> = { item: T; release(): void };

export type Pool<T> = {
  acquire(signal?: AbortSignal): Promise<Lease<T>>;
  /** Callers waiting for a free item. */
  readonly waiting: number;
  readonly free: number;
};

export function createPool<T>(items: T[]): Pool<T> {
  const free = [...items];
  const queue: { grant(item: T): void }[] = [];

  const lease = (item: T): Lease<T> => {
    let released = false;
    return {
      item,
      release() {
        if (released) return;
        released = true;
        const next = queue.shift();
        if (next) next.grant(item);
        else free.push(item);
      },
    };
  };

  return {
    get waiting() {
      return queue.length;
    },
    get free() {
      return free.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(abortError(signal));
      const item = free.shift();
      if (item !== undefined) return Promise.resolve(lease(item));
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(abortError(signal!));
        };
        const waiter = {
          grant(granted: T) {
            signal?.removeEventListener('abort', onAbort);
            resolve(lease(granted));
          },
        };
        queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
