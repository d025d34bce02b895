import { setMaxListeners } from 'node:events';
import { experimental_streamLanguageModelCall as streamLanguageModelCall, type LanguageModel, type LanguageModelUsage } from 'ai';
import { abortError } from '../abort';
import { countTokens } from '../tokens';
import { createChannel } from './channel';
import { splitMessages, type ConversationMessage } from './conversation';
import { withReasoning } from '../models/reasoning';
import { DEFAULT_TOP_K, DEFAULT_WINDOW, resolveResilience, type AgentConfig, type MoAConfig, type ReasoningLevel } from './config';
import { describeError, seconds } from './errors';
import { bordaCount, buildCouncilSystemPrompt, COUNCIL_REPLY_FORMAT, councilMapping, councilRankingNote, DEFAULT_COUNCIL_PROMPT, drawSeed, parseCouncilReply } from './council';
import { windowCarry, windows } from './sliding-window';
import { addUsage, emptyUsage, type AgentRef, type CouncilRanking, type FinishReason, type RankPick, type RunEvent, type TokenUsage, type TopKVerdict, type WindowStep } from './events';
import { afterFailedAttempt, type RetryPolicy } from './retry';
import {
  buildRankSystemPrompt, buildSynthesisSystemPrompt, buildTopKSystemPrompt, DEFAULT_RANK_PROMPT, DEFAULT_TOP_K_PROMPT, parseRankReply, parseTopKReply,
  RANK_REPLY_FORMAT, type PreviousAnswer,
} from './prompts';
import { earlyStopReason, keptAnswers, selectTopK } from './top-k';

/** One model call's settings, by model id: what a call needs besides its abort signal. */
export type ModelCallRequest = {
  model: string;
  instructions?: string;
  /** The conversation: earlier turns, then the request (lib/moa/conversation.ts). */
  messages: ConversationMessage[];
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  /** The agent's reasoning level; the call maps it to its provider's options (lib/models/reasoning.ts). */
  reasoning?: ReasoningLevel;
};
/** The parts of a call's stream the engine reads, as the SDK names them (its parts fit this type). */
export type ModelCallPart = { type: string; text?: string; error?: unknown; finishReason?: string; usage?: LanguageModelUsage };
export type StreamModelCall = (request: ModelCallRequest & { abortSignal: AbortSignal }) => Promise<{ stream: AsyncIterable<ModelCallPart> }>;

/** A call in this thread: the SDK's single-call primitive (what streamText runs per step). */
export const streamCallWith =
  (resolveModel: (id: string) => LanguageModel): StreamModelCall =>
  (request) =>
    streamLanguageModelCall({ ...withReasoning(request), model: resolveModel(request.model) });

export type EngineDeps = {
  resolveModel: (id: string) => LanguageModel;
  /** Makes the model calls; by default in this thread, with `resolveModel`. */
  streamCall?: StreamModelCall;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
  signal?: AbortSignal;
  /** Overrides `config.resilience.maxRetries`. */
  maxRetries?: number;
  /** For backoff jitter; tests pin it. */
  random?: () => number;
};

const RANK_UNREADABLE = 'The ranking was unreadable (no last line "Best: [[n]]" naming a response): asking once more.';
/** Added to a ranker's instructions when it is asked again. */
const RANK_REMINDER = `Your previous reply did not end with a line "Best: [[n]]" naming one of the responses. ${RANK_REPLY_FORMAT}`;
const scoresNeeded = (agree: boolean) => `one line "Answer n: s/10" for every response (s from 0 to 10, one decimal at most)${agree ? ', then a last line "Agree: yes" or "Agree: no"' : ''}`;
const SCORES_UNREADABLE = (agree: boolean) => `The scores were unreadable (the reply needs ${scoresNeeded(agree)}): asking once more.`;
/** Added to a top-k judge's instructions when it is asked again. */
const SCORES_REMINDER = (agree: boolean) => `Your previous reply could not be read. It must hold exactly ${scoresNeeded(agree)}.`;

