/**
 * What an evaluation can cost at most, before it starts: every run's upper bound (lib/moa/budget.ts)
 * plus every judge call's (pairwise and grading), each answer at its configuration's longest
 * final answer; a grading is counted twice, as it may be asked again once.
 * Refused over the evaluation's budget like a run over its own.
 */
import { JUDGE_MAX_OUTPUT_TOKENS } from '../compare/judge';
import { costOf, roundUsd } from '../cost';
import { approxTokens, boundInputTokens, checkBudget, estimateRunCost, FRAMING_TOKENS, type CountTokens, type RunEstimate } from '../moa/budget';
import { modelsOf, type MoAConfig } from '../moa/config';
import { resolvePrice, resolveRunModels } from '../models/pricing';
import { GRADE_INSTRUCTIONS, GRADE_WITH_REFERENCE_INSTRUCTIONS } from './grade-prompt';
import { unitsOf, type EvaluationSpec } from './spec';

export type EvaluationEstimate = RunEstimate & {
  /** Of `maxUsd`: the runs' and the judge's parts. */
  runsUsd: number;
  judgeUsd: number;
};

/** The most tokens a configuration's final answer can have: its aggregator's cap. */
const finalAnswerTokens = (config: MoAConfig) => Math.max(...config.layers.at(-1)!.agents.map((a) => a.maxOutputTokens));

export function estimateEvaluationCost(spec: EvaluationSpec, countText: CountTokens = approxTokens): EvaluationEstimate {
  // Each prompt, system prompt and synthesis prompt recurs in many units: tokenized once each.
  const counted = new Map<string, number>();
  const count: CountTokens = (text) => counted.get(text) ?? counted.set(text, countText(text)).get(text)!;
  const prices = spec.configs.map((c) => resolveRunModels(modelsOf(c.config), c.config.pricing).prices);
  // The judge is priced with the baseline's overrides, as its calls are (lib/evals/execute.ts).
  const judgePrice = resolvePrice(spec.judge.model, spec.configs[spec.baseline].config.pricing);
  const instructionTokens = count(spec.judge.instructions);

  const unpriced = new Set<string>();
  let runsUsd = 0;
  let judgeUsd = 0;
  for (const unit of unitsOf(spec)) {
    if (unit.kind === 'run') {
      const { config } = spec.configs[unit.config];
      const run = estimateRunCost(config, spec.set.items[unit.item].prompt, prices[unit.config], count);
      run.unpriced.forEach((id) => unpriced.add(id));
      runsUsd += run.maxUsd;
      continue;
    }
    if (!judgePrice) {
      unpriced.add(spec.judge.model);
      continue;
    }
    const { prompt, reference } = spec.set.items[unit.item];
    const text =
      unit.kind === 'judge'
        ? instructionTokens + finalAnswerTokens(spec.configs[spec.baseline].config) + finalAnswerTokens(spec.configs[unit.config].config) + 3 * FRAMING_TOKENS
        : count(reference ? GRADE_WITH_REFERENCE_INSTRUCTIONS : GRADE_INSTRUCTIONS) + count(reference ?? '') + finalAnswerTokens(spec.configs[unit.config].config) + 3 * FRAMING_TOKENS;
    const inputTokens = boundInputTokens(text + count(prompt));
    // Two calls either way: a judgement's two orders, or a grading and its one retry.
    judgeUsd += 2 * costOf({ inputTokens, outputTokens: JUDGE_MAX_OUTPUT_TOKENS, totalTokens: 0 }, judgePrice)!.totalUsd;
  }
  return { maxUsd: roundUsd(runsUsd + judgeUsd), runsUsd: roundUsd(runsUsd), judgeUsd: roundUsd(judgeUsd), unpriced: [...unpriced] };
}

/** Why the evaluation may not start under its budget; empty when it may (or has no budget). */
export const checkEvaluationBudget = (spec: Pick<EvaluationSpec, 'budgetUsd'>, estimate: EvaluationEstimate) => checkBudget(spec.budgetUsd, estimate, 'This evaluation');
