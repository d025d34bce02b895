// Following a stored run: the end is never missed, whatever commits between two reads, and a
// run recorded in this process is followed on its announcements alone, without polling.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '@/lib/moa/events';
import { followRun } from '@/lib/runs/follow';
import { announce, recordingEnded, recordingStarted } from '@/lib/runs/live';
import type { StoredRunStatus } from '@/lib/runs/schema';
import type { RunStore, StoredEvent } from '@/lib/runs/store';

const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
const delta = (t: number): RunEvent => ({ type: 'agent-delta', t, layer: 0, agent: 0, text: `d${t}` });
const finished: RunEvent = { type: 'run-finished', t: 99, finalText: 'done', usage };

/** A store whose reads can be interleaved with commits at will. */
function fakeStore() {
  const events: StoredEvent[] = [];
  let status: StoredRunStatus = 'running';
  const reads = { events: 0, status: 0 };
  const hooks: { beforeStatus?: () => void } = {};
  const commit = (batch: RunEvent[], end?: StoredRunStatus) => {
    for (const event of batch) events.push({ seq: events.length, event });
    if (end) status = end;
  };
  const store = {
    async eventsAfter(_id: string, after = -1, limit = 5000) {
      reads.events++;
      return events.filter((e) => e.seq > after).slice(0, limit);
    },
    async getStatus() {
      reads.status++;
      hooks.beforeStatus?.();
      return status;
    },
  } as unknown as RunStore;
  return { store, commit, reads, hooks };
}

async function collect(events: AsyncIterable<RunEvent>) {
  const out: RunEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

afterEach(() => vi.useRealTimers());

describe('followRun', () => {
  it('gets the last events when they commit between reading the tail and reading the status', async () => {
    const { store, commit, hooks } = fakeStore();
    commit([delta(1)]);
    // The final batch and the status commit together, just after the (empty) tail was read.
    hooks.beforeStatus = () => {
      hooks.beforeStatus = undefined;
      commit([delta(2), finished], 'finished');
    };
    const seen = await collect(followRun(store, 'run', 0));
    expect(seen).toEqual([delta(2), finished]);
  });

  it('ends on a run that ended without a terminal event in its log (e.g. deleted mid-follow)', async () => {
    const { store, commit } = fakeStore();
    commit([delta(1)], 'failed');
    expect(await collect(followRun(store, 'run'))).toEqual([delta(1)]);
  });

  it('follows a run recorded here on its announcements alone: no polling while it is quiet', async () => {
    vi.useFakeTimers();
    const { store, commit, reads } = fakeStore();
    recordingStarted('here');
    const follower = followRun(store, 'here')[Symbol.asyncIterator]();
    const next = follower.next();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(reads.events).toBe(1);
    commit([delta(1)]);
    announce('here');
    expect((await next).value).toEqual(delta(1));
    const last = follower.next();
    commit([finished], 'finished');
    recordingEnded('here');
    expect((await last).value).toEqual(finished);
    expect((await follower.next()).done).toBe(true);
  });

  it('polls a run recorded by another process, which announces nothing here', async () => {
    vi.useFakeTimers();
    const { store, commit, reads } = fakeStore();
    const follower = followRun(store, 'elsewhere')[Symbol.asyncIterator]();
    const next = follower.next();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(reads.events).toBeGreaterThanOrEqual(4);
    commit([finished], 'finished');
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await next).value).toEqual(finished);
  });
});
