/**
 * Collects items and hands them over in one batch per animation frame, however fast they
 * arrive. A timer backs the frame up: hidden tabs (and headless browsers) may defer frames
 * for long stretches, and the state must still move on.
 */
export function createFrameBatcher<T>(apply: (batch: T[]) => void, maxWaitMs = 50) {
  let queued: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const hasFrames = typeof requestAnimationFrame === 'function';

  const cancel = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    frame = timer = null;
  };

  const flush = () => {
    cancel();
    if (!queued.length) return;
    const batch = queued;
    queued = [];
    apply(batch);
  };

  return {
    push(item: T) {
      queued.push(item);
      if (timer !== null) return;
      timer = setTimeout(flush, maxWaitMs);
      if (hasFrames) frame = requestAnimationFrame(flush);
    },
    flush,
    clear() {
      cancel();
      queued = [];
    },
  };
}
