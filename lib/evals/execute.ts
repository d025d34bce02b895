import 'server-only';
import { generateText, type LanguageModel } from 'ai';
import { costOfJudgement, JUDGE_MAX_OUTPUT_TOKENS, judgePair, usageOf } from '../compare/judge';
import { costOf } from '../cost';
import { sumUsage, type TokenUsage } from '../moa/events';
import { resolvePrice } from '../models/pricing';
import { getModelRegistry } from '../models/server';
import { agentStats } from '../run-stats';
import { finalAgent, initialRunView, reduceRun, type RunView } from '../run-view';
import { refuseRun, startRecordedRun, unavailableModels } from '../runs/start';
import type { RunStore } from '../runs/store';
import { runTotalsOf } from '../runs/totals';
import { redactSecrets } from '../secrets';
import { GRADE_INSTRUCTIONS, GRADE_WITH_REFERENCE_INSTRUCTIONS, gradeUserMessage, parseRating } from './grade-prompt';
import { runUnitPool, type PoolOptions, type PoolOutcome, type UnitExecutors } from './pool';
import { gradeSkipReason, judgeSkipReason, type GradeUnitResult, type JudgeUnitResult, type RunUnitResult } from './results';
import type { EvaluationSpec, GradeUnit, JudgeUnit, RunUnit } from './spec';
import { outcomeOf } from './stats';

/**
 * What one unit of an evaluation does, on this server: an item's run, recorded like any other
 * run (it has a share id and replays), or the judgement of two runs' answers. The in-process
 * pool and the durable queue call these same functions.
 */

export type RunUnitDeps = {
  /** Who owns the stored runs (the browser that started the evaluation); null for none. */
  ownerHash?: string | null;
  /** Runs with the same group show in History as one comparison: e.g. one group per item. */
  groupId?: string;
  /** The run store; the app's by default. */
  store?: Promise<RunStore>;
  /** Aborting stops the run; it is stored as cancelled. */
  signal?: AbortSignal;
  /** Told the stored run's id as soon as it has one, before the run ends (a queue can note it against a crash). */
  onRunId?: (runId: string) => void;
};

/** Runs item `unit.item` through configuration `unit.config`, as POST /api/runs would, and drains it. */
export async function executeRunUnit(spec: EvaluationSpec, unit: RunUnit, deps: RunUnitDeps = {}): Promise<RunUnitResult> {
  const { prompt } = spec.set.items[unit.item];
  const { config, presetId, configVersionId } = spec.configs[unit.config];
  const refusal = refuseRun(config, prompt);
  if (refusal) {
    return { runId: null, status: 'failed', finalText: '', costUsd: 0, latencyMs: 0, firstFinalTokenMs: null, error: `${refusal.error} ${refusal.details.join(' ')}` };
  }
  let view = initialRunView;
  for await (const event of startRecordedRun({ config, prompt, presetId, configVersionId, groupId: deps.groupId, ownerHash: deps.ownerHash }, deps.signal, deps.store)) {
    view = reduceRun(view, event);
    if (event.type === 'run-started' && event.runId) deps.onRunId?.(event.runId);
  }
  return runUnitResultOf(view);
}

/** A drained run's figures: the stored totals' (lib/runs/totals.ts), plus the aggregator's first token. */
export function runUnitResultOf(view: RunView): RunUnitResult {
  const totals = runTotalsOf(view);
  const final = finalAgent(view);
  const ended = view.status === 'finished' || view.status === 'failed' || view.status === 'cancelled';
  const error = ended ? view.error : 'The run ended without a result.';
  return {
    runId: view.runId ?? null,
    status: ended ? (view.status as RunUnitResult['status']) : 'failed',
    finalText: view.finalText ?? '',
    ...(totals.usage && { usage: totals.usage }),
    costUsd: totals.costUsd ?? null,
    latencyMs: totals.durationMs,
    firstFinalTokenMs: (final && agentStats(final, view.lastT, view.parameters).firstTokenT) ?? null,
    ...(error && { error }),
  };
}

/**
 * Judges the candidate's answer to the item against the baseline's, both orders (Compare's
 * judge: a flip is a tie). A = the baseline, B = the candidate. Skipped when a run has no
 * answer; a judge that fails or is stopped gives a failed or cancelled result, never a throw.
 * The judge is priced with the baseline configuration's price overrides.
 */
