/**
 * An evaluation: one prompt set × 2–8 configurations, judged pairwise against a baseline, and
 * the units of work it breaks into. Browser-safe: the builder validates with the same schema.
 */
import { z } from 'zod';
import { judgeInstructionsSchema } from '../compare/judge-request';
import { describeIssues, modelIdSchema, moaConfigSchema, runRequestSchema } from '../moa/config';
import { promptSetSchema } from './prompt-set';

export const EVAL_LIMITS = {
  minConfigs: 2,
  maxConfigs: 8,
  maxConcurrency: 32,
  maxNameChars: 120,
  maxLabelChars: 80,
  maxConfigIdChars: 40,
} as const;

export const evalConfigSchema = z.strictObject({
  /** Names the configuration in results, exports and unit keys' readers. */
  id: z
    .string('A configuration id is text.')
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'Configuration ids use lower-case letters, digits and "-", starting with a letter or digit.')
    .max(EVAL_LIMITS.maxConfigIdChars, `Configuration ids are at most ${EVAL_LIMITS.maxConfigIdChars} characters.`),
  label: z.string('A label is text.').trim().min(1, 'A configuration needs a label.').max(EVAL_LIMITS.maxLabelChars, `Labels are at most ${EVAL_LIMITS.maxLabelChars} characters.`),
  config: moaConfigSchema,
  /** The preset the config is, unchanged: its runs show the preset's name, as the board's do. */
  presetId: runRequestSchema.shape.presetId,
  /** The saved config version it is (lib/configs/): its runs record it, once the server checked it is the owner's and this config. */
  configVersionId: runRequestSchema.shape.configVersionId,
});

export const evaluationSpecSchema = z
  .strictObject({
    name: z.string('A name is text.').trim().min(1, 'A name cannot be empty (leave it out instead).').max(EVAL_LIMITS.maxNameChars, `Names are at most ${EVAL_LIMITS.maxNameChars} characters.`).optional(),
    set: promptSetSchema,
    configs: z
      .array(evalConfigSchema)
      .min(EVAL_LIMITS.minConfigs, `An evaluation compares at least ${EVAL_LIMITS.minConfigs} configurations.`)
      .max(EVAL_LIMITS.maxConfigs, `An evaluation compares at most ${EVAL_LIMITS.maxConfigs} configurations.`),
    /** Index in `configs` of the configuration every other one is judged against. */
    baseline: z.number('The baseline is a configuration index.').int('The baseline is a configuration index.').min(0, 'The baseline is a configuration index (from 0).').default(0),
    judge: z.strictObject({
      model: modelIdSchema,
      instructions: judgeInstructionsSchema,
      /** Also rate every answer 1–10, against the item's reference when it has one (MT-Bench's single-answer grading). */
      grading: z.boolean('grading is true or false.').default(false),
    }),
    /** Units (runs and judgements) under way at once. */
    concurrency: z
      .number('Concurrency must be a number.')
      .int('Concurrency must be a whole number.')
      .min(1, 'Concurrency is at least 1.')
      .max(EVAL_LIMITS.maxConcurrency, `Concurrency is at most ${EVAL_LIMITS.maxConcurrency}.`)
      .default(4),
    /** At most this many units under way at once per provider (`{"openai": 4}`), within `concurrency`: a provider's rate limit is its own. */
    providerConcurrency: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Provider ids look like "openai" or "offline".').max(40),
        z.number('A provider limit is a number.').int('A provider limit is a whole number.').min(1, 'A provider limit is at least 1.').max(EVAL_LIMITS.maxConcurrency, `A provider limit is at most ${EVAL_LIMITS.maxConcurrency}.`),
      )
      .refine((limits) => Object.keys(limits).length <= 20, 'At most 20 provider limits.')
      .optional(),
    /** USD for the whole evaluation: refused at the start when its upper-bound estimate is over, stopped if its spend gets there. */
    budgetUsd: z.number('The budget is a number of dollars.').positive('The budget must be more than $0.').max(100_000, 'The budget is at most $100,000.').optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Map<string, number>();
    spec.configs.forEach((entry, index) => {
      const earlier = seen.get(entry.id);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['configs', index, 'id'], message: `Configuration id "${entry.id}" is already used by configuration ${earlier + 1}.` });
      else seen.set(entry.id, index);
    });
    if (spec.baseline >= spec.configs.length) {
      ctx.addIssue({ code: 'custom', path: ['baseline'], message: `The baseline must be one of the ${spec.configs.length} configurations (index 0–${spec.configs.length - 1}); it is ${spec.baseline}.` });
    }
  });

