// Results derived from fixed unit results, against figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { deriveResults, judgeSkipReason, progressOf, type JudgeUnitResult, type RunUnitResult } from '@/lib/evals/results';
import { evaluationSpecSchema } from '@/lib/evals/spec';

const single = { layers: [{ agents: [{ model: 'offline:synth' }] }] };
const spec = evaluationSpecSchema.parse({
  set: {
    id: 'fixed',
    name: 'Fixed',
    items: [
      { id: 'q1', prompt: 'One?', category: 'a' },
      { id: 'q2', prompt: 'Two?', category: 'a' },
      { id: 'q3', prompt: 'Three?', category: 'b' },
      { id: 'q4', prompt: 'Four?' },
    ],
  },
  configs: [
    { id: 'base', label: 'Baseline', config: single },
    { id: 'one', label: 'One', config: single },
    { id: 'two', label: 'Two', config: single },
  ],
  judge: { model: 'offline:synth' },
});

const usage = (input: number, output: number) => ({ inputTokens: input, outputTokens: output, totalTokens: input + output });
const ok = (chars: number, costUsd: number | null, latencyMs: number, firstFinalTokenMs: number | null): RunUnitResult => ({
  runId: `run-${chars}-${latencyMs}`, status: 'finished', finalText: ` ${'x'.repeat(chars)}\n`, usage: usage(10, chars), costUsd, latencyMs, firstFinalTokenMs,
});
const judged = (outcome: 'win' | 'tie' | 'loss', agreed: boolean): JudgeUnitResult => ({
  status: 'judged', outcome, agreed, verdict: outcome === 'win' ? 'B' : outcome === 'loss' ? 'A' : 'tie', reason: '', rationales: ['ab', 'ba'], usage: usage(100, 10), costUsd: 0.0001, latencyMs: 5,
});

const runs = new Map<string, RunUnitResult>([
  ['run:0:0', ok(10, 0.001, 100, 50)], ['run:1:0', ok(20, 0.001, 200, 60)], ['run:2:0', ok(30, 0.001, 300, 70)], ['run:3:0', ok(40, 0.001, 400, 80)],
  ['run:0:1', ok(50, 0.002, 1000, 500)], ['run:1:1', ok(50, 0.002, 2000, 600)], ['run:2:1', ok(50, 0.002, 3000, null)],
  ['run:3:1', { runId: 'run-failed', status: 'failed', finalText: '', usage: usage(10, 0), costUsd: 0.0005, latencyMs: 50, firstFinalTokenMs: null, error: 'boom' }],
  ['run:0:2', ok(5, 0.003, 10, 1)], ['run:1:2', ok(5, null, 10, 1)], ['run:2:2', ok(5, 0.003, 10, 1)], ['run:3:2', ok(5, 0.003, 10, 1)],
]);
const judgements = new Map<string, JudgeUnitResult>([
  ['judge:0:1', judged('win', true)], ['judge:1:1', judged('tie', false)], ['judge:2:1', judged('loss', true)],
  ['judge:3:1', { status: 'skipped', outcome: null, skipped: 'One has no answer: its run failed (boom).' }],
  ['judge:0:2', judged('win', true)], ['judge:1:2', judged('win', true)], ['judge:2:2', judged('tie', false)],
  // judge:3:2 not done yet
]);

