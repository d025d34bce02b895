import { describe, expect, it } from 'vitest';
import { scripted } from './helpers/scripted-calls';
import { applyOp, roleOf } from '@/lib/builder/board';
import { decodeConfig, encodeConfig } from '@/lib/builder/url-codec';
import { formatNumberList } from '@/lib/format';
import { agentBounds } from '@/lib/moa/budget';
import { callsPerRun, describeIssues, moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { bordaCount, buildCouncilSystemPrompt, DEFAULT_COUNCIL_PROMPT, councilMapping, councilRankingNote, label, parseCouncilReply, positionLabel } from '@/lib/moa/council';
import { windows } from '@/lib/moa/sliding-window';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { parseSynthesisResponses } from '@/lib/moa/prompts';
import { reduceEvents } from '@/lib/run-view';
import { runTotalsOf } from '@/lib/runs/totals';
import { buildPreset } from '@/lib/moa/presets';
import { createOfflineModel, OFFLINE_MODELS } from '@/lib/models/offline';

const answers = [1, 2, 3, 4].map((index) => ({ index, text: `answer ${index} text` }));

describe('council', () => {
  it('labels A.. Z, AA', () => {
    expect([0, 1, 25, 26, 27].map(label)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('same seed → same orders; rankers differ', () => {
    const a = [0, 1, 2, 3].map((r) => councilMapping(answers, 42, r));
    const b = [0, 1, 2, 3].map((r) => councilMapping(answers, 42, r));
    expect(a).toEqual(b);
    expect(new Set(a.map((m) => m.map((x) => x.answer).join())).size).toBeGreaterThan(1);
    for (const m of a) expect(m.map((x) => x.answer).sort()).toEqual([1, 2, 3, 4]);
  });

  it('ranking prompt shows labels only, never a model id or answer number tag', () => {
    const mapping = councilMapping(answers, 7, 0);
    const prompt = buildCouncilSystemPrompt({ instruction: 'Rank.', answers, mapping });
    expect(prompt).toContain('FINAL RANKING:');
    expect(prompt).toContain('<candidate label="Response A">');
    expect(prompt).not.toMatch(/<response n=/);
    expect(prompt).not.toMatch(/gpt|claude|offline|model/i);
  });

  it('parses strictly', () => {
    const mapping = councilMapping(answers, 1, 0);
    const byLabel = (l: string) => mapping.find((m) => m.label === `Response ${l}`)!.answer;
    const good = 'A is fine.\n\nFINAL RANKING:\n1. Response C\n2. Response A\n3. Response D\n4. Response B';
    expect(parseCouncilReply(good, mapping)).toEqual({ order: ['C', 'A', 'D', 'B'].map(byLabel), reason: 'A is fine.' });
    expect(parseCouncilReply('no block', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n2. Response C\n3. Response D\n4. Response B', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n2. Response A\n3. Response D', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n3. Response A\n2. Response D\n4. Response B', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n2. Response A\n3. Response D\n4. Response E', mapping)).toBeNull();
  });

  it('Borda count with ties', () => {
    // n=3: 2,1,0 points. Rankings [1,2,3] and [2,1,3] → 1:3, 2:3, 3:0.
    const rows = bordaCount([1, 2, 3], [[1, 2, 3], [2, 1, 3]]);
    expect(rows).toEqual([
      { answer: 1, points: 3, position: 1, tied: true },
      { answer: 2, points: 3, position: 1, tied: true },
      { answer: 3, points: 0, position: 3, tied: false },
    ]);
    expect(positionLabel(rows[0])).toBe('1=');
    const rows2 = bordaCount([1, 2, 3, 4], [[4, 2, 3, 1], [4, 3, 2, 1]]);
    expect(rows2.map((r) => [r.answer, r.points, positionLabel(r)])).toEqual([[4, 6, '1'], [2, 3, '2='], [3, 3, '2='], [1, 0, '4']]);
  });

  it('no readable ranking → answers in their order, stated', () => {
    const rows = bordaCount([1, 2, 3], []);
    expect(rows.map((r) => r.answer)).toEqual([1, 2, 3]);
    expect(councilRankingNote(rows, 0)).toMatch(/No council ranking was readable/);
    expect(councilRankingNote(bordaCount([1, 2], [[2, 1]]), 1)).toContain('1. Response 2 — 1 point');
  });
});

describe('sliding window', () => {
  it('7 answers, w=3 → 3,3,1', () => {
    expect(windows([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(windows([1, 2], 3)).toEqual([[1, 2]]);
  });
});

describe('config: council and sliding-window', () => {
  const agent = (model = 'x:a') => ({ model });
  const base = (layers: MoAConfigInput['layers']) => moaConfigSchema.safeParse({ version: 1, layers });
  const messages = (layers: MoAConfigInput['layers']) => {
    const r = base(layers);
    return r.success ? [] : describeIssues(r.error);
  };

  it('a council layer cannot be last: a chairman must follow', () => {
    expect(messages([{ agents: [agent(), agent()] }, { strategy: 'council', agents: [agent()] }]).join()).toMatch(/chairman layer must follow/);
    expect(messages([{ agents: [agent(), agent()] }, { strategy: 'council', agents: [agent(), agent()], seed: 3 }, { agents: [agent()] }])).toEqual([]);
    expect(messages([{ strategy: 'council', agents: [agent()] }, { agents: [agent()] }]).join()).toMatch(/first layer proposes/);
  });

  it('sliding window: one agent, window 2..max, counted ceil(n/w) calls', () => {
    expect(messages([{ agents: [agent(), agent()] }, { strategy: 'sliding-window', agents: [agent(), agent()] }]).join()).toMatch(/exactly one agent/);
    expect(messages([{ agents: [agent()] }, { strategy: 'sliding-window', window: 1, agents: [agent()] }]).join()).toMatch(/at least 2/);
    expect(messages([{ agents: [agent()] }, { window: 3, agents: [agent()] }]).join()).toMatch(/sliding-window layer only/);
    const seven = Array.from({ length: 7 }, () => agent());
    const r = base([{ agents: seven }, { strategy: 'sliding-window', window: 3, agents: [agent()] }]);
    expect(r.success && callsPerRun(r.data)).toBe(7 + 3);
    const r2 = base([{ agents: seven.slice(0, 2) }, { strategy: 'sliding-window', agents: [agent()] }]);
    expect(r2.success && callsPerRun(r2.data)).toBe(2 + 1);
  });
});

async function run(input: MoAConfigInput, replies: Record<string, string[]>) {
  const { call, requests } = scripted(replies);
  const events: RunEvent[] = [];
  for await (const e of runMoA(moaConfigSchema.parse(input), 'Which?', { resolveModel: () => null as never, streamCall: call })) events.push(e);
  return { events, requests, view: reduceEvents(events) };
}

const ABC = 'All fine.\n\nFINAL RANKING:\n1. Response A\n2. Response B\n3. Response C';
const council = (seed?: number): MoAConfigInput => ({
  layers: [
    { agents: [{ model: 'x:a' }, { model: 'x:b' }, { model: 'x:c' }] },
    { strategy: 'council', ...(seed !== undefined && { seed }), agents: [{ model: 'x:r1' }, { model: 'x:r2' }, { model: 'x:r3' }] },
    { agents: [{ model: 'x:chair' }] },
  ],
});
const proposals = { 'x:a': ['Answer A.'], 'x:b': ['Answer B.'], 'x:c': ['Answer C.'], 'x:chair': ['Final.'] };

describe('the council strategy in the engine', () => {
  it('rankers see anonymised answers in their own seeded order; Borda table to the chairman', async () => {
    const { view, requests, events } = await run(council(11), { ...proposals, 'x:r1': [ABC], 'x:r2': [ABC], 'x:r3': [ABC] });
    expect(view.status).toBe('finished');
    expect(view.finalText).toBe('Final.');
    const rankers = requests.filter((r) => r.model.startsWith('x:r'));
    for (const r of rankers) {
      expect(r.instructions).not.toMatch(/x:[abc]\b|<response n=/);
      expect(r.instructions).toContain('FINAL RANKING:');
    }
    const rankings = view.layers[1].map((a) => a.ranking!);
    expect(rankings.every((r) => r.order?.length === 3 && r.seed === 11)).toBe(true);
    // "A B C" means each ranker's own order: the first shown gets 2 points.
    const expected = bordaCount([1, 2, 3], rankings.map((r) => r.mapping.map((m) => m.answer)));
    expect(view.councils?.[1]).toMatchObject({ layer: 1, from: 0, rows: expected, counted: 3, rankers: 3 });
    expect(events.filter((e) => e.type === 'council-result')).toHaveLength(1);
    const chair = requests.find((r) => r.model === 'x:chair')!.instructions!;
    expect(chair).toContain('<response n="1">\nAnswer A.\n</response>');
    expect(chair).toContain(councilRankingNote(expected, 3));
  });

  it('same seed → same orders; a run without a seed draws one and records it in run-started', async () => {
    const a = await run(council(5), { ...proposals, 'x:r1': [ABC], 'x:r2': [ABC], 'x:r3': [ABC] });
    const b = await run(council(5), { ...proposals, 'x:r1': [ABC], 'x:r2': [ABC], 'x:r3': [ABC] });
    expect(a.view.layers[1].map((x) => x.ranking!.mapping)).toEqual(b.view.layers[1].map((x) => x.ranking!.mapping));
    const c = await run(council(), { ...proposals, 'x:r1': [ABC], 'x:r2': [ABC], 'x:r3': [ABC] });
    const started = c.events[0] as Extract<RunEvent, { type: 'run-started' }>;
    expect(typeof started.config.layers[1].seed).toBe('number');
    expect(c.view.layers[1][0].ranking!.seed).toBe(started.config.layers[1].seed);
  });

  it('an unreadable ranking is asked once more, then left out of the count; none readable → answers order, stated', async () => {
    const { view, events, requests } = await run(council(3), { ...proposals, 'x:r1': ['meh'], 'x:r2': [ABC], 'x:r3': ['nope', ABC] });
    expect(requests.filter((r) => r.model === 'x:r1')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'agent-retry' && e.restart)).toHaveLength(2);
    expect(view.layers[1][0].ranking).toMatchObject({ order: null, fallback: expect.stringContaining('left out of the count') });
    expect(view.layers[1][0].usage).toMatchObject({ inputTokens: 200 });
    expect(view.councils?.[1]).toMatchObject({ counted: 2, rankers: 3 });
    // The run's call count is the provider's: two re-asked rankers made two requests each.
    expect(runTotalsOf(view).calls).toBe(requests.length);
    const none = await run(council(3), { ...proposals, 'x:r1': ['meh'], 'x:r2': ['meh'], 'x:r3': ['meh'] });
    expect(none.view.councils?.[1]).toMatchObject({ counted: 0, fallback: expect.stringContaining("answers' order") });
    expect(none.view.councils?.[1].rows.map((r) => r.answer)).toEqual([1, 2, 3]);
    expect(none.view.status).toBe('finished');
  });
});

describe('the sliding-window strategy in the engine', () => {
  const seven = Array.from({ length: 7 }, (_, i) => ({ model: `x:p${i + 1}` }));
  const replies = Object.fromEntries(seven.map((a, i) => [a.model, [`Proposal ${i + 1}.`]]));

  it('7 answers, w=3 → 3 calls with the right inputs, usage summed, earlier steps kept', async () => {
    const { view, requests, events } = await run(
      { layers: [{ agents: seven }, { strategy: 'sliding-window', window: 3, agents: [{ model: 'x:agg' }] }] },
      { ...replies, 'x:agg': ['S1.', 'S2.', 'S3.'] },
    );
    expect(view.status).toBe('finished');
    expect(view.finalText).toBe('S3.');
    const steps = requests.filter((r) => r.model === 'x:agg').map((r) => r.instructions!);
    expect(steps).toHaveLength(3);
    expect(parseSynthesisResponses(steps[0]).map((a) => a.index)).toEqual([1, 2, 3]);
    expect(parseSynthesisResponses(steps[1]).map((a) => a.index)).toEqual([4, 5, 6]);
    expect(parseSynthesisResponses(steps[2]).map((a) => a.index)).toEqual([7]);
    expect(steps[0]).not.toContain('Your synthesis so far');
    expect(steps[1]).toContain('Your synthesis so far');
    expect(steps[1]).toContain('<synthesis>\nS1.\n</synthesis>');
    expect(steps[2]).toContain('<synthesis>\nS2.\n</synthesis>');
    expect(events.filter((e) => e.type === 'agent-window').map((e) => e.type === 'agent-window' && [e.step, e.steps, e.answers])).toEqual([
      [1, 3, [1, 2, 3]],
      [2, 3, [4, 5, 6]],
      [3, 3, [7]],
    ]);
    const cell = view.layers[1][0];
    expect(cell.usage).toMatchObject({ inputTokens: 300, outputTokens: 30 });
    expect(cell.windows).toEqual([
      { step: 1, answers: [1, 2, 3], text: 'S1.' },
      { step: 2, answers: [4, 5, 6], text: 'S2.' },
    ]);
    expect(cell.text).toBe('S3.');
  });

  it('n ≤ w → a single call identical to synthesize', async () => {
    const three = seven.slice(0, 3);
    const a = await run({ layers: [{ agents: three }, { strategy: 'sliding-window', agents: [{ model: 'x:agg' }] }] }, { ...replies, 'x:agg': ['S.'] });
    const b = await run({ layers: [{ agents: three }, { agents: [{ model: 'x:agg' }] }] }, { ...replies, 'x:agg': ['S.'] });
    expect(a.requests.filter((r) => r.model === 'x:agg')).toHaveLength(1);
    expect(a.requests.at(-1)!.instructions).toBe(b.requests.at(-1)!.instructions);
    expect(a.events.some((e) => e.type === 'agent-window')).toBe(false);
  });
});

describe('presets on the offline models (no key)', () => {
  const models = OFFLINE_MODELS.map((m) => ({ id: `offline:${m.id}`, provider: 'offline', providerLabel: 'Offline', label: m.label, kind: 'offline' as const, role: m.role }));
  const resolveModel = (id: string) => createOfflineModel(id.slice('offline:'.length), { tokensPerSecond: 0, firstTokenMs: 0 });
  const go = async (config: ReturnType<typeof buildPreset>) => {
    const events: RunEvent[] = [];
    for await (const e of runMoA(config, 'What are the trade-offs of microservices versus a monolith?', { resolveModel })) events.push(e);
    return { events, view: reduceEvents(events) };
  };

  it('LLM Council: 4 proposers, 4 readable offline rankers, a Borda table, a chairman', async () => {
    const config = buildPreset('llm-council', models);
    expect(moaConfigSchema.safeParse(config).success).toBe(true);
    expect(config.layers.map((l) => [l.agents.length, l.strategy])).toEqual([[4, undefined], [4, 'council'], [1, undefined]]);
    expect(config.layers[1].agents.every((a) => a.temperature === 0)).toBe(true);
    const { view } = await go(config);
    expect(view.status).toBe('finished');
    expect(view.layers[1].every((a) => a.ranking?.order?.length === 4 && a.text.includes('Offline heuristic council ranker (not an LLM)'))).toBe(true);
    expect(view.councils?.[1]).toMatchObject({ counted: 4, rankers: 4 });
    expect(view.finalText).toBeTruthy();
  });

  it('Self-MoA-Seq: 6 samples, a window of 3 → 2 steps', async () => {
    const config = buildPreset('self-moa-seq', models);
    expect(moaConfigSchema.safeParse(config).success).toBe(true);
    expect(callsPerRun(config)).toBe(8);
    const { view, events } = await go(config);
    expect(view.status).toBe('finished');
    expect(events.filter((e) => e.type === 'agent-window')).toHaveLength(2);
    expect(view.layers[1][0].windows).toMatchObject([{ step: 1, answers: [1, 2, 3] }]);
    expect(view.layers[1][0].window).toEqual({ step: 2, steps: 2, answers: [4, 5, 6] });
    expect(view.finalText).toBe(view.layers[1][0].text);
    expect(runTotalsOf(view).calls).toBe(8);
    // The first step is announced as the aggregator starts, before its first token: its cell shows it while it streams.
    const announced = events.findIndex((e) => e.type === 'agent-window');
    expect(events.slice(0, announced).some((e) => e.type === 'agent-delta' && e.layer === 1)).toBe(false);
    expect(reduceEvents(events.slice(0, announced + 1)).layers[1][0]).toMatchObject({ status: 'streaming', window: { step: 1, steps: 2, answers: [1, 2, 3] } });
  });
});

describe('budget', () => {
  it('a sliding window is bounded by ceil(n/w) calls; a chairman reads more than a plain aggregator; council rankers may be asked twice', () => {
    const seven = Array.from({ length: 7 }, () => ({ model: 'x:p' }));
    const win = moaConfigSchema.parse({ layers: [{ agents: seven }, { strategy: 'sliding-window', window: 3, agents: [{ model: 'x:agg' }] }] });
    expect(agentBounds(win, 'Q?').at(-1)!.calls).toBe(3);
    const c = moaConfigSchema.parse(council(1));
    const plain = moaConfigSchema.parse({ layers: [c.layers[0], c.layers[2]] });
    const bounds = agentBounds(c, 'Q?');
    expect(bounds.filter((b) => b.layer === 1).every((b) => b.calls === 2)).toBe(true);
    expect(bounds.at(-1)!.inputTokens).toBeGreaterThan(agentBounds(plain, 'Q?').at(-1)!.inputTokens);
  });
});

describe('the builder: council and sliding-window settings', () => {
  const four = [1, 2, 3, 4].map((i) => ({ model: `x:p${i}` }));
  const moa = moaConfigSchema.parse({ layers: [{ agents: four }, { agents: four }, { agents: [{ model: 'x:agg' }] }] });

  it('a council layer’s agents are rankers; its seed is set, cleared, and survives the link', () => {
    const council = applyOp(moa, { type: 'set-layer-strategy', layer: 1, strategy: 'council' }, []);
    expect(roleOf(1, 3, 'council')).toBe('ranker');
    const seeded = applyOp(council, { type: 'set-layer-council', layer: 1, seed: 42 }, []);
    expect(seeded.layers[1]).toMatchObject({ strategy: 'council', seed: 42 });
    expect(decodeConfig(encodeConfig(seeded))).toEqual({ ok: true, config: seeded });
    expect(applyOp(seeded, { type: 'set-layer-council', layer: 1, seed: undefined }, []).layers[1]).toEqual(council.layers[1]);
    // Not a council: nothing to seed.
    expect(applyOp(moa, { type: 'set-layer-council', layer: 1, seed: 1 }, [])).toBe(moa);
  });

  it('a sliding window’s w is set and survives the link; the prompts leave the config at their defaults', () => {
    const two = moaConfigSchema.parse({ layers: [{ agents: four }, { agents: [{ model: 'x:agg' }] }] });
    const sliding = applyOp(two, { type: 'set-layer-strategy', layer: 1, strategy: 'sliding-window' }, []);
    const w2 = applyOp(sliding, { type: 'set-layer-window', layer: 1, window: 2 }, []);
    expect(w2.layers[1]).toMatchObject({ strategy: 'sliding-window', window: 2 });
    expect(callsPerRun(w2)).toBe(4 + 2);
    const prompted = applyOp(applyOp(w2, { type: 'set-window-prompt', text: 'Merge them.' }, []), { type: 'set-council-prompt', text: 'Rank them.' }, []);
    expect(prompted).toMatchObject({ windowPrompt: 'Merge them.', councilPrompt: 'Rank them.' });
    expect(decodeConfig(encodeConfig(prompted))).toEqual({ ok: true, config: prompted });
    const reset = applyOp(applyOp(prompted, { type: 'set-window-prompt', text: prompted.synthesisPrompt }, []), { type: 'set-council-prompt', text: DEFAULT_COUNCIL_PROMPT }, []);
    expect(reset).not.toHaveProperty('windowPrompt');
    expect(reset).not.toHaveProperty('councilPrompt');
  });

  it('answer numbers read compactly', () => {
    expect(formatNumberList([4, 5, 6])).toBe('4–6');
    expect(formatNumberList([1, 3])).toBe('1, 3');
    expect(formatNumberList([5, 6])).toBe('5–6');
    expect(formatNumberList([7, 1, 2, 3, 5])).toBe('1–3, 5, 7');
    expect(formatNumberList([])).toBe('');
  });
});
