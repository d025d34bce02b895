/**
 * The top-k strategy (Sparse MoA, arXiv 2411.03284): a judge scores the previous layer's
 * answers and only the k best go on, verbatim. The judge's prompt and the reading of its reply
 * are in prompts.ts; the engine calls these.
 */
import type { TopKVerdict } from './events';
import type { AnswerScore, PreviousAnswer } from './prompts';

/**
 * Which answers go on: the k best by score, best first, equal scores in answer order. Without
 * scores (an unreadable reply) every answer is kept in its order. k ≥ the answers keeps them all.
 */
export function selectTopK(answers: PreviousAnswer[], scores: AnswerScore[] | null, k: number): { kept: number[]; dropped: number[] } {
  if (!scores) return { kept: answers.map((a) => a.index), dropped: [] };
  const order = [...scores].sort((a, b) => b.score - a.score || a.answer - b.answer).map((s) => s.answer);
  return { kept: order.slice(0, k), dropped: order.slice(k) };
}

/** What a top-k layer passes on: its kept answers, in their original order and with their numbers. */
export const keptAnswers = (answers: PreviousAnswer[], verdict: Pick<TopKVerdict, 'kept'>): PreviousAnswer[] =>
  answers.filter((a) => verdict.kept.includes(a.index));

/** Why the run stopped early, in the words the grid and the final answer show. */
export function earlyStopReason(layer: number, verdict: Pick<TopKVerdict, 'kept' | 'best'>): string {
  return `The judge of layer ${layer + 1} found the ${verdict.kept.length} kept answers agree: the layers after it were skipped and answer ${verdict.best.answer} is final.`;
}
