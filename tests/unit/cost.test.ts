import { describe, expect, it } from 'vitest';
import { addCost, costOf, sumCosts } from '@/lib/cost';
import { formatUsd, formatUsdExact } from '@/lib/format';
import { CATALOG, lookupModel } from '@/lib/models/catalog';
import { FREE, resolvePrice, resolveRunModels } from '@/lib/models/pricing';
import { paramsFromModelId, estimateTflops } from '@/lib/models/params';
import type { TokenUsage } from '@/lib/moa/events';

const usage = (inputTokens: number, outputTokens: number, extra: Partial<TokenUsage> = {}): TokenUsage => ({
  inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...extra,
});

describe('costOf with catalog prices', () => {
  it.each([
    // id, usage, expected input / cached / output USD
    ['openai:gpt-4.1-mini', usage(1000, 500, { cachedInputTokens: 200 }), 800 * 0.4e-6, 200 * 0.1e-6, 500 * 1.6e-6],
    ['openai:gpt-4o', usage(12_345, 678), 12_345 * 2.5e-6, 0, 678 * 10e-6],
    ['anthropic:claude-sonnet-4-20250514', usage(2000, 1000, { cachedInputTokens: 1000 }), 1000 * 3e-6, 1000 * 0.3e-6, 1000 * 15e-6],
    ['groq:llama-3.3-70b-versatile', usage(100_000, 20_000), 100_000 * 0.59e-6, 0, 20_000 * 0.79e-6],
    ['togetherai:meta-llama/Llama-3.3-70B-Instruct-Turbo', usage(1_000_000, 1_000_000), 0.88, 0, 0.88],
    ['deepseek:deepseek-chat', usage(10, 10, { cachedInputTokens: 4 }), 6 * 0.57e-6, 4 * 0.07e-6, 10 * 1.68e-6],
  ])('%s', (id, u, input, cached, output) => {
    const cost = costOf(u, resolvePrice(id))!;
    expect(cost.inputUsd).toBeCloseTo(input, 12);
    expect(cost.cachedInputUsd).toBeCloseTo(cached, 12);
    expect(cost.outputUsd).toBeCloseTo(output, 12);
    expect(cost.totalUsd).toBeCloseTo(input + cached + output, 12);
  });

  it('bills cached tokens at the input price when the provider lists no cached price', () => {
    const price = resolvePrice('groq:llama-3.3-70b-versatile')!;
    expect(price.cachedInputPerMTok).toBeUndefined();
    const cost = costOf(usage(1000, 0, { cachedInputTokens: 400 }), price)!;
    expect(cost.cachedInputUsd).toBeCloseTo(400 * 0.59e-6, 12);
    expect(cost.totalUsd).toBeCloseTo(1000 * 0.59e-6, 12);
  });

  it('never counts more cached tokens than input tokens', () => {
    const cost = costOf(usage(10, 0, { cachedInputTokens: 50 }), { inputPerMTok: 1, outputPerMTok: 1, cachedInputPerMTok: 0.5 })!;
    expect(cost.inputUsd).toBe(0);
    expect(cost.cachedInputUsd).toBeCloseTo(5e-6, 12);
  });

  it('reasoning tokens are part of the output count, billed once', () => {
    const cost = costOf(usage(0, 1000, { reasoningTokens: 800 }), { inputPerMTok: 1, outputPerMTok: 2 })!;
    expect(cost.outputUsd).toBeCloseTo(0.002, 12);
  });

  it('rounds float drift away: ten calls of $0.0001 add up to exactly $0.001', () => {
    const one = costOf(usage(100, 0), { inputPerMTok: 1, outputPerMTok: 0 })!;
    expect(one.totalUsd).toBe(0.0001);
    const { cost } = sumCosts(Array.from({ length: 10 }, () => one));
    expect(cost.totalUsd).toBe(0.001);
    expect(addCost(costOf(usage(1, 0), { inputPerMTok: 0.1, outputPerMTok: 0 })!, costOf(usage(1, 0), { inputPerMTok: 0.2, outputPerMTok: 0 })!).totalUsd).toBe(3e-7);
  });
});

describe('unknown prices', () => {
  it('a model the catalog lacks has no price, and no cost — not $0', () => {
    expect(resolvePrice('anthropic:claude-sonnet-4-5')).toBeNull(); // newer than the snapshot
    expect(resolvePrice('fake:fake-small')).toBeNull();
    expect(resolvePrice('ollama:llama3.2')).toBeNull();
    expect(costOf(usage(100, 100), null)).toBeNull();
  });

  it('sums say how many calls had no price', () => {
    const known = costOf(usage(1_000_000, 0), { inputPerMTok: 2, outputPerMTok: 0 });
    const { cost, unpriced } = sumCosts([known, null, known, null]);
    expect(cost.totalUsd).toBe(4);
    expect(unpriced).toBe(2);
  });
});

