import { describe, expect, it } from 'vitest';
import { moaConfigSchema } from '@/lib/moa/config';
import type { RunEvent, TokenUsage } from '@/lib/moa/events';
import { reduceEvents } from '@/lib/run-view';
import { runStats } from '@/lib/run-stats';

const config = moaConfigSchema.parse({
  layers: [
    { agents: [{ model: 'p:a' }, { model: 'p:b' }, { model: 'p:free' }] },
    { agents: [{ model: 'p:unknown' }, { model: 'p:a' }] },
    { agents: [{ model: 'p:a' }] },
  ],
});
const usage = (inputTokens: number, outputTokens: number, extra: Partial<TokenUsage> = {}): TokenUsage => ({ inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...extra });
const finished = (layer: number, agent: number, t: number, latencyMs: number, firstTokenMs: number, u: TokenUsage): RunEvent => ({
  type: 'agent-finished', layer, agent, t, text: 'x', usage: u, finishReason: 'stop', latencyMs, firstTokenMs,
});
const started = (layer: number, agent: number, t: number, model: string): RunEvent => ({ type: 'agent-started', layer, agent, t, model });

// Layer 1: three agents, the slowest takes 900 ms; layer 2: 400 ms; layer 3: 300 ms. The engine's
// own gaps between layers make the wall time longer than the critical path.
const events: RunEvent[] = [
  {
    type: 'run-started', t: 0, startedAt: '2026-01-01T00:00:00Z', config, prompt: 'q',
    prices: { 'p:a': { inputPerMTok: 1, outputPerMTok: 2 }, 'p:b': { inputPerMTok: 3, outputPerMTok: 6, cachedInputPerMTok: 0.5 }, 'p:free': { inputPerMTok: 0, outputPerMTok: 0 }, 'p:unknown': null },
    parameters: { 'p:a': { totalB: 70, source: 'model id' } },
  },
  started(0, 0, 1, 'p:a'), started(0, 1, 1, 'p:b'), started(0, 2, 2, 'p:free'),
  finished(0, 0, 501, 500, 100, usage(1000, 400)),
  finished(0, 2, 302, 300, 50, usage(1000, 100)),
  finished(0, 1, 901, 900, 200, usage(2000, 700, { cachedInputTokens: 1000, reasoningTokens: 300 })),
  { type: 'layer-finished', t: 905, layer: 0, succeeded: 3, failed: 0 },
  started(1, 0, 910, 'p:unknown'), started(1, 1, 910, 'p:a'),
  finished(1, 0, 1310, 400, 100, usage(3000, 300)),
  finished(1, 1, 1210, 300, 100, usage(3000, 200)),
  { type: 'layer-finished', t: 1312, layer: 1, succeeded: 2, failed: 0 },
  started(2, 0, 1320, 'p:a'),
  finished(2, 0, 1620, 300, 60, usage(2000, 480)),
  { type: 'layer-finished', t: 1622, layer: 2, succeeded: 1, failed: 0 },
  { type: 'run-finished', t: 1625, finalText: 'x', usage: usage(0, 0) },
];

describe('runStats', () => {
  const stats = runStats(reduceEvents(events));

  it('takes the critical path as the sum of each layer’s slowest agent, against the wall time', () => {
    expect(stats.layers.map((l) => l.slowestMs)).toEqual([900, 400, 300]);
    expect(stats.criticalPathMs).toBe(1600);
    expect(stats.wallMs).toBe(1625);
    expect(stats.layers[0].wallMs).toBe(900);
  });

  it('costs every agent at the run’s prices, and says which had none', () => {
    const cost = (l: number, a: number) => stats.agents.find((x) => x.layer === l && x.agent === a)!.cost;
    expect(cost(0, 0)!.totalUsd).toBeCloseTo(0.001 + 0.0008, 12);
    // 1000 uncached at $3/M, 1000 cached at $0.5/M, 700 out (300 of them reasoning) at $6/M.
    expect(cost(0, 1)).toMatchObject({ inputUsd: 0.003, cachedInputUsd: 0.0005, outputUsd: 0.0042 });
    expect(cost(0, 2)!.totalUsd).toBe(0);
    expect(cost(1, 0)).toBeNull();
    expect(stats.layers[1].unpriced).toBe(1);
    expect(stats.layers[1].cost.totalUsd).toBeCloseTo(0.003 + 0.0004, 12);
    expect(stats.totals.unpriced).toBe(1);
    expect(stats.totals.cost.totalUsd).toBeCloseTo(0.0018 + 0.0077 + 0.0034 + 0.00296, 12);
    expect(stats.totals).toMatchObject({ inputTokens: 12_000, outputTokens: 2180, cachedTokens: 1000, reasoningTokens: 300 });
  });

  it('derives TTFT, tokens per second and compute where the size is known', () => {
    const first = stats.agents[0];
    expect(first).toMatchObject({ ttftMs: 100, latencyMs: 500, startT: 1, firstTokenT: 101, endT: 501 });
    expect(first.tokensPerSecond).toBe(1000); // 400 tokens in the 400 ms after the first
    expect(first.tflops).toBeCloseTo((2 * 70e9 * 1400) / 1e12, 9);
    expect(stats.agents[1].tflops).toBeUndefined();
    expect(stats.totals.unsized).toBe(3);
  });

  it('draws the cumulative cost curve in the order calls ended, skipping unpriced ones', () => {
    expect(stats.costCurve.map((p) => p.t)).toEqual([0, 302, 501, 901, 1210, 1620]);
    expect(stats.costCurve.at(-1)!.usd).toBe(stats.totals.cost.totalUsd);
    const usd = stats.costCurve.map((p) => p.usd);
    expect([...usd].sort((a, b) => a - b)).toEqual(usd);
  });

  it('live: a streaming agent runs to the latest event, and stored runs without prices are unpriced', () => {
    const live = runStats(reduceEvents([...events.slice(0, 4), { type: 'agent-delta', layer: 0, agent: 0, t: 250, text: 'hi' }]));
    expect(live.agents[0]).toMatchObject({ status: 'streaming', startT: 1, endT: 250, latencyMs: 249, cost: undefined });
    expect(live.criticalPathMs).toBe(249);
    const [start, ...rest] = events;
    const old = runStats(reduceEvents([{ ...start, prices: undefined } as RunEvent, ...rest]));
    expect(old.totals.unpriced).toBe(6);
    expect(old.totals.cost.totalUsd).toBe(0);
  });
});
