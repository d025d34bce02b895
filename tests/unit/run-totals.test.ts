import { describe, expect, it } from 'vitest';
import { moaConfigSchema } from '@/lib/moa/config';
import type { RunEvent, TokenUsage } from '@/lib/moa/events';
import type { Price } from '@/lib/models/types';
import { reduceEvents } from '@/lib/run-view';
import { runToMarkdown } from '@/lib/runs/export';
import { runTotalsOf, type RunTotals } from '@/lib/runs/totals';

const config = moaConfigSchema.parse({ layers: [{ agents: [{ model: 'p:a' }, { model: 'p:b' }] }, { agents: [{ model: 'p:a' }] }] });
const usage = (inputTokens: number, outputTokens: number): TokenUsage => ({ inputTokens, outputTokens, totalTokens: inputTokens + outputTokens });

/** A finished 2-1 run; `prices` as the run started with them. */
function run(prices: Record<string, Price | null>): RunEvent[] {
  const finished = (layer: number, agent: number, u: TokenUsage): RunEvent => ({ type: 'agent-finished', t: 10, layer, agent, text: 'x', usage: u, finishReason: 'stop', latencyMs: 9 });
  return [
    { type: 'run-started', t: 0, startedAt: '2026-01-01T00:00:00Z', config, prompt: 'q', prices },
    { type: 'agent-started', t: 1, layer: 0, agent: 0, model: 'p:a' },
    { type: 'agent-started', t: 1, layer: 0, agent: 1, model: 'p:b' },
    finished(0, 0, usage(1000, 500)),
    finished(0, 1, usage(2000, 100)),
    { type: 'layer-finished', t: 11, layer: 0, succeeded: 2, failed: 0 },
    { type: 'agent-started', t: 12, layer: 1, agent: 0, model: 'p:a' },
    finished(1, 0, usage(3000, 1000)),
    { type: 'run-finished', t: 20, finalText: 'x', usage: usage(6000, 1600) },
  ];
}

const row = (totals: RunTotals) => ({ id: 'r1', status: 'finished' as const, prompt: 'q', config, presetId: null, groupId: null, parentRunId: null, conversationId: null, turn: 1, totals, finalText: 'x', error: null, createdAt: new Date(0), finishedAt: new Date(20) });

const A: Price = { inputPerMTok: 1, outputPerMTok: 2 };
const B: Price = { inputPerMTok: 3, outputPerMTok: 6 };

describe('a stored run’s totals', () => {
  it('carry the run’s cost at the prices it started with, and the Markdown export prints it', () => {
    const events = run({ 'p:a': A, 'p:b': B });
    const totals = runTotalsOf(reduceEvents(events));
    // a: 4,000 in at $1/M + 1,500 out at $2/M; b: 2,000 in at $3/M + 100 out at $6/M.
    expect(totals.costUsd).toBeCloseTo(0.004 + 0.003 + 0.006 + 0.0006, 12);
    const md = runToMarkdown(row(totals), events);
    expect(md).toContain('**Cost:** $0.014');
  });

  it('carry no cost when a model’s price is unknown (never a false total)', () => {
    const events = run({ 'p:a': A, 'p:b': null });
    const totals = runTotalsOf(reduceEvents(events));
    expect(totals.costUsd).toBeUndefined();
    expect(totals.usage).toMatchObject({ inputTokens: 6000, outputTokens: 1600 });
    const md = runToMarkdown(row(totals), events);
    expect(md).not.toContain('**Cost:**');
  });
});
