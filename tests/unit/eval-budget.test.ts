// An evaluation's budget: the upper-bound estimate over every run and judge call, the refusal
// over the cap, and the driver stopping once the spend reaches it.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEvaluationBudget, estimateEvaluationCost } from '@/lib/evals/budget';
import { driveEvaluation } from '@/lib/evals/drive';
import { getEvaluationStore } from '@/lib/evals/server';
import { evaluationSpecSchema, unitKey, unitsOf } from '@/lib/evals/spec';
import { approxTokens, estimateRunCost } from '@/lib/moa/budget';
import { newRunId } from '@/lib/runs/ids';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const price = { inputPerMTok: 1, outputPerMTok: 10 };
const pricing = { 'offline:synth': price, 'offline:concise': price };
const agent = (model: string, maxOutputTokens = 40) => ({ model, maxOutputTokens });
const specWith = (extra: Record<string, unknown> = {}) =>
  evaluationSpecSchema.parse({
    set: { id: 'two', name: 'Two', items: ['Why is the sky blue?', 'What is a prime number?'].map((prompt, i) => ({ id: `q${i}`, prompt })) },
    configs: [
      { id: 'single', label: 'Single', config: { layers: [{ agents: [agent('offline:synth', 50)] }], pricing } },
      { id: 'lite', label: 'Lite', config: { layers: [{ agents: [agent('offline:concise')] }, { agents: [agent('offline:synth', 70)] }], pricing } },
    ],
    judge: { model: 'offline:synth' },
    ...extra,
  });

describe('estimateEvaluationCost', () => {
  it('adds every run\'s upper bound and two judge calls per judgement, each at its answers\' caps', () => {
    const spec = specWith();
    const estimate = estimateEvaluationCost(spec);
    const runs = spec.set.items.flatMap((item) => spec.configs.map((c) => estimateRunCost(c.config, item.prompt, { 'offline:synth': price, 'offline:concise': price }).maxUsd));
    const judge = spec.set.items.map((item) => {
      // Instructions + question + the two final answers' caps (50 and 70) + three blocks of framing, with the 1.25 margin and two messages' framing.
      const input = Math.ceil((approxTokens(spec.judge.instructions) + approxTokens(item.prompt) + 50 + 70 + 48) * 1.25) + 32;
      return 2 * ((input * 1 + 600 * 10) / 1e6);
    });
    expect(estimate.runsUsd).toBeCloseTo(runs.reduce((a, b) => a + b, 0), 8);
    expect(estimate.judgeUsd).toBeCloseTo(judge.reduce((a, b) => a + b, 0), 8);
    expect(estimate.maxUsd).toBeCloseTo(estimate.runsUsd + estimate.judgeUsd, 8);
    expect(estimate.unpriced).toEqual([]);
  });

  it('is free on the offline models, and names a model whose price is unknown', () => {
    const free = specWith({ configs: specWith().configs.map((c) => ({ ...c, config: { ...c.config, pricing: undefined } })) });
    expect(estimateEvaluationCost(free)).toMatchObject({ maxUsd: 0, unpriced: [] });
    const unknownJudge = specWith({ judge: { model: 'nowhere:judge' } });
    expect(estimateEvaluationCost(unknownJudge).unpriced).toEqual(['nowhere:judge']);
  });
});

describe('checkEvaluationBudget', () => {
  it('refuses an evaluation that could cost more than its budget, or whose cost cannot be bounded, and passes one without a budget', () => {
    const spec = specWith({ budgetUsd: 0.001 });
    const [line] = checkEvaluationBudget(spec, estimateEvaluationCost(spec));
    expect(line).toMatch(/^This evaluation could cost up to \$0\.0\d+, over the \$0\.001 budget\./);
    expect(checkEvaluationBudget(specWith({ budgetUsd: 1 }), estimateEvaluationCost(spec))).toEqual([]);
    expect(checkEvaluationBudget(specWith(), estimateEvaluationCost(spec))).toEqual([]);
    const unknown = specWith({ budgetUsd: 1, judge: { model: 'nowhere:judge' } });
    expect(checkEvaluationBudget(unknown, estimateEvaluationCost(unknown))[0]).toContain('nowhere:judge: its price is unknown');
  });
});

describe('driveEvaluation under a budget', () => {
  it('stops once the spend reaches the budget: failed, saying so, the units left not run', async () => {
    // Stored directly, as if prices had risen since the estimate: the driver is the last line.
    const spec = specWith({ budgetUsd: 0.000_01, concurrency: 1 });
    const store = await getEvaluationStore();
    const id = newRunId();
    await store.create({ id, ownerHash: 'budget', name: 'budget', spec, unitKeys: unitsOf(spec).map(unitKey) });
    await driveEvaluation(id, store, new AbortController().signal);
    const row = (await store.get(id))!;
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^Its budget of \$0\.00001 is spent \(\$0\.\d{4}\): the units left were not run\.$/);
    const units = await store.units(id);
    expect(units.filter((u) => u.status === 'done').length).toBe(1);
    expect(units.filter((u) => u.status === 'pending').length).toBe(units.length - 1);
  });
});
