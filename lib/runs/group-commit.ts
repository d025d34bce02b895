/**
 * Group commit across runs: appends submitted while a transaction is in flight wait and go
 * together into the next one. With dozens of runs streaming at once, the database then sees a
 * few large transactions a second instead of one small transaction per run per flush — which
 * an embedded, single-connection PGlite cannot keep up with.
 */
export function createGroupCommit<T>(commit: (items: T[]) => Promise<void>) {
  let queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  const drain = async () => {
    if (writing || !queue.length) return;
    writing = true;
    const taken = queue;
    queue = [];
    try {
      await commit(taken.map((t) => t.item));
      for (const t of taken) t.resolve();
    } catch (error) {
      if (taken.length === 1) taken[0].reject(error);
      // One bad item must not fail the others: commit each on its own.
      else for (const t of taken) await commit([t.item]).then(t.resolve, t.reject);
    } finally {
      writing = false;
      void drain();
    }
  };

  return {
    /** Resolves once `item` is committed (rejects if its own commit fails). */
    submit(item: T): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Let everything submitted in this tick join the same transaction.
        if (queue.length === 1) setImmediate(() => void drain());
      });
    },
  };
}
