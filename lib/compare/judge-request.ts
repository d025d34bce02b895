import { z } from 'zod';
import type { Cost } from '../cost';
import { modelIdSchema, pricingSchema, promptSchema } from '../moa/config';
import type { JudgeOrder } from './judge';
import { DEFAULT_JUDGE_INSTRUCTIONS, MAX_JUDGE_INSTRUCTIONS_CHARS, type Verdict } from './judge-prompt';

/** An answer is a run's final text: bounded like a long model reply. */
export const MAX_JUDGED_ANSWER_CHARS = 100_000;

const answerSchema = z
  .string()
  .trim()
  .min(1, 'Both answers must have text: a pane without a final answer cannot be judged.')
  .max(MAX_JUDGED_ANSWER_CHARS, `Answers are limited to ${MAX_JUDGED_ANSWER_CHARS.toLocaleString('en-US')} characters.`);

/** What the judge is told before the question and answers; the default asks for Compare's verdict lines. */
export const judgeInstructionsSchema = z
  .string()
  .trim()
  .min(1, 'The judge prompt cannot be empty.')
  .max(MAX_JUDGE_INSTRUCTIONS_CHARS, `The judge prompt is limited to ${MAX_JUDGE_INSTRUCTIONS_CHARS.toLocaleString('en-US')} characters.`)
  .default(DEFAULT_JUDGE_INSTRUCTIONS);

/** `POST /api/judge`: which model judges, the question and the two answers (A first). */
export const judgeRequestSchema = z.strictObject({
  model: modelIdSchema,
  prompt: promptSchema,
  answers: z.tuple([answerSchema, answerSchema]),
  instructions: judgeInstructionsSchema,
  /** The board's price overrides, so the judge is priced like the runs it judges. */
  pricing: pricingSchema.optional(),
});

/** What the route answers. `cost` is the judge's own (both calls); null when its price is unknown. */
export type JudgeResponse = {
  model: string;
  verdict: Verdict;
  agreed: boolean;
  reason: string;
  orders: (JudgeOrder & { cost: Cost | null | undefined })[];
  cost: Cost | null;
  latencyMs: number;
};