const COUNCIL_UNREADABLE = 'The ranking was unreadable (no "FINAL RANKING:" block naming every response once): asking once more.';
/** Added to a council ranker's instructions when it is asked again. */
const COUNCIL_REMINDER = `Your previous reply did not end with a readable "FINAL RANKING:" block. ${COUNCIL_REPLY_FORMAT}`;

/** A top-k judge's outcome also carries its verdict; its `text` is the best kept answer. A council ranker's its ranking. */
type AgentOutcome = { ok: true; text: string; reasoning: string; usage: TokenUsage; verdict?: TopKVerdict; ranking?: CouncilRanking } | { ok: false; usage: TokenUsage };

/** Every council layer gets a seed at run start, recorded in run-started's config so replay and export show the same orders. */
function withCouncilSeeds(config: MoAConfig): MoAConfig {
  if (!config.layers.some((l) => l.strategy === 'council' && l.seed === undefined)) return config;
  return { ...config, layers: config.layers.map((l) => (l.strategy === 'council' && l.seed === undefined ? { ...l, seed: drawSeed() } : l)) };
}

/** Why the engine stopped a call: the reason it aborts with, and what the cell then says. */
type Stop = { stop: 'cancelled' | 'timeout' | 'straggler'; message: string };
const isStop = (value: unknown): value is Stop => !!value && typeof value === 'object' && 'stop' in value && 'message' in value;
const stopOf = (signal: AbortSignal): Stop => (isStop(signal.reason) ? signal.reason : { stop: 'cancelled', message: 'Cancelled.' });

/**
 * Runs a Mixture-of-Agents configuration: layers in order, the agents of a layer concurrently.
 * Yields every event of the run in order; ends after exactly one run-finished, run-failed or
 * run-cancelled. Stopping iteration early (or aborting `deps.signal`) aborts every model call.
 *
 * Resilience (`config.resilience`): each attempt has a first-token timeout and each agent a
 * call timeout; an attempt that fails with 429/408/5xx/a dropped connection before any text
 * streamed is retried with backoff and jitter (or after the provider's retry-after), never
 * once text has streamed (lib/moa/retry.ts). A layer goes on when its quorum of agents finished; with early
 * aggregation its stragglers are cancelled a grace period after the quorum is reached.
 *
 * `input` is the request, or a conversation ending with it: every agent gets the same messages
 * (aggregators with their previous layer's answers in their system message).
 */
