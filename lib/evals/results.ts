/**
 * What the units of an evaluation produced, and every figure derived from it. Pure and
 * browser-safe: the results page, the CLI and exports derive from stored unit results each
 * time; nothing derived is stored. All statistics come from ./stats.ts.
 */
import type { Verdict } from '../compare/judge-prompt';
import { sumUsage, type TokenUsage } from '../moa/events';
import { judgedRunsOf, unitKey, unitsOf, type EvalUnit, type EvaluationSpec, type GradeUnit, type JudgeUnit } from './spec';
import { meanLength, paretoFront, percentile, summarizeByCategory, summarizePairwise, summarizeScores, type Outcome, type ParetoResult, type PairwiseItem, type ScoreSummary, type WinRateSummary } from './stats';

/** One item through one configuration: a stored run (`runId`), reduced to what results need. */
export type RunUnitResult = {
  /** The stored run (its share id); null when it was not started (refused) or not recorded. */
  runId: string | null;
  status: 'finished' | 'failed' | 'cancelled';
  finalText: string;
  usage?: TokenUsage;
  /** USD; null when some model's price is unknown. Failed and cancelled runs cost what they used. */
  costUsd: number | null;
  /** Run start to its last event. */
  latencyMs: number;
  /** Run start to the first token of the last layer's aggregator; null when it wrote none. */
  firstFinalTokenMs: number | null;
  error?: string;
};

/** One judgement of a candidate's answer against the baseline's, both orders. */
export type JudgedResult = {
  status: 'judged';
  /** The candidate's, against the baseline. */
  outcome: Outcome;
  /** Both orders gave the same verdict; a flip was scored a tie. */
  agreed: boolean;
  /** A = the baseline's answer, B = the candidate's. */
  verdict: Verdict;
  reason: string;
  /** The judge's rationale in each order: [baseline first (AB), candidate first (BA)]. */
  rationales: [string, string];
  usage?: TokenUsage;
  /** Both calls; null when the judge's price is unknown. */
  costUsd: number | null;
  latencyMs: number;
};

export type JudgeUnitResult =
  | JudgedResult
  /** Nothing to judge: a run has no answer. */
  | { status: 'skipped'; outcome: null; skipped: string }
  /** The judge failed or was stopped. */
  | { status: 'failed' | 'cancelled'; outcome: null; error: string };

/** One answer rated 1–10 by the judge (MT-Bench's single-answer grading). */
export type GradedResult = {
  status: 'graded';
  rating: number;
  /** The judge's explanation, without its rating line. */
  explanation: string;
  /** The item had a reference answer and the judge was shown it. */
  withReference: boolean;
  usage?: TokenUsage;
  costUsd: number | null;
  latencyMs: number;
};

export type GradeUnitResult =
  | GradedResult
  | { status: 'skipped'; rating: null; skipped: string }
  | { status: 'failed' | 'cancelled'; rating: null; error: string };

export type UnitResult = RunUnitResult | JudgeUnitResult | GradeUnitResult;

/** Every unit's result so far, by unitKey and kind. */
export type UnitResults = {
  runs: ReadonlyMap<string, RunUnitResult>;
  judgements: ReadonlyMap<string, JudgeUnitResult>;
  grades: ReadonlyMap<string, GradeUnitResult>;
};

/** Why configuration `config`'s run gives nothing to judge or grade, or null when it has an answer. */
function missingAnswer(spec: Pick<EvaluationSpec, 'configs' | 'baseline'>, run: RunUnitResult, config: number): string | null {
  if (run.status === 'finished' && run.finalText.trim()) return null;
  const who = `${spec.configs[config].label}${config === spec.baseline ? ' (baseline)' : ''}`;
  if (run.status === 'finished') return `${who} gave an empty answer.`;
  return `${who} has no answer: its run ${run.status === 'cancelled' ? 'was cancelled' : 'failed'}${run.error ? ` (${run.error})` : ''}.`;
}

/**
 * Why a judgement cannot be made from these runs (one has no answer), or null when it can.
 * The pool skips such a unit without calling the judge, and the judge unit says the same.
 */