export type EvalConfig = z.infer<typeof evalConfigSchema>;
export type EvaluationSpec = z.infer<typeof evaluationSpecSchema>;
export type EvaluationSpecInput = z.input<typeof evaluationSpecSchema>;

/** The spec, or readable one-line problems, counted from 1 (`configuration 2 › config › layer 1: …`, `set › item 3 › prompt: …`). */
export function parseEvaluationSpec(input: unknown): { ok: true; spec: EvaluationSpec } | { ok: false; errors: string[] } {
  const parsed = evaluationSpecSchema.safeParse(input);
  if (parsed.success) return { ok: true, spec: parsed.data };
  return { ok: false, errors: describeIssues(new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: countedFromOne(issue.path) })))) };
}

/** `configs, 1` → `configuration 2`, `items, 2` → `item 3`: people count from 1. */
function countedFromOne(path: PropertyKey[]): PropertyKey[] {
  const named: PropertyKey[] = [];
  for (let i = 0; i < path.length; i++) {
    const next = path[i + 1];
    if ((path[i] === 'configs' || path[i] === 'items') && typeof next === 'number') {
      named.push(`${path[i] === 'configs' ? 'configuration' : 'item'} ${next + 1}`);
      i++;
    } else named.push(path[i]);
  }
  return named;
}

/** Item `item` of the set through configuration `config`: one stored run. */
export type RunUnit = { kind: 'run'; item: number; config: number };
/** Item `item`'s answer of configuration `config` judged against the baseline's; needs both runs. */
export type JudgeUnit = { kind: 'judge'; item: number; config: number };
/** Item `item`'s answer of configuration `config` rated 1–10 on its own; needs its run. */
export type GradeUnit = { kind: 'grade'; item: number; config: number };
export type EvalUnit = RunUnit | JudgeUnit | GradeUnit;

/**
 * Every unit of an evaluation, item by item (its runs, then its judgements and gradings), so
 * that judging can start as soon as the first items are answered: items × configs runs, items ×
 * (configs − 1) judgements, and with grading items × configs gradings.
 */
export function unitsOf(spec: Pick<EvaluationSpec, 'set' | 'configs' | 'baseline'> & { judge: Pick<EvaluationSpec['judge'], 'grading'> }): EvalUnit[] {
  const units: EvalUnit[] = [];
  spec.set.items.forEach((_, item) => {
    spec.configs.forEach((_, config) => units.push({ kind: 'run', item, config }));
    spec.configs.forEach((_, config) => {
      if (config !== spec.baseline) units.push({ kind: 'judge', item, config });
    });
    if (spec.judge.grading) spec.configs.forEach((_, config) => units.push({ kind: 'grade', item, config }));
  });
  return units;
}

/** A unit's stable key, `run|judge|grade:<item>:<config>` (indices): each unit runs once under it. */
export const unitKey = (unit: EvalUnit): string => `${unit.kind}:${unit.item}:${unit.config}`;

/** The unit a key names, or null for a malformed key. */
export function parseUnitKey(key: string): EvalUnit | null {
  const match = /^(run|judge|grade):(0|[1-9]\d*):(0|[1-9]\d*)$/.exec(key);
  return match ? { kind: match[1] as EvalUnit['kind'], item: Number(match[2]), config: Number(match[3]) } : null;
}

/** The two runs a judgement compares: the baseline's answer to its item, and the candidate's. */
export const judgedRunsOf = (spec: Pick<EvaluationSpec, 'baseline'>, unit: JudgeUnit): { baseline: RunUnit; candidate: RunUnit } => ({
  baseline: { kind: 'run', item: unit.item, config: spec.baseline },
  candidate: { kind: 'run', item: unit.item, config: unit.config },
});
