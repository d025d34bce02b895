import { describe, expect, it } from 'vitest';
import { boardIssues, dropMove, moveAgent, stripIds, withIds } from '@/lib/builder/board';
import { exportConfigJson } from '@/lib/builder/config-file';
import { COALESCE_MS, HISTORY_LIMIT } from '@/lib/builder/history';
import { LIMITS, moaConfigSchema, type MoAConfig } from '@/lib/moa/config';
import { buildPreset } from '@/lib/moa/presets';
import { DEFAULT_SYNTHESIS_PROMPT } from '@/lib/moa/prompts';
import type { ModelInfo } from '@/lib/models/types';
import { createConfigStore } from '@/lib/stores/config-store';

const models: ModelInfo[] = [
  { id: 'offline:concise', provider: 'offline', providerLabel: 'Offline', label: 'concise', kind: 'offline', role: 'proposer' },
  { id: 'offline:stepwise', provider: 'offline', providerLabel: 'Offline', label: 'stepwise', kind: 'offline', role: 'proposer' },
  { id: 'offline:synth', provider: 'offline', providerLabel: 'Offline', label: 'synth', kind: 'offline', role: 'aggregator' },
];

/** A store with a controllable clock, starting from a preset. */
function setup(preset: Parameters<typeof buildPreset>[0] = 'single') {
  let now = 1_000_000;
  const store = createConfigStore(models, () => now);
  store.getState().applyPreset(preset);
  store.getState().hydrate({ config: store.getState().config, presetId: preset, saved: null });
  const s = () => store.getState();
  return { store, s, tick: (ms = COALESCE_MS + 1) => (now += ms), shape: () => s().config.layers.map((l) => l.agents.length), models: () => s().config.layers.map((l) => l.agents.map((a) => a.model)) };
}

describe('board edits', () => {
  it('builds a 3-2-1 graph from a single model, keeping the aggregator last', () => {
    const { s, shape } = setup('single');
    expect(shape()).toEqual([1]);
    expect(s().apply({ type: 'add-layer' })).toEqual({ ok: true });
    expect(s().apply({ type: 'add-layer' })).toEqual({ ok: true });
    s().apply({ type: 'add-agent', layer: 0 });
    s().apply({ type: 'add-agent', layer: 0 });
    s().apply({ type: 'add-agent', layer: 1 });
    expect(shape()).toEqual([3, 2, 1]);
    expect(s().config.layers[2].agents[0].model).toBe('offline:synth');
    // New agents take the proposer models not yet used in their layer.
    expect(s().config.layers[0].agents.map((a) => a.model)).toEqual(['offline:concise', 'offline:stepwise', 'offline:concise']);
    expect(moaConfigSchema.safeParse(s().config).success).toBe(true);
    expect(s().presetId).toBeNull();
  });

  it('duplicates and removes agents and layers', () => {
    const { s, shape } = setup('moa-lite');
    s().apply({ type: 'update-agent', layer: 0, index: 1, patch: { temperature: 1.1, systemPrompt: 'Be brief.' } });
    s().apply({ type: 'duplicate-agent', layer: 0, index: 1 });
    const [a, b] = [s().config.layers[0].agents[1], s().config.layers[0].agents[2]];
    expect(stripIds({ ...s().config, layers: [{ agents: [a] }] })).toEqual(stripIds({ ...s().config, layers: [{ agents: [b] }] }));
    expect(a.id).not.toBe(b.id);
    s().apply({ type: 'duplicate-layer', layer: 0 });
    expect(shape()).toEqual([7, 7, 1]);
    expect(new Set(s().config.layers.flatMap((l) => l.agents.map((x) => x.id))).size).toBe(15);
    s().apply({ type: 'remove-layer', layer: 1 });
    s().apply({ type: 'remove-agent', layer: 0, index: 0 });
    expect(shape()).toEqual([6, 1]);
  });

  it('refuses edits the schema rejects, with the schema’s reason, and changes nothing', () => {
    const { s, shape } = setup('single');
    const before = s().config;
    expect(s().apply({ type: 'remove-agent', layer: 0, index: 0 })).toMatchObject({ ok: false, reason: 'layer 1: A layer needs at least one agent.' });
    expect(s().check({ type: 'remove-layer', layer: 0 })).toBe('A configuration needs at least one layer.');
    expect(s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { temperature: 2.5 } })).toMatchObject({
      ok: false,
      issues: [{ path: ['layers', 0, 'agents', 0, 'temperature'], raw: 'Temperature is at most 2.' }],
    });
    expect(s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { maxOutputTokens: 0 } })).toMatchObject({ ok: false });
    expect(s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { model: 'gpt4' } })).toMatchObject({ ok: false });
    expect(s().apply({ type: 'set-synthesis-prompt', text: '   ' })).toMatchObject({ ok: false, reason: 'synthesisPrompt: The synthesis prompt cannot be empty.' });
    expect(s().config).toBe(before);
    expect(s().history.past).toHaveLength(0);
    expect(shape()).toEqual([1]);
  });

  it('enforces the limits through the schema: agents per layer, layers, calls per run', () => {
    const { s, shape } = setup('single');
    for (let i = 0; i < 10; i++) s().apply({ type: 'add-layer' });
    expect(shape()).toHaveLength(LIMITS.maxLayers);
    expect(s().check({ type: 'add-layer' })).toBe(`At most ${LIMITS.maxLayers} layers.`);
    for (let i = 0; i < 20; i++) s().apply({ type: 'add-agent', layer: 0 });
    expect(shape()[0]).toBe(LIMITS.maxAgentsPerLayer);
    expect(s().check({ type: 'add-agent', layer: 0 })).toBe(`layer 1: A layer holds at most ${LIMITS.maxAgentsPerLayer} agents.`);
    for (let l = 1; l < 5; l++) for (let i = 0; i < 12; i++) s().apply({ type: 'add-agent', layer: l });
    expect(shape().reduce((a, b) => a + b)).toBe(LIMITS.maxCallsPerRun);
    expect(s().check({ type: 'duplicate-agent', layer: 4, index: 0 })).toMatch(`at most ${LIMITS.maxCallsPerRun} model calls (this one makes 49)`);
  });

  it('topP and system prompt can be cleared again', () => {
    const { s } = setup('single');
    s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { topP: 0.9, systemPrompt: 'x' } });
    expect(s().config.layers[0].agents[0]).toMatchObject({ topP: 0.9, systemPrompt: 'x' });
    s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { topP: undefined, systemPrompt: '' } });
    expect(Object.keys(s().config.layers[0].agents[0]).sort()).toEqual(['id', 'maxOutputTokens', 'model', 'temperature']);
  });
});

