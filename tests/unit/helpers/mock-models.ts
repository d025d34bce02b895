import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';

export type MockAgentBehaviour = {
  /** Text to stream, split on spaces into deltas. */
  text?: string;
  /** Delay before the first delta and between deltas, ms. */
  delayMs?: number;
  usage?: { input: number; output: number } | null;
  /** Throw this when the stream is requested (before any text). */
  failWith?: Error;
  /** After this many deltas, error the stream. */
  failAfter?: number;
};

export type MockModel = MockLanguageModelV4 & { aborted: boolean; calls: LanguageModelV4CallOptions[] };

/** A mock model that streams word by word, honours abort, and records what it was asked. */
export function mockModel(id: string, behaviour: MockAgentBehaviour = {}): MockModel {
  const { text = `Answer from ${id}.`, delayMs = 0, usage = { input: 10, output: 5 }, failWith, failAfter } = behaviour;
  const model = new MockLanguageModelV4({
    provider: 'mock',
    modelId: id,
    doStream: async (options) => {
      model.calls.push(options);
      if (failWith) throw failWith;
      const words = text.split(/(?<= )/);
      const signal = options.abortSignal;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async start(controller) {
          const onAbort = () => {
            model.aborted = true;
            clearTimeout(timer);
            controller.error(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          };
          if (signal?.aborted) return onAbort();
          signal?.addEventListener('abort', onAbort, { once: true });
          const wait = () => new Promise<void>((resolve) => (timer = setTimeout(resolve, delayMs)));
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: 't' });
          for (const [i, word] of words.entries()) {
            await wait();
            if (signal?.aborted) return;
            if (failAfter !== undefined && i === failAfter) {
              controller.error(new Error(`${id} broke mid-stream`));
              return;
            }
            controller.enqueue({ type: 'text-delta', id: 't', delta: word });
          }
          controller.enqueue({ type: 'text-end', id: 't' });
          controller.enqueue({
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: usage
              ? {
                  inputTokens: { total: usage.input, noCache: usage.input, cacheRead: undefined, cacheWrite: undefined },
                  outputTokens: { total: usage.output, text: usage.output, reasoning: undefined },
                }
              : {
                  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
                  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
                },
          });
          signal?.removeEventListener('abort', onAbort);
          controller.close();
        },
        cancel() {
          clearTimeout(timer);
        },
      });
      return { stream };
    },
  }) as MockModel;
  model.aborted = false;
  model.calls = [];
  return model;
}

/** The system text and user prompt a mock was called with. */
export function promptOf(call: LanguageModelV4CallOptions) {
  const system = call.prompt.filter((m) => m.role === 'system').map((m) => m.content as string).join('\n');
  const user = call.prompt
    .filter((m) => m.role === 'user')
    .flatMap((m) => (m.content as { type: string; text?: string }[]).map((p) => p.text ?? ''))
    .join('\n');
  return { system, user };
}
