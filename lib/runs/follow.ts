import 'server-only';
import type { RunEvent } from '../moa/events';
import { isRecordingHere, nextNews } from './live';
import type { RunStore } from './store';

const TERMINAL = new Set<RunEvent['type']>(['run-finished', 'run-failed', 'run-cancelled', 'run-interrupted']);
/**
 * Poll for runs recorded by another process: on PostgreSQL their commits are announced here too
 * (LISTEN/NOTIFY, lib/runs/live.ts), so this is only the fallback for a lost notification.
 */
const POLL_MS = 1000;
const PAGE = 5000;

/**
 * A stored run's events after `afterSeq`, then, while it is still running, each new batch as
 * it is committed; ends with the run's last event or when `signal` aborts.
 */
export async function* followRun(store: RunStore, runId: string, afterSeq = -1, signal?: AbortSignal): AsyncGenerator<RunEvent> {
  let after = afterSeq;
  let ended = false;
  while (!signal?.aborted) {
    // Subscribe before reading, so a batch committed in between still wakes us.
    const news = nextNews(runId, isRecordingHere(runId) ? null : POLL_MS, signal);
    try {
      const batch = await store.eventsAfter(runId, after, PAGE);
      for (const { seq, event } of batch) {
        after = seq;
        yield event;
        if (TERMINAL.has(event.type)) return;
      }
      if (batch.length === PAGE) continue;
      if (ended) return;
      if (!batch.length && (await store.getStatus(runId)) !== 'running') {
        // The run's status commits with its last events: they may have landed between the
        // two reads above, so read the tail once more before ending.
        ended = true;
        continue;
      }
      await news.promise;
    } finally {
      news.cancel();
    }
  }
}