describe('moving agents', () => {
  const config = withIds(buildPreset('moa', models));
  const ids = (c: MoAConfig) => c.layers.map((l) => l.agents.map((a) => a.id));
  const before = ids(config);

  it('reorders within a layer', () => {
    const moved = moveAgent(config, { layer: 0, index: 4 }, { layer: 0, index: 1 });
    expect(ids(moved)[0]).toEqual([before[0][0], before[0][4], before[0][1], before[0][2], before[0][3], before[0][5]]);
    expect(moveAgent(config, { layer: 0, index: 2 }, { layer: 0, index: 2 })).toBe(config);
  });

  it('moves across layers, inserting at the position', () => {
    const moved = moveAgent(config, { layer: 0, index: 0 }, { layer: 1, index: 2 });
    expect(ids(moved)[0]).toEqual(before[0].slice(1));
    expect(ids(moved)[1]).toEqual([...before[1].slice(0, 2), before[0][0], ...before[1].slice(2)]);
  });

  it('swaps with the aggregator, so the final layer always holds exactly one', () => {
    const inward = moveAgent(config, { layer: 1, index: 3 }, { layer: 2, index: 0 });
    expect(ids(inward)[2]).toEqual([before[1][3]]);
    expect(ids(inward)[1][3]).toBe(before[2][0]);
    const outward = moveAgent(config, { layer: 2, index: 0 }, { layer: 0, index: 5 });
    expect(ids(outward)[2]).toEqual([before[0][5]]);
    expect(ids(outward)[0][5]).toBe(before[2][0]);
    for (const c of [inward, outward]) expect(boardIssues(c)).toEqual([]);
  });

  it('turns drops into moves: onto a card, past its middle, or onto the end of a layer', () => {
    const [a, b] = [config.layers[0].agents[0].id!, config.layers[1].agents[2].id!];
    expect(dropMove(config, a, b, false)).toEqual({ from: { layer: 0, index: 0 }, to: { layer: 1, index: 2 } });
    expect(dropMove(config, a, b, true)).toEqual({ from: { layer: 0, index: 0 }, to: { layer: 1, index: 3 } });
    expect(dropMove(config, a, 'end:1', false)).toEqual({ from: { layer: 0, index: 0 }, to: { layer: 1, index: 6 } });
    expect(dropMove(config, a, 'end:0', false)).toEqual({ from: { layer: 0, index: 0 }, to: { layer: 0, index: 5 } });
    expect(dropMove(config, a, a, false)).toBeNull();
    expect(dropMove(config, 'nope', b, false)).toBeNull();
  });

  it('refuses to empty a layer', () => {
    const { s, shape } = setup('single');
    s().apply({ type: 'add-layer' });
    s().apply({ type: 'add-layer' });
    expect(shape()).toEqual([1, 1, 1]);
    expect(s().apply({ type: 'move-agent', from: { layer: 0, index: 0 }, to: { layer: 1, index: 1 } })).toMatchObject({
      ok: false,
      reason: 'layer 1: A layer needs at least one agent.',
    });
    expect(shape()).toEqual([1, 1, 1]);
  });
});

