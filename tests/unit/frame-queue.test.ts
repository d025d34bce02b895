import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

describe('frame queue', () => {
  let frames: FrameRequestCallback[] = [];
  const runFrame = () => {
    const due = frames;
    frames = [];
    for (const callback of due) callback(0);
  };
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('runs what is queued one per frame, in order, skipping what was cancelled', async () => {
    const { whenFrameFree } = await import('../../lib/browser/frame-queue');
    const ran: string[] = [];
    whenFrameFree(() => ran.push('a'));
    const cancelB = whenFrameFree(() => ran.push('b'));
    whenFrameFree(() => ran.push('c'));
    cancelB();
    expect(ran).toEqual([]);
    runFrame();
    expect(ran).toEqual(['a']);
    runFrame(); // b was cancelled: c takes this frame
    expect(ran).toEqual(['a', 'c']);
    runFrame();
    expect(frames).toHaveLength(0);
  });
});
