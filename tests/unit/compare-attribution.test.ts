// Attribution (n-gram overlap of each proposal with the final answer) and the comparison's diff figures.
import { describe, expect, it } from 'vitest';
import { scoreProposal, sharedSpans } from '@/lib/compare/attribution';
import { formatRatio, paneFigures, ratio } from '@/lib/compare/diff';
import { configOf, singleModelOf } from '@/lib/compare/panes';
import type { MoAConfig } from '@/lib/moa/config';
import type { RunEvent } from '@/lib/moa/events';
import { reduceEvents } from '@/lib/run-view';

const FINAL = 'Paris is the capital of France. It lies on the Seine and has about two million inhabitants.';

describe('attribution scores', () => {
  it('identical text scores highest, unrelated text near zero, partial overlap in between', () => {
    const identical = scoreProposal(FINAL, FINAL);
    const partial = scoreProposal(FINAL, 'Paris is the capital of France, as everyone knows. Its food is famous.');
    const unrelated = scoreProposal(FINAL, 'Quantum computers use qubits, which can hold superpositions of zero and one.');
    expect(identical.rouge).toBeCloseTo(1, 5);
    expect(identical.coverage).toBe(1);
    expect(unrelated.rouge).toBeLessThan(0.05);
    expect(unrelated.coverage).toBe(0);
    expect(partial.rouge).toBeGreaterThan(0.2);
    expect(partial.rouge).toBeLessThan(identical.rouge);
    expect(partial.coverage).toBeGreaterThan(0.2);
    expect(partial.coverage).toBeLessThan(1);
  });

  it('ignores case, punctuation and Markdown; empty texts score zero', () => {
    expect(scoreProposal('**Paris** is the capital.', 'paris IS the Capital!').rouge).toBeCloseTo(1, 5);
    expect(scoreProposal(FINAL, '')).toEqual({ rouge: 0, coverage: 0 });
    expect(scoreProposal('', FINAL)).toEqual({ rouge: 0, coverage: 0 });
  });

  it('shared spans are the runs of the final answer the proposal also says', () => {
    const text = 'Use a cache. Then measure the latency again.';
    const spans = sharedSpans(text, 'You should measure the latency first, and use a cache');
    expect(spans.map(([s, e]) => text.slice(s, e))).toEqual(['Use a cache', 'measure the latency']);
    expect(sharedSpans(text, 'nothing in common here')).toEqual([]);
  });
});

describe('the diff figures', () => {
  const t = (n: number) => n;
  const usage = (input: number, output: number) => ({ inputTokens: input, outputTokens: output, totalTokens: input + output });
  const config: MoAConfig = { version: 1, synthesisPrompt: 'S', layers: [{ agents: [{ model: 'm:a', temperature: 0.7, maxOutputTokens: 10 }, { model: 'm:b', temperature: 0.7, maxOutputTokens: 10 }] }, { agents: [{ model: 'm:a', temperature: 0.7, maxOutputTokens: 10 }] }] };
  const price = { inputPerMTok: 1, outputPerMTok: 2 };
  const events: RunEvent[] = [
    { type: 'run-started', t: 0, runId: 'r', prompt: 'p', config, startedAt: '2026-01-01T00:00:00Z', prices: { 'm:a': price, 'm:b': price } } as RunEvent,
    { type: 'agent-started', t: t(1), layer: 0, agent: 0, model: 'm:a' } as RunEvent,
    { type: 'agent-started', t: t(1), layer: 0, agent: 1, model: 'm:b' } as RunEvent,
    { type: 'agent-finished', t: t(100), layer: 0, agent: 0, text: 'x', usage: usage(1000, 500), finishReason: 'stop', firstTokenMs: 20, latencyMs: 99 } as RunEvent,
    { type: 'agent-finished', t: t(120), layer: 0, agent: 1, text: 'y', usage: usage(1000, 500), finishReason: 'stop', firstTokenMs: 20, latencyMs: 119 } as RunEvent,
    { type: 'agent-started', t: t(130), layer: 1, agent: 0, model: 'm:a' } as RunEvent,
    { type: 'agent-finished', t: t(300), layer: 1, agent: 0, text: 'z', usage: usage(3000, 500), finishReason: 'stop', firstTokenMs: 45, latencyMs: 170 } as RunEvent,
    { type: 'run-finished', t: t(301), finalText: 'z', usage: usage(5000, 1500) } as RunEvent,
  ];

  it('cost, tokens, wall time and the first final token come from the run view', () => {
    const figures = paneFigures(reduceEvents(events));
    // 2 × (1000 × $1 + 500 × $2)/1M + (3000 × $1 + 500 × $2)/1M = $0.008
    expect(figures.costUsd).toBeCloseTo(0.008, 10);
    expect(figures.totalTokens).toBe(6500);
    expect(figures.wallMs).toBe(301);
    expect(figures.firstFinalTokenMs).toBe(175);
  });

  it('an unknown price gives no cost (and so no cost ratio), never $0', () => {
    const [started, ...rest] = events;
    const figures = paneFigures(reduceEvents([{ ...started, prices: { 'm:a': price, 'm:b': null } } as RunEvent, ...rest]));
    expect(figures.costUsd).toBeNull();
    expect(figures.unpriced).toBe(1);
    expect(ratio(figures.costUsd, 0.001)).toBeNull();
  });

  it('ratios against the baseline, formatted as the UI shows them', () => {
    expect(ratio(5.8, 1)).toBeCloseTo(5.8);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(undefined, 1)).toBeNull();
    expect(formatRatio(5.8)).toBe('5.8×');
    expect(formatRatio(30.25)).toBe('30×');
    expect(formatRatio(1)).toBe('1.0×');
    expect(formatRatio(0.4512)).toBe('0.45×');
  });

  it('the single-model pane is the board’s aggregator alone, with the board’s prices and budget', () => {
    const board: MoAConfig = { ...config, pricing: { 'm:a': price }, budgetUsd: 2 };
    const single = singleModelOf(board);
    expect(single.layers).toEqual([{ agents: [{ model: 'm:a', temperature: 0.7, maxOutputTokens: 10 }] }]);
    expect(single).toMatchObject({ pricing: { 'm:a': price }, budgetUsd: 2 });
    expect(configOf({ kind: 'board' }, board, [])).toBe(board);
  });
});