describe('undo and redo', () => {
  it('walks back and forth through every edit', () => {
    const { s, tick } = setup('single');
    const seen: MoAConfig[] = [s().config];
    const edits = [
      () => s().apply({ type: 'add-layer' }),
      () => s().apply({ type: 'add-agent', layer: 0 }),
      () => s().apply({ type: 'update-agent', layer: 0, index: 1, patch: { temperature: 0.2 } }),
      () => s().applyPreset('moa-lite'),
      () => s().apply({ type: 'move-agent', from: { layer: 0, index: 0 }, to: { layer: 0, index: 3 } }),
      () => s().apply({ type: 'set-synthesis-prompt', text: 'Merge them.' }),
      () => s().importJson(JSON.stringify({ layers: [{ agents: [{ model: 'offline:synth' }] }] })),
    ];
    for (let i = 0; i < 24; i++) {
      edits[i % edits.length]();
      tick();
      seen.push(s().config);
    }
    expect(s().history.past).toHaveLength(24);
    for (let i = 23; i >= 0; i--) {
      s().undo();
      expect(s().config).toEqual(seen[i]);
    }
    expect(s().history.past).toHaveLength(0);
    s().undo(); // nothing left: a no-op
    expect(s().config).toEqual(seen[0]);
    for (let i = 1; i <= 24; i++) {
      s().redo();
      expect(s().config).toEqual(seen[i]);
    }
    expect(s().lastAction).toBe('Redone: Change the temperature of agent 2 of layer 1');
  });

  it('a new edit clears the redo steps', () => {
    const { s, tick } = setup('single');
    s().apply({ type: 'add-layer' });
    tick();
    s().undo();
    expect(s().history.future).toHaveLength(1);
    s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { temperature: 1 } });
    expect(s().history.future).toHaveLength(0);
  });

  it('merges quick typing in one field into one step, but not edits of different fields', () => {
    const { s, tick } = setup('single');
    for (const text of ['M', 'Me', 'Mer', 'Merge']) {
      s().apply({ type: 'set-synthesis-prompt', text });
      tick(100);
    }
    for (const t of [1, 1.2]) {
      s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { temperature: t } });
      tick(100);
    }
    s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { maxOutputTokens: 99 } });
    expect(s().history.past.map((h) => h.label)).toEqual(['Edit the synthesis prompt', 'Change the temperature of the aggregator', 'Change the max output tokens of the aggregator']);
    s().undo();
    s().undo();
    expect(s().config.layers[0].agents[0].temperature).toBe(0.7);
    s().undo();
    expect(s().config.synthesisPrompt).toBe(DEFAULT_SYNTHESIS_PROMPT);
    // After a pause, the same field starts a new step.
    s().redo();
    tick();
    s().apply({ type: 'set-synthesis-prompt', text: 'Merge all' });
    expect(s().history.past).toHaveLength(2);
  });

  it('keeps a bounded history', () => {
    const { s, tick } = setup('single');
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) {
      s().apply({ type: 'update-agent', layer: 0, index: 0, patch: { maxOutputTokens: i + 1 } });
      tick();
    }
    expect(s().history.past).toHaveLength(HISTORY_LIMIT);
  });
});

