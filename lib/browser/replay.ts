import type { RunEvent } from '../moa/events';

export type ReplayClock = { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };

const realClock: ReplayClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Events closer together than this go out as one batch: one render, not one per event. */
const TICK_MS = 16;

export type Replay = {
  /** Run-relative ms reached so far. */
  position(): number;
  setSpeed(speed: number): void;
  stop(): void;
};

/**
 * Plays recorded events again at their recorded timing (`t`), `speed` times faster, handing
 * them over in batches; calls `onDone` after the last one. Nothing is dropped or reordered.
 */
export function startReplay(
  events: RunEvent[],
  options: { speed: number; onEvents(batch: RunEvent[]): void; onDone?(): void; clock?: ReplayClock },
): Replay {
  const clock = options.clock ?? realClock;
  let speed = options.speed;
  // Anchor: run time `origin` was reached at wall time `anchor`.
  let anchor = clock.now();
  let origin = 0;
  let next = 0;
  let timer: unknown = null;
  let stopped = false;

  const position = () => origin + (clock.now() - anchor) * speed;

  const tick = () => {
    timer = null;
    if (stopped) return;
    const now = position();
    const batch: RunEvent[] = [];
    while (next < events.length && events[next].t <= now) batch.push(events[next++]);
    if (batch.length) options.onEvents(batch);
    if (next >= events.length) {
      stopped = true;
      options.onDone?.();
      return;
    }
    const wait = (events[next].t - now) / speed;
    timer = clock.setTimeout(tick, Math.max(TICK_MS, wait));
  };

  timer = clock.setTimeout(tick, 0);
  return {
    position: () => Math.min(position(), events.at(-1)?.t ?? 0),
    setSpeed(value) {
      if (stopped || value === speed) return;
      origin = position();
      anchor = clock.now();
      speed = value;
      if (timer !== null) clock.clearTimeout(timer);
      timer = clock.setTimeout(tick, 0);
    },
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
