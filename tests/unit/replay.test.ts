import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@/lib/moa/events';
import { startReplay, type ReplayClock } from '@/lib/browser/replay';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const clock: ReplayClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
    }
    now = end;
  };
  return { clock, advance };
}

const delta = (t: number, text: string): RunEvent => ({ type: 'agent-delta', t, layer: 0, agent: 0, text });
const events: RunEvent[] = [
  { type: 'agent-started', t: 0, layer: 0, agent: 0, model: 'm' },
  delta(100, 'a'),
  delta(100, 'b'),
  delta(400, 'c'),
  delta(1000, 'd'),
];

function play(speed: number) {
  const { clock, advance } = manualClock();
  const got: { at: number; texts: string[] }[] = [];
  let done = false;
  const replay = startReplay(events, {
    speed,
    clock,
    onEvents: (batch) => got.push({ at: clock.now(), texts: batch.map((e) => (e.type === 'agent-delta' ? e.text : e.type)) }),
    onDone: () => (done = true),
  });
  return { got, advance, replay, isDone: () => done };
}

describe('replay', () => {
  it('hands events over at their recorded times, in order, batching those due together', () => {
    const { got, advance, isDone } = play(1);
    advance(50);
    expect(got.flatMap((g) => g.texts)).toEqual(['agent-started']);
    advance(60);
    expect(got.at(-1)).toMatchObject({ texts: ['a', 'b'] });
    expect(got.at(-1)!.at).toBeGreaterThanOrEqual(100);
    advance(300);
    expect(got.flatMap((g) => g.texts)).toEqual(['agent-started', 'a', 'b', 'c']);
    expect(isDone()).toBe(false);
    advance(700);
    expect(got.flatMap((g) => g.texts)).toEqual(['agent-started', 'a', 'b', 'c', 'd']);
    expect(isDone()).toBe(true);
  });

  it('plays 10× faster at 10× speed, and can change speed midway', () => {
    const fast = play(10);
    fast.advance(100);
    expect(fast.isDone()).toBe(true);

    const { got, advance, replay, isDone } = play(1);
    advance(450); // run time 450: a, b, c are out
    expect(got.flatMap((g) => g.texts)).toHaveLength(4);
    replay.setSpeed(2);
    advance(250); // + 500 run ms at 2× = 950: not yet d
    expect(isDone()).toBe(false);
    advance(40);
    expect(isDone()).toBe(true);
  });

  it('stops when told', () => {
    const { got, advance, replay, isDone } = play(1);
    advance(150);
    replay.stop();
    advance(5000);
    expect(got.flatMap((g) => g.texts)).toEqual(['agent-started', 'a', 'b']);
    expect(isDone()).toBe(false);
  });
});