describe('deriveResults', () => {
  const results = deriveResults(spec, { runs, judgements, grades: new Map() });
  const [base, one, two] = results.configs;

  it('counts wins, ties and losses against the baseline, with the Wilson interval and the judge’s consistency', () => {
    expect(base.isBaseline).toBe(true);
    expect(base.pairwise).toBeNull();
    expect(one.pairwise).toMatchObject({ n: 3, wins: 1, ties: 1, losses: 1, winRate: 0.5, agreed: 2 });
    expect(one.pairwise!.consistency).toBeCloseTo(2 / 3, 12);
    // Wilson on 1.5 of 3 at z = 1.95996: centre 0.5, half-width 0.374666.
    expect(one.pairwise!.interval!.method).toBe('wilson');
    expect(one.pairwise!.interval!.low).toBeCloseTo(0.1253345, 6);
    expect(one.pairwise!.interval!.high).toBeCloseTo(0.8746655, 6);
    expect(two.pairwise).toMatchObject({ n: 3, wins: 2, ties: 1, losses: 0, agreed: 2 });
    expect(two.pairwise!.winRate).toBeCloseTo(2.5 / 3, 12);
    expect(two.pairwise!.interval!.low).toBeCloseTo(0.3099881, 6);
    expect(two.pairwise!.interval!.high).toBeCloseTo(0.9823472, 6);
  });

  it('sums cost over every run with a result, failed ones included, and gives none when a price is unknown', () => {
    expect(base.costUsd).toBeCloseTo(0.004, 12);
    expect(base.costPerItemUsd).toBeCloseTo(0.001, 12);
    expect(one.costUsd).toBeCloseTo(0.0065, 12);
    expect(one.costPerItemUsd).toBeCloseTo(0.001625, 12);
    expect(two.costUsd).toBeNull();
    expect(two.costPerItemUsd).toBeNull();
    expect(one.usage).toEqual(usage(40, 150));
    expect(results.judge.costUsd).toBeCloseTo(0.0006, 12);
    expect(results.judge.usage).toEqual(usage(600, 60));
  });

  it('gives length, latency and first-final-token percentiles over finished runs, and lists failed items', () => {
    expect(base.meanLength).toBe(25);
    expect(one.meanLength).toBe(50);
    expect(base.latencyMs).toEqual({ p50: 200, p95: 400 });
    expect(one.latencyMs).toEqual({ p50: 2000, p95: 3000 });
    expect(one.firstFinalTokenMs).toEqual({ p50: 500, p95: 600 });
    expect(one).toMatchObject({ runs: 4, finished: 3, failedItems: ['q4'], judgements: { skipped: 1, failed: 0 } });
    expect(two).toMatchObject({ runs: 4, finished: 4, failedItems: [], judgements: { skipped: 0, failed: 0 } });
  });

  it('splits win rates by the set’s categories', () => {
    expect(one.byCategory.map((c) => [c.category, c.summary.wins, c.summary.ties, c.summary.losses])).toEqual([['a', 1, 1, 0], ['b', 0, 0, 1]]);
    expect(two.byCategory.map((c) => [c.category, c.summary.n])).toEqual([['a', 2], ['b', 1]]);
    expect(base.byCategory).toEqual([]);
  });

  it('counts done, failed, skipped and remaining units', () => {
    expect(results.progress).toMatchObject({ total: 20, done: 17, failed: 1, skipped: 1, remaining: 1 });
    expect(results.progress.runs).toEqual({ total: 12, done: 11, failed: 1, skipped: 0, remaining: 0 });
    expect(results.progress.judgements).toEqual({ total: 8, done: 6, failed: 0, skipped: 1, remaining: 1 });
    expect(progressOf(spec, { runs: new Map(), judgements: new Map(), grades: new Map() })).toMatchObject({ total: 20, remaining: 20, done: 0 });
  });

  it('draws the Pareto front of win rate vs cost per item, the baseline at 0.5', () => {
    expect(results.pareto.front.map((p) => [p.id, p.cost, p.winRate])).toEqual([['base', 0.001, 0.5]]);
    // Same win rate as the baseline, dearer.
    expect(results.pareto.dominated.map((p) => p.id)).toEqual(['one']);
    expect(results.pareto.unknownCost.map((p) => p.id)).toEqual(['two']);
  });

  it('has nothing to show before any unit is done', () => {
    const empty = deriveResults(spec, { runs: new Map(), judgements: new Map(), grades: new Map() });
    expect(empty.configs[1]).toMatchObject({ pairwise: { n: 0, winRate: null, interval: null }, costUsd: 0, costPerItemUsd: null, meanLength: null, latencyMs: { p50: null, p95: null } });
    expect(empty.pareto.front).toEqual([]);
  });
});

describe('judgeSkipReason', () => {
  const unit = { kind: 'judge', item: 3, config: 1 } as const;
  it('says which run has no answer, and why', () => {
    expect(judgeSkipReason(spec, unit, runs.get('run:3:0')!, runs.get('run:3:1')!)).toBe('One has no answer: its run failed (boom).');
    expect(judgeSkipReason(spec, unit, { ...runs.get('run:3:1')!, status: 'cancelled', error: undefined }, runs.get('run:3:0')!)).toBe('Baseline (baseline) has no answer: its run was cancelled.');
    expect(judgeSkipReason(spec, unit, runs.get('run:3:0')!, { ...runs.get('run:3:0')!, finalText: ' \n' })).toBe('One gave an empty answer.');
    expect(judgeSkipReason(spec, unit, runs.get('run:3:0')!, runs.get('run:2:1')!)).toBeNull();
  });
});