export function judgeSkipReason(spec: Pick<EvaluationSpec, 'configs' | 'baseline'>, unit: JudgeUnit, baseline: RunUnitResult, candidate: RunUnitResult): string | null {
  const runs = judgedRunsOf(spec, unit);
  return missingAnswer(spec, baseline, runs.baseline.config) ?? missingAnswer(spec, candidate, runs.candidate.config);
}

/** Why a grading cannot be made from this run (it has no answer), or null when it can. */
export const gradeSkipReason = (spec: Pick<EvaluationSpec, 'configs' | 'baseline'>, unit: GradeUnit, run: RunUnitResult): string | null => missingAnswer(spec, run, unit.config);

/** Where a unit with this result stands: done (it did its work), failed (it did not), skipped (nothing to judge). */
export function unitState(result: UnitResult): 'done' | 'failed' | 'skipped' {
  if ('runId' in result) return result.status === 'finished' ? 'done' : 'failed';
  if (result.status === 'judged' || result.status === 'graded') return 'done';
  return result.status === 'skipped' ? 'skipped' : 'failed';
}

export type Progress = { total: number; done: number; failed: number; skipped: number; remaining: number };

export type ConfigResults = {
  index: number;
  id: string;
  label: string;
  isBaseline: boolean;
  /** Against the baseline; null for the baseline itself. */
  pairwise: WinRateSummary | null;
  byCategory: { category: string | null; summary: WinRateSummary }[];
  /** Mean characters of the finished answers, beside the win rate: judges favour length. */
  meanLength: number | null;
  /** Runs with a result (finished, failed or cancelled): what costs and tokens add up. */
  runs: number;
  finished: number;
  /** Ids of the items whose run failed or was cancelled. */
  failedItems: string[];
  /** USD of every run with a result; null when some price is unknown. */
  costUsd: number | null;
  costPerItemUsd: number | null;
  usage?: TokenUsage;
  /** Over finished runs, nearest-rank percentiles. */
  latencyMs: { p50: number | null; p95: number | null };
  firstFinalTokenMs: { p50: number | null; p95: number | null };
  /** Judgements skipped (a run had no answer) or failed. */
  judgements: { skipped: number; failed: number };
  /** Its answers' 1–10 ratings when the evaluation grades them; null when it does not. */
  grades: (ScoreSummary & { skipped: number; failed: number }) | null;
};

export type ParetoPoint = { id: string; label: string; cost: number | null; winRate: number };

export type EvaluationResults = {
  configs: ConfigResults[];
  progress: Progress & { runs: Progress; judgements: Progress; grades: Progress };
  /**
   * Win rate vs cost per item. The baseline is placed at 0.5 (against itself every item would
   * tie, as AlpacaEval places its reference); configurations not yet judged are left out.
   */
  pareto: ParetoResult<ParetoPoint>;
  judge: { costUsd: number | null; usage?: TokenUsage };
  /** Spent so far by every unit with a result, runs and judge: the known USD, and how many units' cost is unknown. */
  spend: { usd: number; unpriced: number };
};

/** USD of results that all know their cost; null when one does not. */
const sumKnownUsd = (costs: (number | null)[]) => (costs.some((c) => c === null) ? null : costs.reduce<number>((sum, c) => sum + c!, 0));

const spread = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });

