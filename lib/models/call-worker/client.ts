import type { Worker } from 'node:worker_threads';
import { abortError } from '../../abort';
import { createChannel, type Channel } from '../../moa/channel';
import type { ModelCallPart, ModelCallRequest, StreamModelCall } from '../../moa/engine';
import { dataToError, type ErrorData, type FromWorker, type ToWorker } from './protocol';

/**
 * Model calls made by a worker thread (./worker.ts): the same parts the SDK streams in-process,
 * minus its per-chunk work on this thread. The worker starts with the first call; if it cannot
 * start at all, `fallback` makes the calls here. If it dies, its running calls fail and the next
 * call starts a new one.
 */
export function createWorkerCalls(spawn: () => Worker, fallback: StreamModelCall): { call: StreamModelCall; warm(): Promise<boolean> } {
  /** `ready` resolves to null once the worker has loaded, or to why it could not. */
  type Live = { worker: Worker; ready: Promise<string | null> };
  let live: Live | null = null;
  let unavailable = false;
  let nextId = 0;
  const calls = new Map<number, Channel<ModelCallPart>>();

  const failAll = (error: Error) => {
    for (const stream of calls.values()) stream.push({ type: 'error', error }), stream.close();
    calls.clear();
  };

  function start(): Live {
    const worker = spawn();
    worker.unref();
    let loaded: () => void = () => {};
    const ready = new Promise<string | null>((resolve) => {
      loaded = () => resolve(null);
      worker.once('error', (error) => {
        if (live?.worker === worker) live = null;
        failAll(new Error(`The model-call worker stopped: ${error.message}`));
        resolve(error.message);
      });
      worker.once('exit', (code) => {
        if (live?.worker === worker) live = null;
        failAll(new Error(`The model-call worker exited (code ${code}).`));
        resolve(`it exited with code ${code}`);
      });
    });
    worker.on('message', (message: FromWorker) => {
      if ('ready' in message) return loaded();
      const { parts } = message;
      for (let i = 0; i < parts.length; i += 2) {
        const id = parts[i] as number;
        const part = parts[i + 1] as ModelCallPart | null;
        const stream = calls.get(id);
        if (!stream) continue;
        if (part === null) {
          calls.delete(id);
          stream.close();
        } else stream.push(part.type === 'error' ? { type: 'error', error: dataToError(part.error as ErrorData) } : part);
      }
    });
    return { worker, ready };
  }

  /** The running worker, started if need be; null when it cannot start (calls then run here). */
  async function running(): Promise<Worker | null> {
    if (unavailable) return null;
    const { worker, ready } = (live ??= start());
    const failure = await ready;
    if (failure === null) return worker;
    // It never came up (no worker support here): make every call in this thread from now on.
    unavailable = true;
    console.warn(`[models] the model-call worker could not start (${failure}); model calls run on the main thread.`);
    return null;
  }

  const call: StreamModelCall = async ({ abortSignal, ...request }) => {
    const worker = await running();
    if (!worker) return fallback({ ...request, abortSignal });
    if (abortSignal.aborted) throw abortError(abortSignal);
    const id = nextId++;
    const post = (message: ToWorker) => worker.postMessage(message);
    const stop = () => {
      calls.delete(id);
      post({ type: 'abort', id });
    };
    // A consumer that stops reading early (the engine, on an error part) stops the call too.
    const stream = createChannel<ModelCallPart>(stop);
    calls.set(id, stream);
    abortSignal.addEventListener(
      'abort',
      () => {
        if (!calls.has(id)) return;
        stop();
        stream.push({ type: 'error', error: abortError(abortSignal) });
        stream.close();
      },
      { once: true },
    );
    post({ type: 'call', id, request: request satisfies ModelCallRequest });
    return { stream };
  };
  return { call, warm: async () => (await running()) !== null };
}
