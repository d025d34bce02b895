import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFrameBatcher } from '@/lib/browser/frame-batcher';

afterEach(() => vi.useRealTimers());

describe('createFrameBatcher', () => {
  it('hands over everything pushed before the next frame as one ordered batch', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((batch) => batches.push(batch), 50);
    for (let i = 0; i < 100; i++) batcher.push(i);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([Array.from({ length: 100 }, (_, i) => i)]);
    batcher.push(100);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([Array.from({ length: 100 }, (_, i) => i), [100]]);
  });

  it('flushes at once on demand, and clear drops what is queued', () => {
    vi.useFakeTimers();
    const batches: string[][] = [];
    const batcher = createFrameBatcher<string>((batch) => batches.push(batch));
    batcher.push('a');
    batcher.flush();
    expect(batches).toEqual([['a']]);
    batcher.push('b');
    batcher.clear();
    vi.advanceTimersByTime(1000);
    expect(batches).toEqual([['a']]);
  });
});
