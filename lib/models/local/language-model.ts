/** An embedded llama.cpp model as an AI SDK LanguageModelV4: streamed text, real token counts, abort. */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { ChatHistoryItem, LlamaChatResponseChunk } from 'node-llama-cpp';
import { abortError } from '../../abort';
import type { LoadedModel } from './runtime';

const TEXT_ID = 'text-0';
const REASONING_ID = 'reasoning-0';

/** The AI SDK prompt as node-llama-cpp chat history, ending with the model's turn to answer. */
export function toChatHistory(prompt: LanguageModelV4Prompt): { history: ChatHistoryItem[]; warnings: SharedV4Warning[] } {
  const warnings: SharedV4Warning[] = [];
  const history: ChatHistoryItem[] = [];
  const textOf = (parts: readonly { type: string; text?: string }[]) =>
    parts
      .flatMap((part) => {
        if (part.type === 'text' && typeof part.text === 'string') return [part.text];
        if (part.type !== 'reasoning') warnings.push({ type: 'unsupported', feature: `${part.type} content`, details: 'Local models read text only.' });
        return [];
      })
      .join('');
  for (const message of prompt) {
    if (message.role === 'system') history.push({ type: 'system', text: message.content });
    else if (message.role === 'user') history.push({ type: 'user', text: textOf(message.content) });
    else if (message.role === 'assistant') history.push({ type: 'model', response: [textOf(message.content)] });
    else warnings.push({ type: 'unsupported', feature: 'tool results' });
  }
  history.push({ type: 'model', response: [] });
  return { history, warnings };
}

function callWarnings(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  if (options.tools?.length) warnings.push({ type: 'unsupported', feature: 'tools' });
  if (options.responseFormat?.type === 'json') warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'JSON mode is not enforced.' });
  return warnings;
}

/**
 * Usage from llama.cpp's own accounting. `input`: the rendered prompt's tokens; `evaluated`:
 * how many of them were computed now (the rest came from the sequence's cache); `output`:
 * every token sampled (what was shown, and a stop token or held-back bytes).
 */
const usageOf = (input: number, evaluated: number, output: number, reasoning: number): LanguageModelV4Usage => {
  const noCache = Math.min(input, evaluated);
  return {
    inputTokens: { total: input, noCache, cacheRead: input - noCache, cacheWrite: 0 },
    outputTokens: { total: output, text: output - reasoning, reasoning },
  };
};

export class ContextOverflowError extends Error {
  constructor(modelId: string, needed: number, holds: number) {
    super(
      `The prompt is ${needed.toLocaleString('en-US')} tokens but local:${modelId} holds ${holds.toLocaleString('en-US')} per agent. ` +
        'Shorten it, or raise LOCAL_CONTEXT_SIZE (up to what the model was trained on).',
    );
    this.name = 'ContextOverflowError';
  }
}

