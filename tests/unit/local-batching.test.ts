// How the embedded provider's sequences share llama.cpp's decode steps.
import type { BatchItem, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { takeTurns } from '@/lib/models/local/batching';

const item = (tokens: number): BatchItem => ({ tokens: Array.from({ length: tokens }, (_, i) => i as Token), logits: [], evaluationPriority: 5 });

describe('taking turns at decode steps', () => {
  it('gives the step to the item queued first, whole if it fits the batch', () => {
    const [a, b, c] = [item(1), item(1), item(1)];
    expect(takeTurns({ items: [a, b, c], size: 512 })).toEqual([{ item: a, processAmount: 1 }]);
    // The next step goes to the one now first in line: round-robin.
    expect(takeTurns({ items: [b, c, a], size: 512 })).toEqual([{ item: b, processAmount: 1 }]);
  });

  it('evaluates a long prompt in batch-sized parts', () => {
    const prompt = item(1300);
    expect(takeTurns({ items: [prompt, item(1)], size: 512 })).toEqual([{ item: prompt, processAmount: 512 }]);
  });
});