export async function* runMoA(given: MoAConfig, input: string | ConversationMessage[], deps: EngineDeps): AsyncGenerator<RunEvent> {
  const config = withCouncilSeeds(given);
  const messages: ConversationMessage[] = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
  const { history, prompt } = splitMessages(messages);
  const now = deps.now ?? (() => performance.now());
  const streamCall = deps.streamCall ?? streamCallWith(deps.resolveModel);
  const resilience = resolveResilience(config.resilience);
  const origin = now();
  const elapsed = () => Math.round((now() - origin) * 10) / 10;
  const abort = new AbortController();
  // Every concurrent call listens on this signal (several listeners each); that is expected.
  setMaxListeners(0, abort.signal);
  const onOuterAbort = () => abort.abort(deps.signal?.reason);
  if (deps.signal?.aborted) abort.abort(deps.signal.reason);
  deps.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const events = createChannel<RunEvent>();
  const emit = (event: RunEvent) => events.push(event);

  const retryPolicy: RetryPolicy = {
    maxRetries: deps.maxRetries ?? resilience.maxRetries,
    baseDelayMs: resilience.retryBaseDelayMs,
    maxDelayMs: resilience.maxRetryDelayMs,
    random: deps.random,
  };

  /** One agent: attempts until one succeeds, the retry policy gives up, or the agent is stopped. */
  async function runAgent(
    layer: number, agent: number, settings: AgentConfig, previous: PreviousAnswer[] | null, from: number, missing: number, layerSignal: AbortSignal,
  ): Promise<AgentOutcome> {
    const requestedAt = now();
    emit({ type: 'agent-started', t: elapsed(), layer, agent, model: settings.model });
    const { strategy = 'synthesize', topK = DEFAULT_TOP_K, earlyStop, seed = 0, window = DEFAULT_WINDOW } = config.layers[layer];
    const ranks = !!previous && strategy === 'rank';
    const judges = !!previous && strategy === 'top-k';
    const councils = !!previous && strategy === 'council';
    // Each ranker sees the answers as "Response A", "Response B", … in its own seeded order: no model id, no position bias shared.
    const mapping = councils ? councilMapping(previous, seed, agent) : [];
    const steps = previous && strategy === 'sliding-window' ? windows(previous, window) : null;
    const synthesis = (answers: PreviousAnswer[], instruction = config.synthesisPrompt) =>
      buildSynthesisSystemPrompt({ instruction, answers, missing, agentSystemPrompt: settings.systemPrompt }) + (councilNote ? `\n\n${councilNote}` : '');
    // Agreement is asked only where it can stop the run: early stop on, a layer after this one, two or more kept.
    const agreeK = judges && earlyStop && layer < config.layers.length - 1 && Math.min(topK, previous.length) >= 2 ? Math.min(topK, previous.length) : null;
    const instructions = !previous
      ? settings.systemPrompt?.trim() || undefined
      : ranks
        ? buildRankSystemPrompt({ instruction: config.rankPrompt ?? DEFAULT_RANK_PROMPT, answers: previous, missing, agentSystemPrompt: settings.systemPrompt })
        : judges
          ? buildTopKSystemPrompt({ instruction: config.topKPrompt ?? DEFAULT_TOP_K_PROMPT, answers: previous, missing, agreeK, agentSystemPrompt: settings.systemPrompt })
          : councils
            ? buildCouncilSystemPrompt({ instruction: config.councilPrompt ?? DEFAULT_COUNCIL_PROMPT, answers: previous, mapping, agentSystemPrompt: settings.systemPrompt })
            : steps
              ? synthesis(steps[0], config.windowPrompt ?? config.synthesisPrompt)
              : synthesis(previous);
    const request: ModelCallRequest = {
      model: settings.model, instructions, messages, temperature: settings.temperature, topP: settings.topP, maxOutputTokens: settings.maxOutputTokens,
      ...(settings.reasoning && settings.reasoning !== 'off' && { reasoning: settings.reasoning }),
    };
    // The agent's own signal: the call timeout spans every attempt and the waits between them.
    const call = linkedAbort(layerSignal);
    const callTimer = setTimeout(
      () => call.controller.abort({ stop: 'timeout', message: `No complete answer within ${seconds(resilience.callTimeoutMs)} (call timeout).` } satisfies Stop),
      resilience.callTimeoutMs,
    );
    const fail = (error: string, cancelled: boolean, { text, reasoning }: Streamed, usage?: TokenUsage): AgentOutcome => {
      emit({ type: 'agent-failed', t: elapsed(), layer, agent, error, cancelled, text, ...(reasoning && { reasoning }), ...(usage && { usage }) });
      return { ok: false, usage: usage ?? emptyUsage() };
    };
    const stopped = ({ stop, message }: Stop, streamed: Streamed, usage?: TokenUsage) => fail(message, stop !== 'timeout', streamed, usage);

    /** One answer to `asked`, retrying what the retry policy allows; `done` holds usage of earlier answers of this agent. */
    async function answer(asked: ModelCallRequest, done?: TokenUsage): Promise<{ ok: true; text: string; usage: TokenUsage; outcome: Extract<Attempt, { ok: true }> } | { ok: false; outcome: AgentOutcome }> {
      for (let attempt = 1; ; attempt++) {
        const outcome = await attemptCall({ layer, agent }, asked, call.controller.signal);
        const { text, reasoning } = outcome;
        if (outcome.ok) {
          const usage = toTokenUsage(outcome.reported, [asked.instructions ?? '', ...messages.map((m) => m.content)].join('\n'), text, reasoning);
          return { ok: true, text, usage: done ? addUsage(done, usage) : usage, outcome };
        }
        if (outcome.stopped) return { ok: false, outcome: stopped(outcome.stopped, outcome, done) };
        const remainingMs = resilience.callTimeoutMs - (now() - requestedAt);
        // Streamed reasoning was shown too: a retry would show it twice.
        const next = afterFailedAttempt({ error: outcome.error, attempt, streamed: text !== '' || reasoning !== '', remainingMs, policy: retryPolicy });
        if (!next.retry) return { ok: false, outcome: fail(next.message, false, outcome, done) };
        emit({ type: 'agent-retry', t: elapsed(), layer, agent, attempt: attempt + 1, maxAttempts: retryPolicy.maxRetries + 1, delayMs: next.delayMs, reason: next.reason });
        if (!(await sleep(next.delayMs, call.controller.signal))) return { ok: false, outcome: stopped(stopOf(call.controller.signal), outcome, done) };
      }
    }

    type Answered = Extract<Awaited<ReturnType<typeof answer>>, { ok: true }>;
    /**
     * A ranker's or judge's reply, read; an unreadable one is asked for once more with `reminder`
     * added to its instructions (its text starts again, both calls counted). `failed` when that call failed.
     */
    async function readOrAskAgain<R>(
      first: Answered, read: (text: string) => R, readable: (r: R) => boolean, reason: string, reminder: string,
    ): Promise<{ result: Answered; read: R } | { failed: AgentOutcome }> {
      const firstRead = read(first.text);
      if (readable(firstRead)) return { result: first, read: firstRead };
      emit({ type: 'agent-retry', t: elapsed(), layer, agent, attempt: 2, maxAttempts: 2, delayMs: 0, reason, restart: true });
      const again = await answer({ ...request, instructions: `${instructions}\n\n${reminder}` }, first.usage);
      return again.ok ? { result: again, read: read(again.text) } : { failed: again.outcome };
    }

    try {
      const stepAnswers = (s: number) => steps![s].map((a) => a.index);
      // Every step is announced, the first too: the cell shows which answers it reads from the log, not from a guess.
      if (steps && steps.length > 1) emit({ type: 'agent-window', t: elapsed(), layer, agent, step: 1, steps: steps.length, answers: stepAnswers(0), previousText: '' });
      let result = await answer(request);
      if (!result.ok) return result.outcome;
      let windowSteps: WindowStep[] | undefined;
      if (steps && steps.length > 1) {
        // Self-MoA-Seq: the first window's synthesis, then each next window with the synthesis so far; latency and first token from the first request.
        const first = result.outcome;
        windowSteps = [];
        for (let s = 1; s < steps.length; s++) {
          windowSteps.push({ step: s, answers: stepAnswers(s - 1), text: result.text });
          emit({ type: 'agent-window', t: elapsed(), layer, agent, step: s + 1, steps: steps.length, answers: stepAnswers(s), previousText: result.text });
          const instruction = `${synthesis(steps[s], config.windowPrompt ?? config.synthesisPrompt)}\n\n${windowCarry(result.text, windowSteps.flatMap((w) => w.answers))}`;
          result = await answer({ ...request, instructions: instruction }, result.usage);
          if (!result.ok) return result.outcome;
        }
        result = { ...result, outcome: { ...result.outcome, firstTokenAt: first.firstTokenAt, firstAnswerAt: first.firstAnswerAt } };
      }
      let ranking: CouncilRanking | undefined;
      if (councils) {
        // Still unreadable after one more ask: left out of the count, saying so.
        const asked = await readOrAskAgain(result, (text) => parseCouncilReply(text, mapping), (r) => r !== null, COUNCIL_UNREADABLE, COUNCIL_REMINDER);
        if ('failed' in asked) return asked.failed;
        result = asked.result;
        const { read } = asked;
        ranking = { from, seed, mapping, order: read?.order ?? null, ...(!read && { fallback: 'The ranking was unreadable twice: it is left out of the count.' }) };
      }
      let pick: RankPick | undefined;
      if (ranks) {
        // Still unreadable after one more ask: the first answer is kept, saying so.
        const asked = await readOrAskAgain(result, (text) => parseRankReply(text, previous), (r) => r !== null, RANK_UNREADABLE, RANK_REMINDER);
        if ('failed' in asked) return asked.failed;
        result = asked.result;
        const { read } = asked;
        const kept = read ?? { answer: previous[0].index, reason: '' };
        pick = { ...kept, text: previous.find((a) => a.index === kept.answer)!.text, ...(!read && { fallback: `The ranking was unreadable twice: kept answer ${kept.answer}.` }) };
      }
      let verdict: TopKVerdict | undefined;
      if (judges) {
        const asksAgree = agreeK !== null;
        const readable = (r: ReturnType<typeof parseTopKReply>) => r.scores !== null && (!asksAgree || r.agree !== null);
        // Still unreadable after one more ask: every answer is kept, saying so.
        const asked = await readOrAskAgain(result, (text) => parseTopKReply(text, previous), readable, SCORES_UNREADABLE(asksAgree), SCORES_REMINDER(asksAgree));
        if ('failed' in asked) return asked.failed;
        result = asked.result;
        const { read } = asked;
        const { kept, dropped } = selectTopK(previous, read.scores, topK);
        const best = previous.find((a) => a.index === kept[0])!;
        const fallback = !read.scores
          ? `The scores were unreadable twice: kept all ${previous.length} answers${asksAgree ? ' and did not stop early' : ''}.`
          : asksAgree && read.agree === null
            ? 'The judge did not say whether the kept answers agree (no last line "Agree: yes" or "Agree: no"): the run goes on.'
            : undefined;
        verdict = {
          from, k: topK, scores: read.scores ?? [], kept, dropped, best: { answer: best.index, text: best.text },
          agree: asksAgree && read.scores ? read.agree : null, ...(fallback && { fallback }),
        };
      }
      const { text, usage, outcome } = result;
      const { reasoning } = outcome;
      emit({
        type: 'agent-finished', t: elapsed(), layer, agent, text, usage, finishReason: outcome.finishReason,
        firstTokenMs: outcome.firstTokenAt === undefined ? undefined : round(outcome.firstTokenAt - requestedAt),
        ...(reasoning && outcome.firstAnswerAt !== undefined && { firstAnswerTokenMs: round(outcome.firstAnswerAt - requestedAt) }),
        ...(reasoning && { reasoning }),
        latencyMs: round(now() - requestedAt),
        ...(pick && { pick }),
        ...(verdict && { verdict }),
        ...(ranking && { ranking }),
        ...(windowSteps && { windows: windowSteps }),
      });
      // A ranker passes the answer it picked on, verbatim; a judge its kept answers (the best one as its text). Neither passes its own reasoning: what it passes is other agents' answers.
      return { ok: true, text: pick?.text ?? verdict?.best.text ?? text, reasoning: pick || verdict ? '' : reasoning, usage, ...(verdict && { verdict }), ...(ranking && { ranking }) };
    } finally {
      clearTimeout(callTimer);
      call.dispose();
    }
  }

  /** What an attempt streamed: its answer and, apart, its reasoning. */
  type Streamed = { text: string; reasoning: string };
  type Attempt =
    | ({ ok: true; firstTokenAt?: number; firstAnswerAt?: number; finishReason: FinishReason; reported?: LanguageModelUsage } & Streamed)
    | ({ ok: false; error: unknown; stopped?: Stop } & Streamed);

  /** One request, its text streamed as deltas. Its signal adds the first-token timeout to the agent's. */
  async function attemptCall({ layer, agent }: AgentRef, request: ModelCallRequest, agentSignal: AbortSignal): Promise<Attempt> {
    const attempt = linkedAbort(agentSignal);
    const firstTokenTimer = setTimeout(
      () => attempt.controller.abort({ stop: 'timeout', message: `No first token within ${seconds(resilience.firstTokenTimeoutMs)} (first-token timeout).` } satisfies Stop),
      resilience.firstTokenTimeoutMs,
    );
    let text = '';
    let reasoning = '';
    let firstTokenAt: number | undefined;
    let firstAnswerAt: number | undefined;
    const firstToken = () => {
      if (firstTokenAt !== undefined) return;
      firstTokenAt = now();
      clearTimeout(firstTokenTimer);
    };
    try {
      // One model call, no tools or steps: streamText took 1.5-3x the CPU per streamed chunk.
      // Retries are ours (lib/moa/retry.ts): the SDK's would not know whether text was shown.
      const { stream } = await streamCall({ ...request, abortSignal: attempt.controller.signal });
      let finishReason: FinishReason = 'other';
      let reported: LanguageModelUsage | undefined;
      for await (const part of stream) {
        if (part.type === 'text-delta' && part.text) {
          firstToken();
          firstAnswerAt ??= now();
          text += part.text;
          emit({ type: 'agent-delta', t: elapsed(), layer, agent, text: part.text });
        } else if (part.type === 'reasoning-delta' && part.text) {
          // A reasoning token is a first token too: the model is alive, whatever it says first.
          firstToken();
          reasoning += part.text;
          emit({ type: 'agent-reasoning-delta', t: elapsed(), layer, agent, text: part.text });
        } else if (part.type === 'error') {
          throw part.error;
        } else if (part.type === 'model-call-end') {
          finishReason = part.finishReason as FinishReason;
          reported = part.usage;
        }
      }
      if (attempt.controller.signal.aborted) throw abortError(attempt.controller.signal);
      return { ok: true, text, reasoning, firstTokenAt, firstAnswerAt, finishReason, reported };
    } catch (error) {
      const signal = attempt.controller.signal;
      return signal.aborted ? { ok: false, text, reasoning, error, stopped: stopOf(signal) } : { ok: false, text, reasoning, error };
    } finally {
      clearTimeout(firstTokenTimer);
      attempt.dispose();
    }
  }

  /** Runs one layer; with early aggregation, stragglers are stopped once the quorum had its grace period. */
  async function runLayer(layer: number, agents: AgentConfig[], previous: PreviousAnswer[] | null, from: number, missing: number, quorum: number) {
    const stragglers = linkedAbort(abort.signal);
    let finished = 0;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const onFinished = () => {
      if (!resilience.earlyAggregation || ++finished !== quorum || quorum >= agents.length) return;
      const message = `Stopped by early aggregation: ${quorum} of ${agents.length} agents had finished and the ${seconds(resilience.graceMs)} grace period ran out.`;
      graceTimer = setTimeout(() => stragglers.controller.abort({ stop: 'straggler', message } satisfies Stop), resilience.graceMs);
    };
    try {
      return await Promise.all(
        agents.map(async (settings, agent) => {
          const outcome = await runAgent(layer, agent, settings, previous, from, missing, stragglers.controller.signal);
          if (outcome.ok) onFinished();
          return outcome;
        }),
      );
    } finally {
      clearTimeout(graceTimer);
      stragglers.dispose();
    }
  }

  /** The aggregate ranking of the council layer just before, for its chairman's prompt; null otherwise. */
  let councilNote: string | null = null;

  async function drive() {
    let usage = emptyUsage();
    let previous: PreviousAnswer[] | null = null;
    /** The layer that wrote `previous`: a top-k layer passes its previous answers on, so they keep their layer and numbers. */
    let from = 0;
    let missing = 0;
    let finalText = '';
    try {
      for (const [layer, { agents }] of config.layers.entries()) {
        if (abort.signal.aborted) break;
        const quorum = Math.min(resilience.quorum, agents.length);
        const outcomes = await runLayer(layer, agents, previous, from, missing, quorum);
        usage = outcomes.reduce((sum, o) => addUsage(sum, o.usage), usage);
        const succeeded = outcomes.filter((o) => o.ok).length;
        emit({ type: 'layer-finished', t: elapsed(), layer, succeeded, failed: outcomes.length - succeeded });
        if (abort.signal.aborted) break;
        if (succeeded === 0) {
          emit({ type: 'run-failed', t: elapsed(), error: `Every agent of layer ${layer + 1} failed.`, usage });
          return;
        }
        if (succeeded < quorum) {
          const error = `Only ${succeeded} of ${agents.length} agents of layer ${layer + 1} finished; the quorum is ${quorum}.`;
          emit({ type: 'run-failed', t: elapsed(), error, usage });
          return;
        }
        const verdict = outcomes.flatMap((o) => (o.ok && o.verdict ? [o.verdict] : []))[0];
        councilNote = null;
        if (config.layers[layer].strategy === 'council' && previous) {
          // The council passes the answers on unchanged (numbers and origin layer kept) plus its Borda table for the chairman.
          const rankings = outcomes.flatMap((o) => (o.ok && o.ranking?.order ? [o.ranking.order] : []));
          const rows = bordaCount(previous.map((a) => a.index), rankings);
          const fallback = rankings.length === 0 ? 'No ranking was readable: the aggregate order is the answers\' order.' : undefined;
          emit({ type: 'council-result', t: elapsed(), layer, from, seed: config.layers[layer].seed ?? 0, rows, counted: rankings.length, rankers: agents.length, ...(fallback && { fallback }) });
          councilNote = councilRankingNote(rows, rankings.length);
          finalText = previous.find((a) => a.index === rows[0]?.answer)?.text ?? previous[0]?.text ?? '';
          continue;
        }
        if (verdict && previous) {
          previous = keptAnswers(previous, verdict);
          missing = 0;
        } else {
          previous = outcomes.flatMap((o, i) => (o.ok ? [{ index: i + 1, text: o.text, ...(config.passReasoning && o.reasoning && { reasoning: o.reasoning }) }] : []));
          from = layer;
          missing = outcomes.length - succeeded;
        }
        finalText = verdict?.best.text ?? previous[0]?.text ?? '';
        if (verdict?.agree) {
          emit({ type: 'early-stop', t: elapsed(), layer, reason: earlyStopReason(layer, verdict) });
          break;
        }
      }
      if (abort.signal.aborted) emit({ type: 'run-cancelled', t: elapsed(), usage });
      else emit({ type: 'run-finished', t: elapsed(), finalText, usage });
    } catch (error) {
      emit({ type: 'run-failed', t: elapsed(), error: describeError(error), usage });
    } finally {
      events.close();
    }
  }

  yield { type: 'run-started', t: 0, startedAt: new Date().toISOString(), config, prompt, ...(history.length && { history }) };
  const driving = drive();
  try {
    yield* events;
  } finally {
    // Reached on normal end, and when the consumer stops early: never leave calls running.
    abort.abort();
    deps.signal?.removeEventListener('abort', onOuterAbort);
    await driving;
  }
}

