/**
 * An unbounded async queue: concurrent producers push, one consumer iterates in push order.
 * The engine's agents run concurrently but must yield their events as one ordered sequence.
 * `onStop` runs when the consumer stops iterating before the channel was closed.
 */
export type Channel<T> = AsyncIterable<T> & { push(value: T): void; close(): void };

export function createChannel<T>(onStop?: () => void): Channel<T> {
  const buffer: T[] = [];
  let closed = false;
  let wake: (() => void) | null = null;

  const notify = () => {
    wake?.();
    wake = null;
  };

  return {
    push(value) {
      if (closed) return;
      buffer.push(value);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      let read = 0;
      try {
        while (true) {
          if (read < buffer.length) {
            yield buffer[read++];
            // Drop consumed items now and then so a long run does not keep every event alive.
            if (read > 1024) buffer.splice(0, read), (read = 0);
            continue;
          }
          if (closed) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      } finally {
        if (!closed) onStop?.();
      }
    },
  };
}
