import { describe, expect, it } from 'vitest';
import { estimateRun, formatUsd, tokenUpperBound } from '@/lib/builder/estimate';
import { customModelId, groupModels } from '@/lib/builder/model-options';
import { moaConfigSchema } from '@/lib/moa/config';
import type { ModelInfo } from '@/lib/models/types';
import { countTokens } from '@/lib/tokens';

const priced: ModelInfo = { id: 'openai:gpt-x', provider: 'openai', providerLabel: 'OpenAI', label: 'gpt-x', kind: 'cloud', contextWindow: 4000, price: { inputPerMTok: 2, outputPerMTok: 8 } };
const unpriced: ModelInfo = { id: 'groq:llama', provider: 'groq', providerLabel: 'Groq', label: 'llama', kind: 'cloud' };
const offline: ModelInfo = { id: 'offline:concise', provider: 'offline', providerLabel: 'Offline simulation', label: 'concise', kind: 'offline', role: 'proposer' };
const models = [offline, priced, unpriced];

const config = (layers: string[][], maxOutputTokens = 100) =>
  moaConfigSchema.parse({ layers: layers.map((l) => ({ agents: l.map((model) => ({ model, maxOutputTokens })) })), synthesisPrompt: 'Combine.' });

describe('pre-run estimate', () => {
  it('bounds tokens from above without a tokenizer', () => {
    for (const text of ['Hello, world!', 'Ünïcödé ✓ — 日本語のテキスト 🚀🚀', 'a'.repeat(5000), 'function f(x) { return x * 2; }\n'.repeat(30)]) {
      expect(tokenUpperBound(text)).toBeGreaterThanOrEqual(countTokens(text));
    }
  });

  it('counts calls, fan-in and an upper bound of cost from prices', () => {
    const prompt = 'x'.repeat(1000);
    const estimate = estimateRun(config([['openai:gpt-x', 'openai:gpt-x', 'openai:gpt-x'], ['openai:gpt-x']]), prompt, models);
    expect(estimate).toMatchObject({ layers: 2, calls: 4, maxFanIn: 3, promptTokens: 1000, unknownPrice: [] });
    const [first, , , aggregator] = estimate.agents;
    // The aggregator reads the prompt, the synthesis prompt and all three answers at their max.
    expect(aggregator.inputTokens - first.inputTokens).toBeGreaterThanOrEqual(3 * 100 + 'Combine.'.length);
    expect(estimate.outputTokens).toBe(400);
    const cost = estimate.agents.reduce((sum, a) => sum + (a.inputTokens * 2 + a.outputTokens * 8) / 1e6, 0);
    expect(estimate.knownCost).toBeCloseTo(cost, 12);
    // At least: four prompts, the three answers the aggregator reads, and every max output.
    expect(estimate.knownCost).toBeGreaterThan((4 * 1000 * 2 + 3 * 100 * 2 + 400 * 8) / 1e6);
  });

  it('says which prices are unknown, treats offline simulations as free, and flags context overflows', () => {
    const estimate = estimateRun(config([['offline:concise', 'groq:llama'], ['openai:gpt-x']], 3000), 'hi', models);
    expect(estimate.unknownPrice).toEqual(['groq:llama']);
    expect(estimate.agents[0].cost).toBe(0);
    expect(estimate.overflows.map((a) => a.model)).toEqual(['openai:gpt-x']);
  });

  it('counts a thinking budget as output, and passed-on reasoning as the aggregator’s input', () => {
    const board = (passReasoning?: boolean) =>
      moaConfigSchema.parse({
        layers: [{ agents: [{ model: 'anthropic:claude-x', reasoning: 'low', maxOutputTokens: 100 }, { model: 'openai:gpt-x', reasoning: 'high', maxOutputTokens: 100 }] }, { agents: [{ model: 'openai:gpt-x', maxOutputTokens: 100 }] }],
        passReasoning,
      });
    const plain = estimateRun(board(), 'hi', models);
    // Anthropic adds its 1,024-token budget to max output tokens; OpenAI's effort shares them.
    expect(plain.agents.map((a) => a.outputTokens)).toEqual([100 + 1024, 100, 100]);
    const passed = estimateRun(board(true), 'hi', models);
    expect(passed.agents[2].inputTokens - plain.agents[2].inputTokens).toBe(1024 + 100);
  });

  it('formats small sums readably', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.00001)).toBe('< $0.0001');
    expect(formatUsd(0.00123)).toBe('$0.0012');
    expect(formatUsd(0.0456)).toBe('$0.05');
    expect(formatUsd(12.345)).toBe('$12.35');
  });
});

describe('model picker options', () => {
  it('lists offline models first when nothing else is configured, last otherwise', () => {
    expect(groupModels([offline], '').map((g) => g.provider)).toEqual(['offline']);
    expect(groupModels(models, '').map((g) => g.provider)).toEqual(['openai', 'groq', 'offline']);
    expect(groupModels(models, 'gpt').flatMap((g) => g.models.map((m) => m.id))).toEqual(['openai:gpt-x']);
    expect(groupModels(models, 'simulation conc').flatMap((g) => g.models.map((m) => m.id))).toEqual(['offline:concise']);
  });

  it('accepts any id of a configured provider, and explains the rest', () => {
    expect(customModelId(models, 'openai:gpt-5-nano')).toEqual({ ok: true, id: 'openai:gpt-5-nano' });
    expect(customModelId(models, 'openai:gpt-x')).toBeNull();
    expect(customModelId(models, 'gpt')).toBeNull();
    expect(customModelId(models, 'anthropic:claude')).toEqual({ ok: false, hint: 'No provider “anthropic” is configured on this server.' });
    expect(customModelId(models, 'offline:nope')).toMatchObject({ ok: false });
    expect(customModelId(models, 'Bad:id')).toMatchObject({ ok: false, hint: expect.stringContaining('provider:model') });
  });
});