/** A controller that aborts (with the same reason) when `parent` does; dispose() unhooks it. */
function linkedAbort(parent: AbortSignal) {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const follow = () => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener('abort', follow, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', follow) };
}

/** Resolves true after `ms`, false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Provider usage when reported; otherwise a tokenizer estimate, marked as such. Reasoning tokens
 * are the provider's count, else (when reasoning text streamed) an estimate of it, marked too.
 */
function toTokenUsage(reported: LanguageModelUsage | undefined, promptText: string, outputText: string, reasoningText = ''): TokenUsage {
  const hasInput = typeof reported?.inputTokens === 'number';
  const hasOutput = typeof reported?.outputTokens === 'number';
  const reportedReasoning = reported?.outputTokenDetails?.reasoningTokens;
  const estimatedReasoning = !reportedReasoning && reasoningText ? countTokens(reasoningText) : 0;
  const inputTokens = hasInput ? reported!.inputTokens! : countTokens(promptText);
  const outputTokens = hasOutput ? reported!.outputTokens! : countTokens(outputText) + estimatedReasoning;
  const usage: TokenUsage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const cached = reported?.inputTokenDetails?.cacheReadTokens;
  if (cached) usage.cachedInputTokens = cached;
  if (reportedReasoning) usage.reasoningTokens = reportedReasoning;
  else if (estimatedReasoning) {
    // Never more than the output the provider reported: reasoning is part of it.
    usage.reasoningTokens = Math.min(estimatedReasoning, outputTokens);
    usage.reasoningEstimated = true;
  }
  if (!hasInput || !hasOutput) usage.estimated = true;
  return usage;
}