export function deriveResults(spec: EvaluationSpec, { runs, judgements, grades }: UnitResults): EvaluationResults {
  const items = spec.set.items;
  const configs = spec.configs.map((entry, config): ConfigResults => {
    const results = items.flatMap((item, index) => {
      const run = runs.get(unitKey({ kind: 'run', item: index, config }));
      return run ? [{ item, run }] : [];
    });
    const finished = results.filter(({ run }) => run.status === 'finished');
    const judged: PairwiseItem[] = [];
    const judgeCounts = { skipped: 0, failed: 0 };
    if (config !== spec.baseline) {
      items.forEach((item, index) => {
        const judgement = judgements.get(unitKey({ kind: 'judge', item: index, config }));
        if (!judgement) return;
        if (judgement.status === 'judged') judged.push({ outcome: judgement.outcome, agreed: judgement.agreed, category: item.category });
        else judgeCounts[unitState(judgement) as 'skipped' | 'failed']++;
      });
    }
    const costUsd = sumKnownUsd(results.map(({ run }) => run.costUsd));
    const gradeResults = spec.judge.grading ? items.flatMap((_, index) => grades.get(unitKey({ kind: 'grade', item: index, config })) ?? []) : [];
    return {
      index: config,
      id: entry.id,
      label: entry.label,
      isBaseline: config === spec.baseline,
      pairwise: config === spec.baseline ? null : summarizePairwise(judged),
      byCategory: config === spec.baseline ? [] : summarizeByCategory(judged),
      meanLength: meanLength(finished.map(({ run }) => run.finalText)),
      runs: results.length,
      finished: finished.length,
      failedItems: results.filter(({ run }) => run.status !== 'finished').map(({ item }) => item.id),
      costUsd,
      costPerItemUsd: costUsd === null || !results.length ? null : costUsd / results.length,
      usage: sumUsage(results.flatMap(({ run }) => (run.usage ? [run.usage] : []))),
      latencyMs: spread(finished.map(({ run }) => run.latencyMs)),
      firstFinalTokenMs: spread(finished.flatMap(({ run }) => (run.firstFinalTokenMs === null ? [] : [run.firstFinalTokenMs]))),
      judgements: judgeCounts,
      grades: spec.judge.grading
        ? {
            ...summarizeScores(gradeResults.flatMap((g) => (g.status === 'graded' ? [g.rating] : []))),
            skipped: gradeResults.filter((g) => g.status === 'skipped').length,
            failed: gradeResults.filter((g) => g.status === 'failed' || g.status === 'cancelled').length,
          }
        : null,
    };
  });

  const points = configs.flatMap((c): ParetoPoint[] => {
    const winRate = c.isBaseline ? 0.5 : c.pairwise?.winRate;
    return winRate === null || winRate === undefined || (c.isBaseline && !c.runs) ? [] : [{ id: c.id, label: c.label, cost: c.costPerItemUsd, winRate }];
  });
  const judged = [...judgements.values(), ...grades.values()].filter((j): j is JudgedResult | GradedResult => j.status === 'judged' || j.status === 'graded');

  return {
    configs,
    progress: progressOf(spec, { runs, judgements, grades }),
    pareto: paretoFront(points),
    judge: { costUsd: sumKnownUsd(judged.map((j) => j.costUsd)), usage: sumUsage(judged.flatMap((j) => (j.usage ? [j.usage] : []))) },
    spend: spendOf([...runs.values(), ...judgements.values(), ...grades.values()]),
  };
}

/** What a unit's calls cost, as far as it got; null when a price is unknown. Skipped units called nothing. */
export const unitCostUsd = (result: UnitResult): number | null => ('costUsd' in result ? result.costUsd : 0);

function spendOf(results: Iterable<UnitResult>): EvaluationResults['spend'] {
  const spend = { usd: 0, unpriced: 0 };
  for (const result of results) {
    const usd = unitCostUsd(result);
    if (usd === null) spend.unpriced++;
    else spend.usd += usd;
  }
  return spend;
}

/** Done, failed, skipped and remaining units, in all and by kind. */
export function progressOf(spec: EvaluationSpec, results: UnitResults): EvaluationResults['progress'] {
  const empty = (): Progress => ({ total: 0, done: 0, failed: 0, skipped: 0, remaining: 0 });
  const all = empty();
  const byKind = { run: empty(), judge: empty(), grade: empty() };
  for (const unit of unitsOf(spec)) {
    const result = resultOf(unit, results);
    const state = result ? unitState(result) : 'remaining';
    for (const p of [all, byKind[unit.kind]]) {
      p.total++;
      p[state]++;
    }
  }
  return { ...all, runs: byKind.run, judgements: byKind.judge, grades: byKind.grade };
}

/** A unit's result, if it has one. */
export const resultOf = (unit: EvalUnit, results: UnitResults): UnitResult | undefined =>
  (unit.kind === 'run' ? results.runs : unit.kind === 'judge' ? results.judgements : results.grades).get(unitKey(unit));
