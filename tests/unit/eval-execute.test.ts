// An evaluation's units on this server: an item's run recorded like any run, on the offline
// models, and its judgement by the offline heuristic judge.
import { beforeAll, describe, expect, it } from 'vitest';
import { executeJudgeUnit, executeRunUnit, runEvaluationInProcess } from '@/lib/evals/execute';
import type { RunUnitResult } from '@/lib/evals/results';
import { evaluationSpecSchema, type EvaluationSpecInput } from '@/lib/evals/spec';
import type { RunEvent } from '@/lib/moa/events';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const agent = (model: string) => ({ model, maxOutputTokens: 60 });
const single = { layers: [{ agents: [agent('offline:synth')] }] };
const lite = { layers: [{ agents: [agent('offline:concise'), agent('offline:stepwise'), agent('offline:sceptic')] }, { agents: [agent('offline:synth')] }] };
const QUESTION = 'Why is the sky blue during the day but red at sunset?';

const specOf = (over: Partial<EvaluationSpecInput> = {}) =>
  evaluationSpecSchema.parse({
    set: { id: 'sky', name: 'Sky', items: [{ id: 'sky', prompt: QUESTION, category: 'science' }, { id: 'tea', prompt: 'How do I brew green tea?' }] },
    configs: [
      { id: 'single', label: 'Single model', config: single, presetId: 'single' },
      { id: 'moa-lite', label: 'MoA-Lite', config: lite, presetId: 'moa-lite' },
    ],
    judge: { model: 'offline:synth' },
    ...over,
  });

const eventsOf = async (runId: string) => (await (await getRunStore()).allEvents(runId)).map((e) => e.event);