export class LocalLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'local';
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    /** Checks and loads the file (once); throws a readable error when it cannot be used. */
    private readonly load: () => Promise<LoadedModel>,
  ) {}

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { stream } = await this.doStream(options);
    let text = '';
    let reasoning = '';
    let finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
    let warnings: SharedV4Warning[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value.type === 'text-delta') text += value.delta;
      else if (value.type === 'reasoning-delta') reasoning += value.delta;
      else if (value.type === 'stream-start') warnings = value.warnings;
      else if (value.type === 'finish') finish = value;
    }
    const content: LanguageModelV4Content[] = [];
    if (reasoning) content.push({ type: 'reasoning', text: reasoning });
    content.push({ type: 'text', text });
    return {
      content,
      finishReason: finish!.finishReason,
      usage: finish!.usage,
      warnings,
      response: { modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const signal = options.abortSignal;
    if (signal?.aborted) throw abortError(signal);
    const loaded = await this.load();
    // Wait for a free sequence: agents beyond LOCAL_SEQUENCES queue here.
    const lease = await loaded.sequences.acquire(signal);
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    let chat: import('node-llama-cpp').LlamaChat;
    let history: ChatHistoryItem[];
    let inputTokens: number;
    let warnings: SharedV4Warning[];
    try {
      const { LlamaChat } = await import('node-llama-cpp');
      chat = new LlamaChat({ contextSequence: lease.item });
      const converted = toChatHistory(options.prompt);
      history = converted.history;
      warnings = [...converted.warnings, ...callWarnings(options)];
      // The exact tokens llama.cpp evaluates: the chat template rendered, then tokenised.
      const { contextText } = chat.chatWrapper.generateContextState({ chatHistory: history });
      inputTokens = contextText.tokenize(loaded.model.tokenizer).length;
      if (inputTokens >= loaded.contextSize) throw new ContextOverflowError(this.modelId, inputTokens, loaded.contextSize);
    } catch (error) {
      signal?.removeEventListener('abort', onAbort);
      lease.release();
      throw error;
    }

    const room = loaded.contextSize - inputTokens;
    const maxTokens = Math.min(options.maxOutputTokens ?? room, room);
    const temperature = options.temperature ?? 0.7;
    const modelId = this.modelId;

    let closed = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        let open: 'text' | 'reasoning' | null = null;
        let reasoningTokens = 0;
        // One agent at a time on this sequence: the meter's difference is this call's work.
        const meterBefore = lease.item.tokenMeter.getState();
        const enqueue = (part: LanguageModelV4StreamPart) => {
          if (!closed) controller.enqueue(part);
        };
        const switchTo = (kind: 'text' | 'reasoning' | null) => {
          if (open === kind) return;
          if (open === 'text') enqueue({ type: 'text-end', id: TEXT_ID });
          if (open === 'reasoning') enqueue({ type: 'reasoning-end', id: REASONING_ID });
          if (kind === 'text') enqueue({ type: 'text-start', id: TEXT_ID });
          if (kind === 'reasoning') enqueue({ type: 'reasoning-start', id: REASONING_ID });
          open = kind;
        };
        const onChunk = (chunk: LlamaChatResponseChunk) => {
          if (chunk.type === 'segment' && chunk.segmentType !== 'thought') return;
          const reasoning = chunk.type === 'segment';
          if (reasoning) reasoningTokens += chunk.tokens.length;
          if (!chunk.text) return;
          switchTo(reasoning ? 'reasoning' : 'text');
          enqueue(reasoning ? { type: 'reasoning-delta', id: REASONING_ID, delta: chunk.text } : { type: 'text-delta', id: TEXT_ID, delta: chunk.text });
        };

        enqueue({ type: 'stream-start', warnings });
        enqueue({ type: 'response-metadata', modelId, timestamp: new Date() });
        chat
          .generateResponse(history, {
            onResponseChunk: onChunk,
            signal: stop.signal,
            maxTokens,
            temperature,
            topP: options.topP,
            topK: options.topK,
            // Same model, same prompt: a seed per call keeps sampled answers apart.
            seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
            customStopTriggers: options.stopSequences?.length ? options.stopSequences : undefined,
            repeatPenalty:
              options.presencePenalty || options.frequencyPenalty
                ? { presencePenalty: options.presencePenalty, frequencyPenalty: options.frequencyPenalty }
                : undefined,
          })
          .then((response) => {
            if (open === null) switchTo('text');
            switchTo(null);
            const raw = response.metadata.stopReason;
            const finishReason: LanguageModelV4FinishReason = {
              unified: raw === 'maxTokens' ? 'length' : raw === 'functionCalls' ? 'tool-calls' : 'stop',
              raw,
            };
            // The meter books the prompt's last token as output (it yields the first logits) and never
            // evaluates the last sampled token: output = tokens sampled, evaluated prompt = input + 1.
            const used = lease.item.tokenMeter.diff(meterBefore);
            enqueue({ type: 'finish', finishReason, usage: usageOf(inputTokens, used.usedInputTokens + 1, used.usedOutputTokens, reasoningTokens) });
            if (!closed) controller.close();
          })
          .catch((error: unknown) => {
            if (!closed) controller.error(stop.signal.aborted ? abortError(stop.signal) : error);
          })
          .finally(() => {
            closed = true;
            signal?.removeEventListener('abort', onAbort);
            chat.dispose({ disposeSequence: false });
            lease.release();
          });
      },
      cancel(reason) {
        closed = true;
        stop.abort(reason);
      },
    });
    return { stream };
  }
}