describe('price resolution', () => {
  it('offline models are free unless they mimic a real model', () => {
    expect(resolvePrice('offline:concise')).toEqual(FREE);
    expect(resolvePrice('offline:concise', { 'offline:concise': { mimic: 'openai:gpt-4.1-mini' } })).toEqual({
      inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1,
    });
  });

  it('a config price overrides or adds one; a mimic of an unknown model stays unknown', () => {
    const own = { inputPerMTok: 1.5, outputPerMTok: 3 };
    expect(resolvePrice('openai:gpt-4o', { 'openai:gpt-4o': own })).toEqual(own);
    expect(resolvePrice('fake:fake-small', { 'fake:fake-small': own })).toEqual(own);
    expect(resolvePrice('fake:a', { 'fake:a': { mimic: 'fake:b' }, 'fake:b': own })).toEqual(own);
    expect(resolvePrice('fake:a', { 'fake:a': { mimic: 'fake:nowhere' } })).toBeNull();
    // Mimic chains stop after one step (no cycles).
    expect(resolvePrice('fake:a', { 'fake:a': { mimic: 'fake:b' }, 'fake:b': { mimic: 'fake:a' } })).toBeNull();
  });

  it('finds Anthropic aliases under their newest dated snapshot', () => {
    expect(lookupModel('anthropic', 'claude-opus-4-1')?.matchedId).toBe('claude-opus-4-1-20250805');
    expect(lookupModel('anthropic', 'claude-3-5-sonnet')?.matchedId).toBe('claude-3-5-sonnet-20241022');
    expect(lookupModel('anthropic', 'claude-opus-4')?.matchedId).toBe('claude-opus-4-20250514');
    expect(lookupModel('openai', 'GPT-4o')?.matchedId).toBe('gpt-4o');
    expect(lookupModel('openai', 'constructor')).toBeUndefined();
    expect(lookupModel('nowhere', 'gpt-4o')).toBeUndefined();
  });

  it('the snapshot says where it came from and how fresh it is', () => {
    expect(CATALOG.source).toMatchObject({ name: 'models.dev', license: 'MIT', url: 'https://models.dev/api.json' });
    expect(CATALOG.source.dataAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(CATALOG.providers).sort()).toEqual(['anthropic', 'deepseek', 'google', 'groq', 'mistral', 'openai', 'openrouter', 'togetherai', 'xai']);
  });

  it('fixes prices and sizes for a run', () => {
    const { prices, parameters } = resolveRunModels(['offline:synth', 'groq:llama-3.3-70b-versatile', 'fake:x', 'ollama:qwen2.5:72b']);
    expect(prices['offline:synth']).toEqual(FREE);
    expect(prices['fake:x']).toBeNull();
    expect(parameters['groq:llama-3.3-70b-versatile']).toEqual({ totalB: 70, source: 'model id' });
    expect(parameters['ollama:qwen2.5:72b']).toEqual({ totalB: 72, source: 'model id' });
    expect(parameters['fake:x']).toBeUndefined();
    expect(parameters['offline:synth']).toBeUndefined();
  });
});

describe('parameter counts', () => {
  it.each([
    ['llama-3.3-70b-versatile', { totalB: 70, source: 'model id' }],
    ['Qwen/Qwen2.5-72B-Instruct-Turbo', { totalB: 72, source: 'model id' }],
    ['qwen/qwen3-235b-a22b-thinking-2507', { totalB: 235, activeB: 22, source: 'model id' }],
    ['some-org/model-4x7b', { totalB: 28, source: 'model id' }],
    ['mistralai/Mixtral-8x22B-Instruct-v0.1', { totalB: 141, activeB: 39, source: 'override table' }],
    ['openai/gpt-oss-120b', { totalB: 117, activeB: 5.1, source: 'override table' }],
    ['llama3.2:3b', { totalB: 3, source: 'model id' }],
  ])('%s', (id, expected) => expect(paramsFromModelId(id)).toEqual(expected));

  it.each(['gpt-4o', 'gemma-3n-e4b-it', 'claude-3-5-haiku', 'fake-small'])('%s: unknown', (id) => expect(paramsFromModelId(id)).toBeUndefined());

  it('estimates TFLOPs as 2 × active params × tokens', () => {
    expect(estimateTflops({ totalB: 70, source: 'model id' }, 1000)).toBeCloseTo(140, 9);
    expect(estimateTflops({ totalB: 141, activeB: 39, source: 'override table' }, 1000)).toBeCloseTo(78, 9);
  });

  it('closed models get no size, even when their id looks like one', () => {
    expect(lookupModel('openai', 'gpt-4o')?.params).toBeUndefined();
    expect(lookupModel('groq', 'llama-3.1-8b-instant')?.params).toEqual({ totalB: 8, source: 'model id' });
  });
});

describe('formatting money', () => {
  it.each([
    [0, '$0'], [0.0042, '$0.0042'], [0.00421, '$0.0042'], [0.12, '$0.12'], [0.5, '$0.50'], [3.4, '$3.40'],
    [1234.5, '$1,234.50'], [0.000012, '$0.000012'], [1e-9, '<$0.000001'],
  ])('%s → %s', (usd, text) => expect(formatUsd(usd)).toBe(text));

  it('gives exact figures for tooltips', () => {
    expect(formatUsdExact(0.00114)).toBe('$0.00114');
    expect(formatUsdExact(3)).toBe('$3');
  });
});
