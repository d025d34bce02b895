import { setMaxListeners } from 'node:events';
import { streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import { countTokens } from '../tokens';
import { createChannel } from './channel';
import type { AgentConfig, MoAConfig } from './config';
import { describeError, isAbortError } from './errors';
import { addUsage, emptyUsage, type FinishReason, type RunEvent, type TokenUsage } from './events';
import { buildSynthesisSystemPrompt, type PreviousAnswer } from './prompts';

export type EngineDeps = {
  resolveModel: (id: string) => LanguageModel;
  /** Milliseconds on a monotonic clock. */
  now?: () => number;
  signal?: AbortSignal;
  /** Retries of a call that failed before streaming; passed to the AI SDK. */
  maxRetries?: number;
};

type AgentOutcome = { ok: true; text: string; usage: TokenUsage } | { ok: false; usage: TokenUsage };

/**
 * Runs a Mixture-of-Agents configuration: layers in order, the agents of a layer concurrently.
 * Yields every event of the run in order; ends after exactly one run-finished, run-failed or
 * run-cancelled. Stopping iteration early (or aborting `deps.signal`) aborts every model call.
 */
export async function* runMoA(config: MoAConfig, prompt: string, deps: EngineDeps): AsyncGenerator<RunEvent> {
  const now = deps.now ?? (() => performance.now());
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

  async function runAgent(layer: number, agent: number, settings: AgentConfig, previous: PreviousAnswer[] | null, missing: number): Promise<AgentOutcome> {
    const requestedAt = now();
    emit({ type: 'agent-started', t: elapsed(), layer, agent, model: settings.model });
    const instructions = previous
      ? buildSynthesisSystemPrompt({ instruction: config.synthesisPrompt, answers: previous, missing, agentSystemPrompt: settings.systemPrompt })
      : settings.systemPrompt?.trim() || undefined;
    let text = '';
    let firstTokenAt: number | undefined;
    try {
      const result = streamText({
        model: deps.resolveModel(settings.model),
        instructions,
        prompt,
        temperature: settings.temperature,
        topP: settings.topP,
        maxOutputTokens: settings.maxOutputTokens,
        maxRetries: deps.maxRetries ?? 2,
        abortSignal: abort.signal,
        // Errors arrive as stream parts below; the default handler would log them.
        onError: () => {},
      });
      let finishReason: FinishReason = 'other';
      let reported: LanguageModelUsage | undefined;
      for await (const part of result.stream) {
        if (part.type === 'text-delta' && part.text) {
          firstTokenAt ??= now();
          text += part.text;
          emit({ type: 'agent-delta', t: elapsed(), layer, agent, text: part.text });
        } else if (part.type === 'error') {
          throw part.error;
        } else if (part.type === 'abort') {
          throw abortError();
        } else if (part.type === 'finish') {
          finishReason = part.finishReason as FinishReason;
          reported = part.totalUsage;
        }
      }
      if (abort.signal.aborted) throw abortError();
      const usage = toTokenUsage(reported, [instructions ?? '', prompt].join('\n'), text);
      emit({
        type: 'agent-finished', t: elapsed(), layer, agent, text, usage, finishReason,
        firstTokenMs: firstTokenAt === undefined ? undefined : round(firstTokenAt - requestedAt),
        latencyMs: round(now() - requestedAt),
      });
      return { ok: true, text, usage };
    } catch (error) {
      const cancelled = abort.signal.aborted || isAbortError(error);
      emit({ type: 'agent-failed', t: elapsed(), layer, agent, error: cancelled ? 'Cancelled.' : describeError(error), cancelled, text });
      return { ok: false, usage: emptyUsage() };
    }
  }

  async function drive() {
    let usage = emptyUsage();
    let previous: PreviousAnswer[] | null = null;
    let missing = 0;
    try {
      for (const [layer, { agents }] of config.layers.entries()) {
        if (abort.signal.aborted) break;
        const outcomes = await Promise.all(agents.map((settings, agent) => runAgent(layer, agent, settings, previous, missing)));
        usage = outcomes.reduce((sum, o) => addUsage(sum, o.usage), usage);
        const succeeded = outcomes.filter((o) => o.ok).length;
        emit({ type: 'layer-finished', t: elapsed(), layer, succeeded, failed: outcomes.length - succeeded });
        if (abort.signal.aborted) break;
        if (succeeded === 0) {
          emit({ type: 'run-failed', t: elapsed(), error: `Every agent of layer ${layer + 1} failed.`, usage });
          return;
        }
        previous = outcomes.flatMap((o, i) => (o.ok ? [{ index: i + 1, text: o.text }] : []));
        missing = outcomes.length - succeeded;
      }
      if (abort.signal.aborted) emit({ type: 'run-cancelled', t: elapsed(), usage });
      else emit({ type: 'run-finished', t: elapsed(), finalText: previous?.[0]?.text ?? '', usage });
    } catch (error) {
      emit({ type: 'run-failed', t: elapsed(), error: describeError(error), usage });
    } finally {
      events.close();
    }
  }

  yield { type: 'run-started', t: 0, startedAt: new Date().toISOString(), config, prompt };
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

const round = (ms: number) => Math.round(ms * 10) / 10;

function abortError() {
  return Object.assign(new Error('Cancelled.'), { name: 'AbortError' });
}

/** Provider usage when reported; otherwise a tokenizer estimate, marked as such. */
function toTokenUsage(reported: LanguageModelUsage | undefined, promptText: string, outputText: string): TokenUsage {
  const hasInput = typeof reported?.inputTokens === 'number';
  const hasOutput = typeof reported?.outputTokens === 'number';
  const inputTokens = hasInput ? reported!.inputTokens! : countTokens(promptText);
  const outputTokens = hasOutput ? reported!.outputTokens! : countTokens(outputText);
  const usage: TokenUsage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const cached = reported?.inputTokenDetails?.cacheReadTokens;
  const reasoning = reported?.outputTokenDetails?.reasoningTokens;
  if (cached) usage.cachedInputTokens = cached;
  if (reasoning) usage.reasoningTokens = reasoning;
  if (!hasInput || !hasOutput) usage.estimated = true;
  return usage;
}
