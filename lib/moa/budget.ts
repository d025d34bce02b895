import { costOf, roundUsd } from '../cost';
import type { ParamCount } from '../models/params';
import { extraReasoningTokens, reasoningTokenBound } from '../models/reasoning';
import type { Price } from '../models/types';
import { DEFAULT_TOP_K, DEFAULT_WINDOW, LIMITS, type MoAConfig, type Strategy } from './config';
import { COUNCIL_REPLY_FORMAT, DEFAULT_COUNCIL_PROMPT } from './council';
import type { ConversationMessage } from './conversation';
import type { RunEvent, TokenUsage } from './events';
import { DEFAULT_RANK_PROMPT, DEFAULT_TOP_K_PROMPT, RANK_REPLY_FORMAT, TOP_K_REPLY_FORMAT, topKAgreeFormat } from './prompts';

export type CountTokens = (text: string) => number;

/** About four characters a token: the cheap count used where no tokenizer is at hand. */
export const approxTokens: CountTokens = (text) => Math.ceil(text.length / 4);

// Tokenizers differ by model (o200k counts fewer tokens than most): bound the input with a margin,
// plus a few tokens of chat framing per message and per numbered answer.
const TOKENIZER_MARGIN = 1.25;
export const FRAMING_TOKENS = 16;

/** An upper bound of one call's input tokens: its text's count with the tokenizer margin, plus a system and a user message's framing. */
export const boundInputTokens = (textTokens: number) => Math.ceil(textTokens * TOKENIZER_MARGIN) + 2 * FRAMING_TOKENS;

export type RunEstimate = {
  /** The most the run can cost: every agent writes its max output tokens. */
  maxUsd: number;
  /** Models with no known price: the estimate cannot bound what they cost. */
  unpriced: string[];
};

/** What an agent of an aggregating layer is told before the answers, its reply format at its longest included. */
function strategyInstruction(config: MoAConfig, strategy: Strategy): string {
  if (strategy === 'rank') return `${config.rankPrompt ?? DEFAULT_RANK_PROMPT}\n\n${RANK_REPLY_FORMAT}`;
  if (strategy === 'top-k') return `${config.topKPrompt ?? DEFAULT_TOP_K_PROMPT}\n\n${TOP_K_REPLY_FORMAT} ${topKAgreeFormat(LIMITS.maxAgentsPerLayer)}`;
  if (strategy === 'council') return `${config.councilPrompt ?? DEFAULT_COUNCIL_PROMPT}\n\n${COUNCIL_REPLY_FORMAT}`;
  if (strategy === 'sliding-window') return config.windowPrompt ?? config.synthesisPrompt;
  return config.synthesisPrompt;
}

/** A chairman's aggregate-ranking lines (heading and one line per answer, with points), at their longest. */
const COUNCIL_NOTE_TOKENS = (answers: number) => 40 + 12 * answers;

/** One agent's call at its largest: input bounded as above, output at its max output tokens. */
export type AgentBound = {
  layer: number; agent: number; model: string; inputTokens: number; outputTokens: number;
  /** Calls it may make: a ranker, judge or council ranker is asked again once when its reply is unreadable; a sliding window makes ceil(n/w). */
  calls: number;
};

/**
 * Every agent's largest call, before the run starts, from the config and the request (or the
 * conversation ending with it): aggregators read each previous answer at its max output tokens;
 * a thinking budget a provider adds to max output tokens (Anthropic, Google) counts as output.
 */
