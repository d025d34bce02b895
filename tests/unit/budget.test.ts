import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/runs/route';
import { checkBudget, estimateRunCost, withAccounting } from '@/lib/moa/budget';
import { moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import type { Price } from '@/lib/models/types';
import { readRunEvents } from '@/lib/browser/read-stream';
import { reduceEvents } from '@/lib/run-view';
import { runStats } from '@/lib/run-stats';
import { mockModel, type MockAgentBehaviour, type MockModel } from './helpers/mock-models';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** $1 per output token, input free: spend is easy to follow. */
const DOLLAR_PER_OUTPUT_TOKEN: Price = { inputPerMTok: 0, outputPerMTok: 1_000_000 };
const twentyWords = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');

function setup(layers: Record<string, MockAgentBehaviour>[], budgetUsd?: number) {
  const models = new Map<string, MockModel>();
  for (const layer of layers) for (const [id, b] of Object.entries(layer)) models.set(id, mockModel(id, b));
  const config = moaConfigSchema.parse({
    budgetUsd,
    layers: layers.map((layer) => ({ agents: Object.keys(layer).map((id) => ({ model: `mock:${id}`, maxOutputTokens: 50 })) })),
  });
  const prices = Object.fromEntries([...models.keys()].map((id) => [`mock:${id}`, DOLLAR_PER_OUTPUT_TOKEN]));
  return { models, config, prices, resolveModel: (id: string) => models.get(id.slice(5))! };
}

async function run(setupResult: ReturnType<typeof setup>) {
  const { config, prices, resolveModel } = setupResult;
  const abort = new AbortController();
  const events: RunEvent[] = [];
  for await (const e of withAccounting(runMoA(config, 'Go.', { resolveModel, signal: abort.signal }), { prices, parameters: {}, abort, count: words })) events.push(e);
  return events;
}

describe('the budget guard', () => {
  it('stops a run once the spend reaches the cap, aborting every call, and says so', async () => {
    const s = setup(
      [
        { a: { text: twentyWords, delayMs: 5, usage: { input: 5, output: 20 } }, b: { text: twentyWords, delayMs: 5, usage: { input: 5, output: 20 } } },
        { agg: { text: 'Never.' } },
      ],
      6,
    );
    const events = await run(s);
    const end = events.at(-1)!;
    expect(end).toMatchObject({ type: 'run-cancelled', reason: 'budget' });
    expect((end as { message: string }).message).toContain('$6');
    // Both proposers were cut off mid-stream, and the aggregator never ran.
    expect(s.models.get('a')!.aborted).toBe(true);
    expect(s.models.get('b')!.aborted).toBe(true);
    expect(s.models.get('agg')!.calls).toHaveLength(0);
    // What they streamed before the stop is accounted (as an estimate): at least the cap, not far over.
    const view = reduceEvents(events);
    expect(view.cancelReason).toBe('budget');
    expect(view.error).toContain('budget');
    const stats = runStats(view);
    expect(stats.totals.estimated).toBe(true);
    expect(stats.totals.cost.totalUsd).toBeGreaterThanOrEqual(6);
    expect(stats.totals.cost.totalUsd).toBeLessThan(12);
  });

  it('lets a run finish when the cap is reached by its last call: nothing is left to save', async () => {
    // The aggregator streams one word but reports 3 tokens: the cap is reached only by its final usage.
    const s = setup([{ a: { usage: { input: 1, output: 3 } } }, { agg: { text: 'Done.', usage: { input: 1, output: 3 } } }], 6);
    const events = await run(s);
    expect(events.at(-1)).toMatchObject({ type: 'run-finished' });
    expect(runStats(reduceEvents(events)).totals.cost.totalUsd).toBe(6);
  });

  it('does nothing without a budget, and stamps the run’s prices on run-started', async () => {
    const s = setup([{ a: { usage: { input: 1, output: 30 } } }, { agg: {} }]);
    const events = await run(s);
    expect(events[0]).toMatchObject({ type: 'run-started', prices: s.prices });
    expect(events.at(-1)!.type).toBe('run-finished');
  });
});

describe('accounting while streaming', () => {
  const config = moaConfigSchema.parse({ budgetUsd: 100_000, layers: [{ agents: [{ model: 'mock:a', maxOutputTokens: 8000 }] }] });
  const prices = { 'mock:a': DOLLAR_PER_OUTPUT_TOKEN };
  const started: RunEvent = { type: 'run-started', t: 0, startedAt: new Date(0).toISOString(), config, prompt: 'Go.' };

  async function account(events: RunEvent[]) {
    const calls = { count: 0, chars: 0 };
    const count = (text: string) => {
      calls.count++;
      calls.chars += text.length;
      return words(text);
    };
    const out: RunEvent[] = [];
    const source = async function* () {
      yield* events;
    };
    for await (const e of withAccounting(source(), { prices, parameters: {}, abort: new AbortController(), count })) out.push(e);
    return { out, calls };
  }

  it('tokenizes a 4,000-token answer a bounded number of times, each piece once', async () => {
    const tokens = Array.from({ length: 4000 }, (_, i): RunEvent => ({ type: 'agent-delta', t: i + 1, layer: 0, agent: 0, text: `tok${i % 10} ` }));
    const text = tokens.map((e) => (e as { text: string }).text).join('');
    const { calls } = await account([
      started,
      { type: 'agent-started', t: 0, layer: 0, agent: 0, model: 'mock:a' },
      ...tokens,
      { type: 'agent-finished', t: 4001, layer: 0, agent: 0, text, usage: { inputTokens: 2, outputTokens: 4000, totalTokens: 4002 }, finishReason: 'stop', latencyMs: 4001 },
    ]);
    // 4,000 deltas of 5 characters: pieces of 32+ characters, plus the prompt and the input.
    expect(calls.count).toBeLessThanOrEqual(Math.ceil(text.length / 32) + 3);
    expect(calls.chars).toBeLessThanOrEqual(text.length + 10);
  });

  it('counts what a call that failed (not cancelled) streamed before it failed: the provider billed it', async () => {
    const { out } = await account([
      started,
      { type: 'agent-started', t: 0, layer: 0, agent: 0, model: 'mock:a' },
      { type: 'agent-delta', t: 1, layer: 0, agent: 0, text: 'one two three ' },
      { type: 'agent-failed', t: 2, layer: 0, agent: 0, error: 'connection reset', cancelled: false, text: 'one two three ' },
    ]);
    const failed = out.find((e) => e.type === 'agent-failed') as Extract<RunEvent, { type: 'agent-failed' }>;
    expect(failed.usage).toMatchObject({ outputTokens: 3, estimated: true });
    expect(runStats(reduceEvents(out)).totals.cost.totalUsd).toBeGreaterThanOrEqual(3);
  });
});

describe('the upper-bound estimate', () => {
  const config = (input: MoAConfigInput) => moaConfigSchema.parse(input);
  const price = { inputPerMTok: 1, outputPerMTok: 10 };

  it('bounds every agent at its max output, and later layers by the answers they read', () => {
    const c = config({ layers: [{ agents: [{ model: 'x:a', maxOutputTokens: 100 }, { model: 'x:a', maxOutputTokens: 100 }] }, { agents: [{ model: 'x:a', maxOutputTokens: 200 }] }] });
    const { maxUsd, unpriced } = estimateRunCost(c, 'p', { 'x:a': price }, () => 0);
    // Output: 400 tokens × $10/M. Input: framing only in layer 1; layer 2 reads 2 × (100 + 16) answer tokens, ×1.25.
    const input = 2 * 32 + (Math.ceil(232 * 1.25) + 32);
    expect(maxUsd).toBeCloseTo((400 * 10 + input) / 1e6, 12);
    expect(unpriced).toEqual([]);
  });

  it('refuses what could exceed the budget, saying what to change', () => {
    const c = config({ budgetUsd: 0.001, layers: [{ agents: [{ model: 'x:a', maxOutputTokens: 1000 }] }] });
    const problems = checkBudget(c.budgetUsd, estimateRunCost(c, 'p', { 'x:a': price }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/could cost up to \$0\.010\d+, over the \$0\.001 budget\. Lower max output tokens/);
    expect(checkBudget(1, estimateRunCost(c, 'p', { 'x:a': price }))).toEqual([]);
  });

  it('refuses a budget it cannot enforce: a model with no known price', () => {
    const c = config({ budgetUsd: 5, layers: [{ agents: [{ model: 'x:unknown' }] }] });
    expect(checkBudget(c.budgetUsd, estimateRunCost(c, 'p', { 'x:unknown': null }))[0]).toContain('x:unknown: its price is unknown');
  });
});

describe('POST /api/runs and the budget', () => {
  const post = (body: unknown) => POST(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const layers = [{ agents: [{ model: 'offline:concise', maxOutputTokens: 400 }] }, { agents: [{ model: 'offline:synth', maxOutputTokens: 400 }] }];

  it('answers 422 and starts nothing when the estimate exceeds the budget', async () => {
    const pricing = { 'offline:concise': { mimic: 'openai:o1-pro' }, 'offline:synth': { mimic: 'openai:o1-pro' } };
    const response = await post({ config: { layers, pricing, budgetUsd: 0.05 }, prompt: 'Why?' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; details: string[] };
    expect(body.error).toContain('budget');
    expect(body.details[0]).toMatch(/could cost up to \$0\.\d+, over the \$0\.05 budget/);
  });

  it('runs within the budget and costs each agent at the prices it fixed at the start', async () => {
    const pricing = { 'offline:synth': { inputPerMTok: 2, outputPerMTok: 8 } };
    const response = await post({ config: { layers, pricing, budgetUsd: 1 }, prompt: 'Why is the sky blue?' });
    expect(response.status).toBe(200);
    const events = [];
    for await (const e of readRunEvents(response.body!)) events.push(e);
    const view = reduceEvents(events);
    expect(view.status).toBe('finished');
    expect(view.prices).toEqual({ 'offline:concise': { inputPerMTok: 0, outputPerMTok: 0 }, 'offline:synth': pricing['offline:synth'] });
    const [proposer, aggregator] = view.layers.flat();
    expect(proposer.cost!.totalUsd).toBe(0);
    const u = aggregator.usage!;
    expect(aggregator.cost!.totalUsd).toBeCloseTo((u.inputTokens * 2 + u.outputTokens * 8) / 1e6, 12);
  });
});