export async function executeJudgeUnit(
  spec: EvaluationSpec,
  unit: JudgeUnit,
  baselineRun: RunUnitResult,
  candidateRun: RunUnitResult,
  deps: { signal?: AbortSignal } = {},
): Promise<JudgeUnitResult> {
  const skipped = judgeSkipReason(spec, unit, baselineRun, candidateRun);
  if (skipped) return { status: 'skipped', outcome: null, skipped };
  const { model: modelId, instructions } = spec.judge;
  const [problem] = unavailableModels([modelId]);
  if (problem) return { status: 'failed', outcome: null, error: `The judge is not available: ${problem}` };

  const started = performance.now();
  try {
    const judgement = await judgePair({
      model: getModelRegistry().resolve(modelId),
      question: spec.set.items[unit.item].prompt,
      answers: [baselineRun.finalText, candidateRun.finalText],
      instructions,
      signal: deps.signal,
    });
    const { cost } = costOfJudgement(judgement.orders, resolvePrice(modelId, spec.configs[spec.baseline].config.pricing));
    const usage = sumUsage(judgement.orders.flatMap((o) => (o.usage ? [o.usage] : [])));
    return {
      status: 'judged',
      outcome: outcomeOf(judgement.verdict, 'B'),
      agreed: judgement.agreed,
      verdict: judgement.verdict,
      reason: judgement.reason,
      rationales: [judgement.orders[0].rationale, judgement.orders[1].rationale],
      ...(usage && { usage }),
      costUsd: cost?.totalUsd ?? null,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    if (deps.signal?.aborted) return { status: 'cancelled', outcome: null, error: 'The judge was stopped.' };
    return { status: 'failed', outcome: null, error: redactSecrets(error instanceof Error ? error.message : String(error)) };
  }
}

/**
 * Rates the run's answer 1–10 (MT-Bench's single-answer grading), shown the item's reference
 * answer when it has one. A reply without a readable rating is asked once more, then the unit
 * fails saying so: never a guessed score.
 */
export async function executeGradeUnit(spec: EvaluationSpec, unit: GradeUnit, run: RunUnitResult, deps: { signal?: AbortSignal; model?: LanguageModel } = {}): Promise<GradeUnitResult> {
  const skipped = gradeSkipReason(spec, unit, run);
  if (skipped) return { status: 'skipped', rating: null, skipped };
  const { model: modelId } = spec.judge;
  const [problem] = deps.model ? [] : unavailableModels([modelId]);
  if (problem) return { status: 'failed', rating: null, error: `The judge is not available: ${problem}` };
  const model = deps.model ?? getModelRegistry().resolve(modelId);
  const { prompt, reference } = spec.set.items[unit.item];
  const price = resolvePrice(modelId, spec.configs[spec.baseline].config.pricing);
  const started = performance.now();
  const usages: TokenUsage[] = [];
  try {
    for (let attempt = 1; attempt <= 2; attempt++) {
      const result = await generateText({
        model,
        instructions: reference ? GRADE_WITH_REFERENCE_INSTRUCTIONS : GRADE_INSTRUCTIONS,
        prompt: gradeUserMessage(prompt, run.finalText, reference),
        temperature: 0,
        maxOutputTokens: JUDGE_MAX_OUTPUT_TOKENS,
        maxRetries: 1,
        abortSignal: deps.signal,
      });
      const usage = usageOf(result.usage);
      if (usage) usages.push(usage);
      const { rating, explanation } = parseRating(result.text);
      if (rating === null) continue;
      const total = sumUsage(usages);
      return {
        status: 'graded',
        rating,
        explanation,
        withReference: !!reference,
        ...(total && { usage: total }),
        costUsd: total ? (costOf(total, price)?.totalUsd ?? null) : null,
        latencyMs: Math.round(performance.now() - started),
      };
    }
    return { status: 'failed', rating: null, error: 'The judge gave no rating from 1 to 10 in "Rating: [[n]]" form, twice.' };
  } catch (error) {
    if (deps.signal?.aborted) return { status: 'cancelled', rating: null, error: 'The judge was stopped.' };
    return { status: 'failed', rating: null, error: redactSecrets(error instanceof Error ? error.message : String(error)) };
  }
}

/** The real executors of an evaluation's units, as the durable driver and the CLI run them. */
export function unitExecutors(spec: EvaluationSpec, deps: Omit<RunUnitDeps, 'signal' | 'onRunId'> & { onRunId?: (unit: RunUnit, runId: string) => void } = {}): UnitExecutors {
  const { onRunId, ...runDeps } = deps;
  return {
    run: (unit, signal) => executeRunUnit(spec, unit, { ...runDeps, signal, onRunId: onRunId && ((runId) => onRunId(unit, runId)) }),
    judge: (unit, baseline, candidate, signal) => executeJudgeUnit(spec, unit, baseline, candidate, { signal }),
    grade: (unit, run, signal) => executeGradeUnit(spec, unit, run, { signal }),
  };
}

/** Every unit of the evaluation in this process, with the real executors (the CLI's way). */
export function runEvaluationInProcess(spec: EvaluationSpec, deps: Pick<RunUnitDeps, 'ownerHash' | 'store'> = {}, options: PoolOptions = {}): Promise<PoolOutcome> {
  return runUnitPool(spec, unitExecutors(spec, deps), options);
}
