import type { ParamCount } from '../models/params';
import type { Price } from '../models/types';
import type { MoAConfig } from './config';
import type { ConversationMessage } from './conversation';

/** Where an agent sits in the graph: zero-based layer and position in that layer. */
export type AgentRef = { layer: number; agent: number };

export type TokenUsage = {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cachedInputTokens?: number;
  /** Part of outputTokens: what the model spent reasoning. */
  reasoningTokens?: number;
  /** True when the provider reported no usage and these counts were estimated. */
  estimated?: boolean;
  /** True when reasoningTokens is a tokenizer estimate of the reasoning text (the provider did not break it out). */
  reasoningEstimated?: boolean;
};

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

/** `t` is milliseconds since the run started, from the engine's clock. */
/** What a ranking agent picked: the previous layer's answer `answer` (1-based), its text, and the ranker's reason. */
export type RankPick = { answer: number; text: string; reason: string; fallback?: string };

/**
 * A top-k judge's verdict on the answers of layer `from` (numbers are 1-based agents of that
 * layer): the kept ones go on verbatim, the dropped ones stop here.
 */
export type TopKVerdict = {
  from: number;
  k: number;
  /** Each judged answer's score out of 10 and the judge's reason, in answer order; empty when unreadable. */
  scores: { answer: number; score: number; reason: string }[];
  /** Best first (equal scores: the lower number first). */
  kept: number[];
  dropped: number[];
  /** The best kept answer, verbatim: the final answer when this layer is last or stops the run. */
  best: { answer: number; text: string };
  /** Whether the judge says the kept answers agree; null when it was not asked (no early stop) or did not say. */
  agree: boolean | null;
  /** What was done instead when the reply stayed unreadable after one retry. */
  fallback?: string;
};

/**
 * A council ranker's ranking of the answers of layer `from`: the labels it saw, in its own
 * shuffled order, and the answer numbers behind them; `order` best first, null when unreadable.
 */
export type CouncilRanking = {
  from: number;
  seed: number;
  mapping: { label: string; answer: number }[];
  order: number[] | null;
  /** Left out of the count after one retry: what the cell says. */
  fallback?: string;
};

/** A council layer's Borda table: rows best first (equal points share a position, in answer order). */
export type CouncilResult = {
  layer: number;
  from: number;
  seed: number;
  rows: { answer: number; points: number; position: number; tied: boolean }[];
  /** Rankers whose ranking was counted. */
  counted: number;
  rankers: number;
  /** Set when no ranking was readable: the order is the answers' order. */
  fallback?: string;
};

/** One step of a sliding-window aggregator (Self-MoA-Seq): the answers it read and the synthesis it wrote. */
export type WindowStep = { step: number; answers: number[]; text: string };

export type RunEvent =
  | {
      type: 'run-started'; t: 0; startedAt: string; config: MoAConfig; prompt: string;
      /** A follow-up's earlier turns (user prompts and the MoA's final answers), as every agent got them. */
      history?: ConversationMessage[];
      /** Price of each model, fixed at the start (null: unknown), so stored runs cost the same on replay. */
      prices?: Record<string, Price | null>;
      /** Parameter counts of the open-weight models whose size is known. */
      parameters?: Record<string, ParamCount>;
      /** Set when the run is stored: its share id. */
      runId?: string;
    }
  | ({ type: 'agent-started'; t: number; model: string } & AgentRef)
  | ({ type: 'agent-delta'; t: number; text: string } & AgentRef)
  /** Reasoning the model streamed apart from its answer (before it, as a rule). */
  | ({ type: 'agent-reasoning-delta'; t: number; text: string } & AgentRef)
  /** An attempt failed before any text streamed; attempt `attempt` starts after `delayMs`. */
  | ({
      type: 'agent-retry'; t: number; attempt: number; maxAttempts: number; delayMs: number; reason: string;
      /** The answer so far is dropped: the agent answers again from the start (an unreadable ranking). */
      restart?: boolean;
    } & AgentRef)
  | ({
      type: 'agent-finished';
      t: number;
      text: string;
      usage: TokenUsage;
      finishReason: FinishReason;
      /** From request to the first token (reasoning or answer), ms; undefined when none came. */
      firstTokenMs?: number;
      /** From request to the first token of the answer, ms; set when the agent reasoned first. */
      firstAnswerTokenMs?: number;
      /** The reasoning the model streamed, when it streamed any. */
      reasoning?: string;
      latencyMs: number;
      /** A ranking agent's pick: the answer it passes on, verbatim, and why (or the fallback it took). */
      pick?: RankPick;
      /** A top-k judge's verdict: the answers it keeps, and why. */
      verdict?: TopKVerdict;
      /** A council ranker's ranking. */
      ranking?: CouncilRanking;
      /** A sliding-window aggregator's earlier steps (the last one is `text`). */
      windows?: WindowStep[];
    } & AgentRef)
  /** A sliding-window aggregator starts step `step` of `steps` (1-based; step 1 as it starts, before its first call): the cell's text starts again. */
  | ({ type: 'agent-window'; t: number; step: number; steps: number; answers: number[]; previousText: string } & AgentRef)
  | ({
      type: 'agent-failed'; t: number; error: string; cancelled: boolean; text: string;
      reasoning?: string;
      /** Estimated tokens of a call that failed or was cancelled mid-stream: providers bill what they generated. */
      usage?: TokenUsage;
    } & AgentRef)
  | { type: 'layer-finished'; t: number; layer: number; succeeded: number; failed: number }
  /** A council layer's aggregate ranking (Borda count), emitted right after its layer-finished. */
  | ({ type: 'council-result'; t: number } & CouncilResult)
  /** A top-k judge of `layer` found the kept answers agree: the layers after it are skipped; its best answer is final. */
  | { type: 'early-stop'; t: number; layer: number; reason: string }
  | { type: 'run-finished'; t: number; finalText: string; usage: TokenUsage }
  | { type: 'run-failed'; t: number; error: string; usage: TokenUsage }
  | {
      type: 'run-cancelled'; t: number; usage: TokenUsage;
      /** Why, when the server stopped it (a user's Stop has no reason). */
      reason?: 'budget';
      message?: string;
    }
  /** Never emitted by the engine: appended to a stored run found unfinished at start-up. */
  | { type: 'run-interrupted'; t: number; usage: TokenUsage };

/** The streamed pieces of an agent's text: answer and reasoning deltas, which may be coalesced per agent and type. */
export type DeltaEvent = Extract<RunEvent, { type: 'agent-delta' | 'agent-reasoning-delta' }>;
export const isDelta = (event: RunEvent): event is DeltaEvent => event.type === 'agent-delta' || event.type === 'agent-reasoning-delta';

export const emptyUsage = (): TokenUsage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const sum: TokenUsage = {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
  const cached = (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0);
  const reasoning = (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0);
  if (cached) sum.cachedInputTokens = cached;
  if (reasoning) sum.reasoningTokens = reasoning;
  if (a.estimated || b.estimated) sum.estimated = true;
  if (a.reasoningEstimated || b.reasoningEstimated) sum.reasoningEstimated = true;
  return sum;
}

/** The sum of some usages; undefined for none. */
export const sumUsage = (usages: readonly TokenUsage[]): TokenUsage | undefined => (usages.length ? usages.reduce(addUsage) : undefined);