describe('executeRunUnit', () => {
  it('records the item as a stored run of its owner, and returns its answer, $0 cost and timings', async () => {
    const spec = specOf();
    const told: string[] = [];
    const result = await executeRunUnit(spec, { kind: 'run', item: 0, config: 1 }, { ownerHash: 'owner-of-the-evaluation', onRunId: (id) => told.push(id) });
    expect(result).toMatchObject({ status: 'finished', costUsd: 0 });
    expect(result.runId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(told).toEqual([result.runId]);
    expect(result.finalText.length).toBeGreaterThan(40);
    expect(result.usage!.outputTokens).toBeGreaterThan(0);

    const row = await (await getRunStore()).getRun(result.runId!);
    expect(row).toMatchObject({ status: 'finished', prompt: QUESTION, presetId: 'moa-lite', ownerHash: 'owner-of-the-evaluation', finalText: result.finalText });
    expect(row!.totals).toMatchObject({ usage: result.usage, costUsd: 0, durationMs: result.latencyMs });

    // The aggregator (layer 2) starts once layer 1 is done; its first token is what the figure times.
    const events = await eventsOf(result.runId!);
    const started = events.find((e): e is Extract<RunEvent, { type: 'agent-started' }> => e.type === 'agent-started' && e.layer === 1)!;
    const finished = events.find((e): e is Extract<RunEvent, { type: 'agent-finished' }> => e.type === 'agent-finished' && e.layer === 1)!;
    const layerOneEnds = events.filter((e) => e.type === 'agent-finished' && e.layer === 0).map((e) => e.t);
    expect(result.firstFinalTokenMs).toBeCloseTo(started.t + finished.firstTokenMs!, 1);
    expect(result.firstFinalTokenMs!).toBeGreaterThanOrEqual(Math.max(...layerOneEnds));
    expect(result.firstFinalTokenMs!).toBeLessThanOrEqual(result.latencyMs);
  });

  it('costs the run at the configuration’s prices', async () => {
    const priced = { ...single, pricing: { 'offline:synth': { inputPerMTok: 1000, outputPerMTok: 2000 } } };
    const spec = specOf({ configs: [{ id: 'priced', label: 'Priced', config: priced }, { id: 'lite', label: 'Lite', config: lite }] });
    const result = await executeRunUnit(spec, { kind: 'run', item: 1, config: 0 });
    const { inputTokens, outputTokens } = result.usage!;
    expect(result.costUsd).toBeCloseTo((inputTokens * 1000 + outputTokens * 2000) / 1e6, 9);
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('refuses a run whose models are not available, or that could exceed its budget, without starting it', async () => {
    const unavailable = { layers: [{ agents: [agent('anthropic:claude-x')] }] };
    const spec = specOf({ configs: [{ id: 'a', label: 'A', config: unavailable }, { id: 'b', label: 'B', config: { ...single, budgetUsd: 0.000001, pricing: { 'offline:synth': { inputPerMTok: 1000, outputPerMTok: 1000 } } } }] });
    expect(await executeRunUnit(spec, { kind: 'run', item: 0, config: 0 })).toMatchObject({
      runId: null, status: 'failed', costUsd: 0, finalText: '', error: expect.stringContaining('anthropic:claude-x: Anthropic is not configured'),
    });
    expect(await executeRunUnit(spec, { kind: 'run', item: 0, config: 1 })).toMatchObject({ runId: null, status: 'failed', error: expect.stringContaining('over the $0.000001 budget') });
  });

  it('stores a stopped run as cancelled', async () => {
    const result = await executeRunUnit(specOf(), { kind: 'run', item: 0, config: 1 }, { signal: AbortSignal.abort() });
    expect(result.status).toBe('cancelled');
    expect(result.firstFinalTokenMs).toBeNull();
    expect((await (await getRunStore()).getRun(result.runId!))!.status).toBe('cancelled');
  });
});

const run = (finalText: string, status: RunUnitResult['status'] = 'finished'): RunUnitResult => ({ runId: null, status, finalText, costUsd: 0, latencyMs: 1, firstFinalTokenMs: 1 });
const POOR = 'It is a colour.';
const GOOD =
  'The sky is blue during the day because air molecules scatter short blue wavelengths of sunlight far more than red ones (Rayleigh scattering).\n\n' +
  '- At sunset, sunlight crosses much more atmosphere, so most blue light is scattered away before it reaches you.\n- The remaining light is red and orange, which is why the sky looks red at sunset.';

describe('executeJudgeUnit', () => {
  const unit = { kind: 'judge', item: 0, config: 1 } as const;

  it('judges the candidate against the baseline in both orders with the offline judge', async () => {
    const spec = specOf();
    const win = await executeJudgeUnit(spec, unit, run(POOR), run(GOOD));
    expect(win).toMatchObject({ status: 'judged', outcome: 'win', verdict: 'B', agreed: true, costUsd: 0 });
    if (win.status !== 'judged') throw new Error('not judged');
    expect(win.rationales).toHaveLength(2);
    expect(win.rationales[0]).toMatch(/^Answer B covers the question better/);
    // Swapped, the judge names the same answer: answer A of the second order.
    expect(win.rationales[1]).toMatch(/^Answer A covers the question better/);
    expect(win.usage!.inputTokens).toBeGreaterThan(0);
    expect(await executeJudgeUnit(spec, unit, run(GOOD), run(POOR))).toMatchObject({ status: 'judged', outcome: 'loss', verdict: 'A' });
    expect(await executeJudgeUnit(spec, unit, run(GOOD), run(GOOD))).toMatchObject({ status: 'judged', outcome: 'tie', verdict: 'tie', agreed: true });
  });

  it('prices the judge with the baseline configuration’s overrides', async () => {
    const priced = { ...single, pricing: { 'offline:synth': { inputPerMTok: 1000, outputPerMTok: 1000 } } };
    const spec = specOf({ configs: [{ id: 'priced', label: 'Priced', config: priced }, { id: 'lite', label: 'Lite', config: lite }] });
    const result = await executeJudgeUnit(spec, unit, run(POOR), run(GOOD));
    if (result.status !== 'judged') throw new Error('not judged');
    expect(result.costUsd).toBeCloseTo(result.usage!.totalTokens / 1000, 9);
  });

  it('skips a pair with no answer, and says so when the judge is not available', async () => {
    const spec = specOf();
    expect(await executeJudgeUnit(spec, unit, run('', 'failed'), run(GOOD))).toEqual({ status: 'skipped', outcome: null, skipped: 'Single model (baseline) has no answer: its run failed.' });
    const noJudge = specOf({ judge: { model: 'openai:gpt-4.1-mini' } });
    expect(await executeJudgeUnit(noJudge, unit, run(POOR), run(GOOD))).toMatchObject({ status: 'failed', outcome: null, error: expect.stringContaining('OpenAI is not configured') });
  });
});

describe('runEvaluationInProcess', () => {
  it('runs and judges every item, each run stored', async () => {
    const spec = specOf();
    const outcome = await runEvaluationInProcess(spec, { ownerHash: null });
    expect([...outcome.runs.keys()].sort()).toEqual(['run:0:0', 'run:0:1', 'run:1:0', 'run:1:1']);
    expect([...outcome.runs.values()].every((r) => r.status === 'finished' && r.runId)).toBe(true);
    expect([...outcome.judgements.values()].map((j) => j.status)).toEqual(['judged', 'judged']);
    const store = await getRunStore();
    for (const r of outcome.runs.values()) expect((await store.getRun(r.runId!))!.finalText).toBe(r.finalText);
  });
});
