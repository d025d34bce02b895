import fc from 'fast-check';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { stripIds, withIds } from '@/lib/builder/board';
import { configParamOf, decodeConfig, encodeConfig, hashFor } from '@/lib/builder/url-codec';
import { LIMITS, moaConfigSchema, REASONING_LEVELS, type MoAConfig } from '@/lib/moa/config';
import { buildPreset, PRESETS } from '@/lib/moa/presets';
import type { ModelInfo } from '@/lib/models/types';

const models: ModelInfo[] = [
  { id: 'offline:concise', provider: 'offline', providerLabel: 'Offline', label: 'concise', kind: 'offline', role: 'proposer' },
  { id: 'offline:synth', provider: 'offline', providerLabel: 'Offline', label: 'synth', kind: 'offline', role: 'aggregator' },
];

const agent = fc.record(
  {
    model: fc.constantFrom('offline:concise', 'openai:gpt-4.1-mini', 'togetherai:Qwen/Qwen2.5-72B-Instruct-Turbo', 'ollama:llama3.2:3b'),
    temperature: fc.integer({ min: 0, max: 200 }).map((n) => n / 100),
    topP: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
    maxOutputTokens: fc.integer({ min: 1, max: LIMITS.maxOutputTokens }),
    systemPrompt: fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }),
    reasoning: fc.constantFrom(...REASONING_LEVELS),
  },
  { requiredKeys: ['model', 'temperature', 'maxOutputTokens'] },
);

/** Any config the schema accepts: 1–6 layers, the last with one agent, at most 48 calls. */
const validConfig: fc.Arbitrary<MoAConfig> = fc
  .record({
    layers: fc.array(fc.array(agent, { minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 5 }),
    last: agent,
    synthesisPrompt: fc.option(fc.string({ minLength: 1, maxLength: 400 }).filter((s) => s.trim().length > 0), { nil: undefined }),
    passReasoning: fc.option(fc.constant(true), { nil: undefined }),
  })
  .map(({ layers, last, synthesisPrompt, passReasoning }) =>
    moaConfigSchema.safeParse({ layers: [...layers.map((agents) => ({ agents })), { agents: [last] }], synthesisPrompt, passReasoning }),
  )
  .filter((r) => r.success)
  .map((r) => r.data!);

describe('URL codec', () => {
  it('round-trips any valid config exactly (ids aside)', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const decoded = decodeConfig(encodeConfig(withIds(config)));
        expect(decoded).toEqual({ ok: true, config: stripIds(config) });
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips resilience settings, budget and price overrides, and stays short when they are defaults', () => {
    const base = buildPreset('moa-lite', models);
    const configs: MoAConfig[] = [
      moaConfigSchema.parse({ ...base, resilience: { maxRetries: 0, earlyAggregation: true, graceMs: 1_500 }, budgetUsd: 0.25 }),
      moaConfigSchema.parse({ ...base, resilience: {}, pricing: { 'offline:concise': { mimic: 'openai:gpt-4.1-mini' } } }),
    ];
    for (const config of configs) expect(decodeConfig(encodeConfig(config))).toEqual({ ok: true, config });
    // Only the settings that differ from the defaults are in the link.
    const linked = JSON.parse(strFromU8(inflateSync(Uint8Array.from(atob(encodeConfig(configs[0]).slice(2).replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))));
    expect(linked.resilience).toEqual({ maxRetries: 0, earlyAggregation: true, graceMs: 1_500 });
    expect(linked.budgetUsd).toBe(0.25);
  });

  it('is compact and versioned', () => {
    const moa = buildPreset('moa', models);
    const encoded = encodeConfig(moa);
    expect(encoded).toMatch(/^1\.[A-Za-z0-9_-]+$/);
    // The paper's 13-agent MoA fits in well under 200 characters.
    expect(encoded.length).toBeLessThan(200);
    expect(hashFor(moa)).toBe(`#c=${encoded}`);
    expect(configParamOf(hashFor(moa))).toBe(encoded);
    for (const { id } of PRESETS) expect(decodeConfig(encodeConfig(buildPreset(id, models)))).toEqual({ ok: true, config: buildPreset(id, models) });
  });

  it('says why a link cannot be opened', () => {
    const good = encodeConfig(buildPreset('moa-lite', models));
    const body = good.slice(2);
    const pack = (value: unknown) => `1.${Buffer.from(deflateSync(strToU8(JSON.stringify(value)))).toString('base64url')}`;
    const cases: [string, RegExp][] = [
      ['', /does not hold a MoA Playground board/],
      ['hello', /does not hold a MoA Playground board/],
      [`2.${body}`, /format 2, which this version .* cannot read/],
      [`1.${body.slice(0, body.length / 2)}`, /damaged or incomplete/],
      ['1.!!!not-base64!!!', /damaged or incomplete/],
      ['1.', /damaged or incomplete/],
      [`1.${Buffer.from('not deflate at all').toString('base64url')}`, /damaged or incomplete/],
      [`1.${Buffer.from(deflateSync(strToU8('{not json'))).toString('base64url')}`, /damaged or incomplete/],
      [pack({ layers: [] }), /not a valid config: A configuration needs at least one layer/],
      [pack({ layers: [{ agents: [{ model: 'offline:concise' }, { model: 'offline:concise' }] }] }), /exactly one aggregator/],
      [pack({ layers: [{ agents: Array.from({ length: 1000 }, () => ({ model: 'offline:concise' })) }, { agents: [{ model: 'offline:synth' }] }] }), /at most 12 agents/],
    ];
    for (const [value, message] of cases) {
      const result = decodeConfig(value);
      expect(result.ok, value.slice(0, 30)).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });

  it('refuses a decompression bomb without inflating it all', () => {
    const bomb = `1.${Buffer.from(deflateSync(new Uint8Array(5_000_000).fill(32))).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(20_000);
    const result = decodeConfig(bomb);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/too large/) });
  });
});