export function agentBounds(config: MoAConfig, input: string | readonly ConversationMessage[], count: CountTokens = approxTokens): AgentBound[] {
  const messages = typeof input === 'string' ? [input] : input.map((m) => m.content);
  // Each message of the conversation has its framing too; the request's is in boundInputTokens.
  const conversationTokens = messages.reduce((n, text) => n + count(text), 0) + (messages.length - 1) * FRAMING_TOKENS;
  // The longest answers each layer passes on: one per agent, or a top-k layer's k longest of those it read.
  const passed: number[][] = [];
  return config.layers.flatMap((layer, l) => {
    const previous = passed[l - 1] ?? [];
    const answers = previous.reduce((n, tokens) => n + tokens + FRAMING_TOKENS, 0);
    const strategy = l > 0 ? (layer.strategy ?? 'synthesize') : null;
    // With passReasoning, each answer comes with its reasoning, at most its budget.
    passed[l] =
      strategy === 'top-k'
        ? [...previous].sort((a, b) => b - a).slice(0, layer.topK ?? DEFAULT_TOP_K)
        : strategy === 'council'
          ? previous // a council passes the answers on unchanged
          : layer.agents.map((a) => a.maxOutputTokens + (config.passReasoning ? reasoningTokenBound(a) : 0));
    // A chairman (after a council) also reads the aggregate ranking.
    const note = l > 1 && config.layers[l - 1].strategy === 'council' ? COUNCIL_NOTE_TOKENS(previous.length) : 0;
    const instruction = (strategy === null ? 0 : count(strategyInstruction(config, strategy))) + note;
    return layer.agents.map((agent, a) => {
      const text = conversationTokens + count(agent.systemPrompt ?? '') + instruction;
      if (strategy === 'sliding-window') {
        // ceil(n/w) calls, each reading at most the w longest answers plus its own synthesis so far.
        const w = layer.window ?? DEFAULT_WINDOW;
        const longest = [...previous].sort((x, y) => y - x).slice(0, w).reduce((n, tokens) => n + tokens + FRAMING_TOKENS, 0);
        const carry = previous.length > w ? agent.maxOutputTokens + FRAMING_TOKENS * 2 : 0;
        const calls = Math.max(1, Math.ceil(previous.length / w));
        return { layer: l, agent: a, model: agent.model, inputTokens: boundInputTokens(text + longest + carry), outputTokens: agent.maxOutputTokens + extraReasoningTokens(agent), calls };
      }
      // A ranker, a judge or a council ranker is asked again once when its reply is unreadable.
      const calls = strategy === 'rank' || strategy === 'top-k' || strategy === 'council' ? 2 : 1;
      return { layer: l, agent: a, model: agent.model, inputTokens: boundInputTokens(text + answers), outputTokens: agent.maxOutputTokens + extraReasoningTokens(agent), calls };
    });
  });
}

/** Upper bound of a run's cost, before it starts, from the config, the request (or conversation) and the prices. */
export function estimateRunCost(config: MoAConfig, input: string | readonly ConversationMessage[], prices: Record<string, Price | null>, count: CountTokens = approxTokens): RunEstimate {
  const unpriced = new Set<string>();
  let maxUsd = 0;
  for (const bound of agentBounds(config, input, count)) {
    const price = prices[bound.model];
    if (!price) unpriced.add(bound.model);
    else maxUsd += bound.calls * costOf({ inputTokens: bound.inputTokens, outputTokens: bound.outputTokens, totalTokens: 0 }, price)!.totalUsd;
  }
  return { maxUsd: roundUsd(maxUsd), unpriced: [...unpriced] };
}

/**
 * Agents whose largest call may not fit their model's context window (null: unknown, not
 * checked), each as a line naming the agent and by how much; empty when every one fits.
 */
export function contextOverflows(bounds: readonly AgentBound[], windowOf: (model: string) => number | null): string[] {
  return bounds.flatMap(({ layer, agent, model, inputTokens, outputTokens }) => {
    const window = windowOf(model);
    const over = window === null ? 0 : inputTokens + outputTokens - window;
    if (over <= 0) return [];
    const n = (v: number) => v.toLocaleString('en-US');
    return [`Layer ${layer + 1}, agent ${agent + 1} (${model}): its input may reach ${n(inputTokens)} tokens and its answer ${n(outputTokens)}, ${n(over)} over its context window of ${n(window!)}.`];
  });
}

/**
 * Why a run (or an evaluation: `subject`) may not start under its budget, as lines a user can
 * act on; empty when it may.
 */
export function checkBudget(budget: number | undefined, estimate: RunEstimate, subject = 'This run'): string[] {
  if (budget === undefined) return [];
  const problems: string[] = [];
  for (const id of estimate.unpriced) {
    problems.push(`${id}: its price is unknown, so the budget cannot be enforced. Add it to the config's "pricing" (or "mimic" a known model), or remove the budget.`);
  }
  if (estimate.maxUsd > budget) {
    problems.push(
      `${subject} could cost up to $${estimate.maxUsd.toFixed(4)}, over the $${budget} budget. ` +
        'Lower max output tokens, use fewer agents, layers or cheaper models, or raise the budget.',
    );
  }
  return problems;
}

export type AccountingOptions = {
  prices: Record<string, Price | null>;
  parameters: Record<string, ParamCount>;
  /** Aborts the run's model calls when the budget is spent. */
  abort: AbortController;
  count?: CountTokens;
};

/**
 * A running call: what it reads besides the prompt (counted once, when first needed), and what
 * it wrote: tokens counted so far plus a short tail not yet counted.
 */
type InFlight = { model: string; inputText: string; inputTokens?: number; outputTokens: number; tail: string };

/**
 * Output is tokenized in pieces of about this many characters as it streams: linear work however
 * long the answer (re-tokenizing the whole text at every delta was quadratic), and the uncounted
 * tail, estimated at four characters a token, is a few tokens at most.
 */
const TAIL_CHARS = 32;

