/**
 * The model-call worker: runs HTTP providers' model calls (the AI SDK's streams, parsing and
 * validation of every chunk) in a thread of their own, so the main thread only relays text.
 * Its providers come from the same env as the main thread's registry; no key crosses a message.
 */
import { parentPort } from 'node:worker_threads';
import { experimental_streamLanguageModelCall as streamLanguageModelCall } from 'ai';
import { env } from '../../env';
import type { ModelCallPart } from '../../moa/engine';
import { splitModelId } from '../types';
import { createHttpProviders } from '../http-providers';
import { withReasoning } from '../reasoning';
import { errorToData, type FromWorker, type PartsMessage, type ToWorker } from './protocol';

const port = parentPort!;
const { factories } = createHttpProviders(env);
const running = new Map<number, AbortController>();

let outbox: PartsMessage['parts'] = [];
let flushScheduled = false;
// One message per turn of the event loop, however many calls streamed in it.
const flush = () => {
  flushScheduled = false;
  const parts = outbox;
  outbox = [];
  port.postMessage({ parts } satisfies PartsMessage);
};
const send = (id: number, part: ModelCallPart | null) => {
  outbox.push(id, part);
  if (!flushScheduled) (flushScheduled = true), setImmediate(flush);
};

async function call(id: number, request: Extract<ToWorker, { type: 'call' }>['request']) {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const { provider, model: name } = splitModelId(request.model);
    const create = factories.get(provider);
    if (!create) throw new Error(`The model-call worker has no provider "${provider}".`);
    // The agent's reasoning level becomes its provider's own options here, as in the main thread.
    const { stream } = await streamLanguageModelCall({ ...withReasoning(request), model: create(name), abortSignal: controller.signal });
    for await (const part of stream) {
      if (part.type === 'text-delta' || part.type === 'reasoning-delta') {
        if (part.text) send(id, { type: part.type, text: part.text });
      } else if (part.type === 'error') {
        send(id, { type: 'error', error: errorToData(part.error) });
      } else if (part.type === 'model-call-end') {
        send(id, { type: 'model-call-end', finishReason: part.finishReason, usage: part.usage });
      }
    }
  } catch (error) {
    send(id, { type: 'error', error: errorToData(error) });
  } finally {
    running.delete(id);
    send(id, null);
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'call') void call(message.id, message.request);
  else running.get(message.id)?.abort();
});
port.postMessage({ ready: true } satisfies FromWorker);