describe('import', () => {
  it('imports a valid config as one undoable edit', () => {
    const { s } = setup('moa');
    const result = s().importJson(JSON.stringify({ version: 1, layers: [{ agents: [{ model: 'offline:concise', temperature: 0.3 }] }, { agents: [{ model: 'offline:synth' }] }] }), '“x.json”');
    expect(result.ok).toBe(true);
    expect(s().config.layers.map((l) => l.agents.map((a) => [a.model, a.temperature]))).toEqual([[['offline:concise', 0.3]], [['offline:synth', 0.7]]]);
    expect(s().notice).toMatchObject({ kind: 'info', message: expect.stringContaining('Imported “x.json”') });
    s().undo();
    expect(s().config.layers.map((l) => l.agents.length)).toEqual([6, 6, 1]);
  });

  it.each([
    ['malformed JSON', '{"layers": [', /not valid JSON/, /JSON/],
    ['a config with 0 layers', '{"layers": []}', /not a valid MoA config/, /A configuration needs at least one layer/],
    ['1,000 agents', JSON.stringify({ layers: [{ agents: Array.from({ length: 1000 }, () => ({ model: 'offline:concise' })) }, { agents: [{ model: 'offline:synth' }] }] }), /not a valid MoA config/, /at most 12 agents/],
    ['not a config', '[1, 2, 3]', /needs a "layers" list/, null],
    ['a huge file', `{"layers": [], "pad": "${'x'.repeat(1_100_000)}"}`, /larger than 1 MB/, null],
  ])('refuses %s with a clear error and leaves the board untouched', (_, text, message, detail) => {
    const { s } = setup('moa');
    const before = s().config;
    const result = s().importJson(text, '“bad.json”');
    expect(result.ok).toBe(false);
    expect(s().config).toBe(before);
    expect(s().history.past).toHaveLength(0);
    expect(s().notice?.kind).toBe('error');
    expect(s().notice?.message).toMatch(message);
    expect(s().notice?.message).toMatch(/Your board is unchanged/);
    if (detail) expect(s().notice?.details?.join('\n')).toMatch(detail);
  });
});

describe('resilience settings', () => {
  it('are undoable board edits, checked by the schema, and leave the config when back to the defaults', () => {
    const { s, tick } = setup('moa-lite');
    expect(s().config.resilience).toBeUndefined();
    expect(s().apply({ type: 'set-resilience', patch: { maxRetries: 0 } })).toEqual({ ok: true });
    tick();
    s().apply({ type: 'set-resilience', patch: { earlyAggregation: true } });
    expect(s().config.resilience).toMatchObject({ maxRetries: 0, earlyAggregation: true, quorum: 1, graceMs: 5_000 });
    expect(s().history.past.at(-1)?.label).toBe('Change the early aggregation');

    const before = s().config;
    const refused = s().apply({ type: 'set-resilience', patch: { maxRetries: 9 } });
    expect(refused).toMatchObject({ ok: false, reason: 'resilience › maxRetries: Retries are at most 5.' });
    expect(!refused.ok && refused.issues[0]).toMatchObject({ path: ['resilience', 'maxRetries'], raw: 'Retries are at most 5.' });
    expect(s().apply({ type: 'set-resilience', patch: { graceMs: 700_000 } })).toMatchObject({ ok: false, reason: expect.stringContaining('The grace period is at most 10 min.') });
    expect(s().config).toBe(before);

    s().undo();
    expect(s().config.resilience).toMatchObject({ maxRetries: 0, earlyAggregation: false });
    s().apply({ type: 'set-resilience', patch: { maxRetries: 2 } });
    // All defaults again: the setting leaves the config, as if never touched.
    expect(s().config.resilience).toBeUndefined();
    // A preset keeps the run's resilience.
    s().apply({ type: 'set-resilience', patch: { quorum: 2 } });
    s().applyPreset('moa');
    expect(s().config.resilience?.quorum).toBe(2);
  });

  it('travel in exported files, with the budget and price overrides', () => {
    const { s } = setup('moa-lite');
    s().apply({ type: 'set-resilience', patch: { callTimeoutMs: 90_000, earlyAggregation: true, graceMs: 0 } });
    const config = { ...s().config, budgetUsd: 0.5, pricing: { 'offline:concise': { inputPerMTok: 1, outputPerMTok: 2 } } };
    const again = setup('single');
    expect(again.s().importJson(exportConfigJson(config)).ok).toBe(true);
    expect(stripIds(again.s().config)).toEqual(stripIds(config));
  });
});