/**
 * Accounting on a run's event stream: stamps the run's prices on run-started, estimates the
 * tokens of calls that failed or were cancelled mid-stream (the provider billed what it
 * streamed), and enforces the config's budget. Spend counts finished calls exactly and running
 * ones by estimate (their input, plus the text streamed so far); when it reaches the budget
 * while work remains, every call is aborted and run-cancelled says why.
 */
export async function* withAccounting(events: AsyncIterable<RunEvent>, options: AccountingOptions): AsyncGenerator<RunEvent> {
  const { prices, parameters, abort } = options;
  const count = options.count ?? approxTokens;
  const inFlight = new Map<string, InFlight>();
  const answers: string[][] = [];
  let config: MoAConfig | undefined;
  let prompt = '';
  let spent = 0;
  let stopped = false;

  const key = (e: { layer: number; agent: number }) => `${e.layer}.${e.agent}`;
  // Tokenizing every agent's input at every layer start is real CPU with dozens of runs at once:
  // only runs with a budget, or calls that end without usage, need these counts.
  const usageOf = (call: InFlight, outputTokens: number): TokenUsage => {
    call.inputTokens ??= count(prompt) + count(call.inputText);
    return { inputTokens: call.inputTokens, outputTokens, totalTokens: call.inputTokens + outputTokens, estimated: true };
  };
  const running = () => {
    let usd = 0;
    for (const call of inFlight.values()) usd += costOf(usageOf(call, call.outputTokens + approxTokens(call.tail)), prices[call.model])?.totalUsd ?? 0;
    return usd;
  };
  // After an early stop the layers left are skipped: no work, nothing more to spend.
  let stoppedEarly = false;
  const workLeft = (layer: number) => inFlight.size > 0 || (!stoppedEarly && config !== undefined && layer < config.layers.length - 1);

  for await (const event of events) {
    switch (event.type) {
      case 'run-started':
        config = event.config;
        prompt = event.prompt;
        yield { ...event, prices, parameters };
        continue;
      case 'agent-started': {
        // What this agent reads besides the prompt: its system prompt, and in later layers the
        // synthesis instruction and the answers of the layer before.
        const settings = config?.layers[event.layer]?.agents[event.agent];
        const strategy = config?.layers[event.layer]?.strategy ?? 'synthesize';
        const before = event.layer > 0 && config ? [strategyInstruction(config, strategy), ...(answers[event.layer - 1] ?? [])] : [];
        inFlight.set(key(event), { model: event.model, inputText: [settings?.systemPrompt ?? '', ...before].join('\n'), outputTokens: 0, tail: '' });
        break;
      }
      case 'agent-delta':
      case 'agent-reasoning-delta': {
        // Reasoning is billed as output: it counts against the budget as it streams.
        const call = inFlight.get(key(event));
        // Only a budget needs running counts; a call that fails is counted from its text at the end.
        if (!call || config?.budgetUsd === undefined) break;
        call.tail += event.text;
        if (call.tail.length >= TAIL_CHARS) {
          call.outputTokens += count(call.tail);
          call.tail = '';
        }
        break;
      }
      case 'agent-finished':
        inFlight.delete(key(event));
        // A top-k judge passes on the kept answers of the layer it judged, not its own reply.
        if (event.verdict) answers[event.layer] = event.verdict.kept.map((n) => answers[event.verdict!.from]?.[n - 1] ?? '');
        // A judge's "agree" stops the run (its early-stop event follows): nothing is left to spend on.
        if (event.verdict?.agree) stoppedEarly = true;
        // A council passes the answers it ranked on unchanged.
        else if (event.ranking) answers[event.layer] = answers[event.ranking.from] ?? [];
        else (answers[event.layer] ??= [])[event.agent] = event.text;
        spent += costOf(event.usage, prices[(config?.layers[event.layer]?.agents[event.agent]?.model) ?? ''])?.totalUsd ?? 0;
        break;
      case 'agent-failed': {
        const call = inFlight.get(key(event));
        inFlight.delete(key(event));
        if (call && (event.text || event.reasoning) && !event.usage) {
          const usage = usageOf(call, count(event.text) + (event.reasoning ? count(event.reasoning) : 0));
          spent += costOf(usage, prices[call.model])?.totalUsd ?? 0;
          yield { ...event, usage };
          continue;
        }
        break;
      }
      case 'run-cancelled':
        if (stopped) {
          yield { ...event, reason: 'budget', message: `Stopped by the budget: the spend reached the $${config?.budgetUsd} cap, so every model call was aborted.` };
          continue;
        }
        break;
    }
    yield event;

    const budget = config?.budgetUsd;
    if (budget !== undefined && !stopped && 'layer' in event && spent + running() >= budget && workLeft(event.layer)) {
      stopped = true;
      abort.abort(new Error('The run’s budget is spent.'));
    }
  }
}
