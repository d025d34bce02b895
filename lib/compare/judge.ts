import { generateText, type LanguageModel } from 'ai';
import { costOf, sumCosts } from '../cost';
import type { TokenUsage } from '../moa/events';
import type { Price } from '../models/types';
import { combineVerdicts, judgeUserMessage, parseVerdict, unswap, type Verdict } from './judge-prompt';

/** One of the two calls: the answers in the given order ("AB": as given, "BA": swapped). */
export type JudgeOrder = {
  order: 'AB' | 'BA';
  /** In this call's own labels. */
  verdict: Verdict | null;
  rationale: string;
  text: string;
  usage?: TokenUsage;
};

export type Judgement = {
  /** A = the first answer given, B = the second. */
  verdict: Verdict;
  /** Both orders named the same answer (or both a tie). */
  agreed: boolean;
  reason: string;
  orders: [JudgeOrder, JudgeOrder];
};

export type JudgeRequest = {
  model: LanguageModel;
  question: string;
  answers: [string, string];
  instructions: string;
  signal?: AbortSignal;
  maxOutputTokens?: number;
};

/** Each judge call's output cap: a verdict and a rationale fit well within it. */
export const JUDGE_MAX_OUTPUT_TOKENS = 600;

/**
 * Compares two answers twice, the second time with their places swapped, to cancel the
 * judge's position bias; both calls run at once and stop together.
 */
export async function judgePair({ model, question, answers, instructions, signal, maxOutputTokens = JUDGE_MAX_OUTPUT_TOKENS }: JudgeRequest): Promise<Judgement> {
  const both = new AbortController();
  const stop = () => both.abort(signal?.reason);
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) stop();

  const call = async (order: 'AB' | 'BA'): Promise<JudgeOrder> => {
    const [first, second] = order === 'AB' ? answers : [answers[1], answers[0]];
    const result = await generateText({
      model,
      instructions,
      prompt: judgeUserMessage(question, first, second),
      temperature: 0,
      maxOutputTokens,
      maxRetries: 1,
      abortSignal: both.signal,
    });
    const { verdict, rationale } = parseVerdict(result.text);
    return { order, verdict, rationale, text: result.text, usage: usageOf(result.usage) };
  };

  try {
    const orders = await Promise.all([call('AB'), call('BA')]).catch((error) => {
      both.abort(); // one failed: the other is of no use
      throw error;
    });
    const { verdict, agreed, reason } = combineVerdicts(orders[0].verdict, unswap(orders[1].verdict));
    return { verdict, agreed, reason, orders };
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/** Each order's cost at `price`, and both together: null when the price is unknown or an order reported no usage. */
export function costOfJudgement(orders: [JudgeOrder, JudgeOrder], price: Price | null | undefined) {
  const priced = orders.map((o) => ({ ...o, cost: o.usage ? costOf(o.usage, price) : undefined }));
  const { cost, unpriced } = sumCosts(priced.map((o) => o.cost));
  return { orders: priced, cost: unpriced ? null : cost };
}

/** The AI SDK's usage as the app counts it; undefined when the provider reported none. */
export function usageOf(usage: { inputTokens?: number; outputTokens?: number; inputTokenDetails?: { cacheReadTokens?: number } }): TokenUsage | undefined {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined) return undefined;
  const cached = usage.inputTokenDetails?.cacheReadTokens;
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens, ...(cached ? { cachedInputTokens: cached } : {}) };
}
