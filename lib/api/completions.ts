import type { MoAConfig } from '../moa/config';
import type { FinishReason, RunEvent } from '../moa/events';
import { runTotalsOf } from '../runs/totals';
import { finalAgent, initialRunView, reduceRun, type RunView } from '../run-view';

/**
 * Run events ⇄ Chat Completions: the final answer as `content`, the run's usage and cost, and (when
 * asked) every run event in chunks without choices, which standard clients skip.
 */

export type CompletionContext = {
  /** `chatcmpl-<run id>`. */
  id: string;
  model: string;
  created: number;
  /** Null only when storage was unavailable and the run streamed unrecorded. */
  runId: string | null;
  /** The run's page: its grid, agent by agent. */
  runUrl: string | null;
};

type Usage = {
  prompt_tokens: number; completion_tokens: number; total_tokens: number; cost: number | null; calls: number;
  completion_tokens_details?: { reasoning_tokens: number };
};
export type ChatCompletionChunk = Record<string, unknown>;

/**
 * Whether the final aggregator's own text is the answer as it streams. A ranking (or any
 * strategy that passes an earlier answer on) is known only when its call ends.
 */
export const answerStreamsLive = (config: MoAConfig): boolean => (config.layers.at(-1)?.strategy ?? 'synthesize') === 'synthesize';

const isFinalAgent = (config: MoAConfig, event: { layer: number; agent: number }) => event.layer === config.layers.length - 1 && event.agent === 0;

const openAIFinish = (reason: FinishReason | undefined): 'stop' | 'length' | 'content_filter' => (reason === 'length' ? 'length' : reason === 'content-filter' ? 'content_filter' : 'stop');

function usageOf(view: RunView): Usage {
  const totals = runTotalsOf(view);
  const input = totals.usage?.inputTokens ?? 0;
  const output = totals.usage?.outputTokens ?? 0;
  const reasoning = totals.usage?.reasoningTokens;
  return {
    prompt_tokens: input, completion_tokens: output, total_tokens: totals.usage?.totalTokens ?? input + output, cost: totals.costUsd ?? null, calls: totals.calls,
    // As OpenAI reports it: part of completion_tokens.
    ...(reasoning && { completion_tokens_details: { reasoning_tokens: reasoning } }),
  };
}

/** The final aggregator's reasoning, when it reasoned and its own answer is the final one (not a ranker's pick nor a judge's best kept answer). */
const reasoningOf = (view: RunView) => {
  const final = finalAgent(view);
  return final?.reasoning && !final.pick && !final.verdict ? { reasoning_content: final.reasoning } : {};
};

/** Why a run gave no answer, as the API tells it. */
export type RunFailure = { status: 422 | 499 | 502 | 503; message: string; code: string };

function failureOf(event: RunEvent, runUrl: string | null): RunFailure | null {
  const see = runUrl ? ` See what each agent did: ${runUrl}` : '';
  if (event.type === 'run-failed') return { status: 502, message: `The MoA run failed: ${event.error}${see}`, code: 'moa_run_failed' };
  if (event.type === 'run-cancelled') {
    return event.reason === 'budget'
      ? { status: 422, message: `${event.message ?? 'The run reached its budget and was stopped.'}${see}`, code: 'budget_exceeded' }
      : { status: 499, message: `The run was cancelled.${see}`, code: 'cancelled' };
  }
  if (event.type === 'run-interrupted') return { status: 503, message: `The server stopped during the run.${see}`, code: 'interrupted' };
  return null;
}

/** The chunks of a streamed completion; a run that ends without an answer ends the stream with an `error` chunk. */
export async function* completionChunks(
  events: AsyncIterable<RunEvent>,
  config: MoAConfig,
  context: CompletionContext,
  options: { includeUsage: boolean; includeEvents: boolean },
): AsyncGenerator<ChatCompletionChunk> {
  const base = { id: context.id, object: 'chat.completion.chunk', created: context.created, model: context.model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  const live = answerStreamsLive(config);
  let view = initialRunView;
  let sent = '';
  yield { ...chunk({ role: 'assistant', content: '' }), moa: { run_id: context.runId, url: context.runUrl } };
  for await (const event of events) {
    view = reduceRun(view, event);
    if (options.includeEvents) yield { ...base, choices: [], moa_event: event };
    if (live && event.type === 'agent-delta' && isFinalAgent(config, event)) {
      sent += event.text;
      yield chunk({ content: event.text });
    }
    // The final aggregator's reasoning, where DeepSeek and vLLM put it: clients that know the field show it apart.
    if (live && event.type === 'agent-reasoning-delta' && isFinalAgent(config, event)) yield chunk({ reasoning_content: event.text });
    if (event.type === 'run-finished') {
      // A ranking's pick, or an answer that came whole: the rest of the final text.
      if (event.finalText.startsWith(sent) && event.finalText.length > sent.length) yield chunk({ content: event.finalText.slice(sent.length) });
      yield chunk({}, openAIFinish(finalAgent(view)?.finishReason));
      if (options.includeUsage) yield { ...base, choices: [], usage: usageOf(view), moa: { run_id: context.runId, url: context.runUrl } };
      return;
    }
    const failure = failureOf(event, context.runUrl);
    if (failure) {
      yield { error: { message: failure.message, type: 'server_error', param: null, code: failure.code } };
      return;
    }
  }
}

/** A whole completion, or why the run gave none. */
export async function completionOf(events: AsyncIterable<RunEvent>, context: CompletionContext): Promise<{ ok: true; body: ChatCompletionChunk } | { ok: false; failure: RunFailure }> {
  let view = initialRunView;
  for await (const event of events) {
    view = reduceRun(view, event);
    if (event.type === 'run-finished') {
      return {
        ok: true,
        body: {
          id: context.id,
          object: 'chat.completion',
          created: context.created,
          model: context.model,
          choices: [{ index: 0, message: { role: 'assistant', content: event.finalText, refusal: null, ...reasoningOf(view) }, logprobs: null, finish_reason: openAIFinish(finalAgent(view)?.finishReason) }],
          usage: usageOf(view),
          moa: { run_id: context.runId, url: context.runUrl },
        },
      };
    }
    const failure = failureOf(event, context.runUrl);
    if (failure) return { ok: false, failure };
  }
  return { ok: false, failure: { status: 502, message: `The run ended without an answer.${context.runUrl ? ` See ${context.runUrl}` : ''}`, code: 'moa_run_failed' } };
}

/** Server-sent events of the chunks, ending with `data: [DONE]` as OpenAI's stream does. */
export function sseOf(chunks: AsyncIterable<ChatCompletionChunk>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
      } else controller.enqueue(encoder.encode(`data: ${JSON.stringify(next.value)}\n\n`));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
