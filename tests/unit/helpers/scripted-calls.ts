import type { ModelCallPart, ModelCallRequest, StreamModelCall } from '@/lib/moa/engine';

/** Calls answered from a script per model, in order (the last reply repeats); every request recorded. */
export function scripted(replies: Record<string, string[]>) {
  const requests: ModelCallRequest[] = [];
  const call: StreamModelCall = async (request) => {
    requests.push(request);
    const queue = replies[request.model];
    const text = queue.length > 1 ? queue.shift()! : queue[0];
    async function* parts(): AsyncIterable<ModelCallPart> {
      yield { type: 'text-delta', text };
      yield { type: 'model-call-end', finishReason: 'stop', usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 } as never };
    }
    return { stream: parts() };
  };
  return { call, requests };
}
