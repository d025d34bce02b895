import { Worker } from 'node:worker_threads';
import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it, vi } from 'vitest';
import { createWorkerCalls } from '@/lib/models/call-worker/client';
import { dataToError, errorToData } from '@/lib/models/call-worker/protocol';
import { describeError } from '@/lib/moa/errors';
import { retryDelayMs, retryReason } from '@/lib/moa/retry';
import type { ModelCallPart, StreamModelCall } from '@/lib/moa/engine';

/** A stand-in worker from source: `onCall` is the body of its handler for a call message `m`. */
const fakeWorker = (onCall: string) =>
  new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', (m) => { if (m.type === 'call') { ${onCall} } });
     parentPort.postMessage({ ready: true });`,
    { eval: true },
  );

const request = { model: 'fake:a', messages: [{ role: 'user' as const, content: 'Hi.' }] };
const collect = async (call: StreamModelCall) => {
  const parts: ModelCallPart[] = [];
  const { stream } = await call({ ...request, abortSignal: new AbortController().signal });
  for await (const part of stream) parts.push(part);
  return parts;
};
const answering = "parentPort.postMessage({ parts: [m.id, { type: 'text-delta', text: 'Hello' }, m.id, { type: 'model-call-end', finishReason: 'stop' }, m.id, null] });";

describe('model calls in a worker', () => {
  it('streams the parts the worker sends, in order', async () => {
    const { call } = createWorkerCalls(() => fakeWorker(answering), () => Promise.reject(new Error('no fallback')));
    expect(await collect(call)).toEqual([{ type: 'text-delta', text: 'Hello' }, { type: 'model-call-end', finishReason: 'stop' }]);
  });

  it('a worker that dies fails its running calls with a clear error, and the next call gets a new worker', async () => {
    const spawn = vi.fn().mockImplementationOnce(() => fakeWorker('process.exit(3);')).mockImplementation(() => fakeWorker(answering));
    const { call } = createWorkerCalls(spawn, () => Promise.reject(new Error('no fallback')));
    const [failed] = await collect(call);
    expect(failed).toMatchObject({ type: 'error', error: { message: 'The model-call worker exited (code 3).' } });
    expect(await collect(call)).toContainEqual({ type: 'text-delta', text: 'Hello' });
    expect(spawn).toHaveBeenCalledTimes(2);
  });

  it('when no worker can start, every call runs in this thread instead', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const spawn = vi.fn(() => new Worker('throw new Error("no threads here")', { eval: true }));
    const fallback = vi.fn<StreamModelCall>(async () => ({ stream: (async function* () { yield { type: 'text-delta', text: 'here' }; })() }));
    const { call } = createWorkerCalls(spawn, fallback);
    expect(await collect(call)).toEqual([{ type: 'text-delta', text: 'here' }]);
    expect(await collect(call)).toEqual([{ type: 'text-delta', text: 'here' }]);
    expect(spawn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('no threads here'));
    warn.mockRestore();
  });

  it('an aborted call ends at once with the abort, and the worker is told to stop it', async () => {
    const told: number[] = [];
    const worker = fakeWorker("parentPort.postMessage({ parts: [m.id, { type: 'text-delta', text: 'Hel' }] });");
    const original = worker.postMessage.bind(worker);
    worker.postMessage = (message: { type: string; id: number }) => (message.type === 'abort' && told.push(message.id), original(message));
    const { call } = createWorkerCalls(() => worker, () => Promise.reject(new Error('no fallback')));
    const controller = new AbortController();
    const { stream } = await call({ ...request, abortSignal: controller.signal });
    const parts: ModelCallPart[] = [];
    for await (const part of stream) {
      parts.push(part);
      controller.abort();
    }
    expect(parts).toEqual([{ type: 'text-delta', text: 'Hel' }, { type: 'error', error: expect.objectContaining({ name: 'AbortError' }) }]);
    expect(told).toHaveLength(1);
    await worker.terminate();
  });
});

describe('errors across the thread boundary', () => {
  const rateLimited = new APICallError({
    message: 'Rate limit reached.', url: 'http://x/v1/chat/completions', requestBodyValues: {}, statusCode: 429,
    responseHeaders: { 'retry-after': '2' }, isRetryable: true,
  });
  const dropped = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
  const wrapped = Object.assign(new Error('Failed after 3 attempts.'), { name: 'AI_RetryError', lastError: rateLimited });

  it.each([['an HTTP 429 with retry-after', rateLimited], ['a dropped connection', dropped], ['a retry error', wrapped], ['a string', 'boom']])(
    '%s: the engine reads the same message, retry reason and wait',
    (_, error) => {
      const copy = dataToError(structuredClone(errorToData(error)));
      expect(describeError(copy)).toBe(describeError(error));
      expect(retryReason(copy)).toBe(retryReason(error));
      expect(retryDelayMs({ error: copy, retry: 1, baseDelayMs: 100, random: () => 0.5 })).toEqual(retryDelayMs({ error, retry: 1, baseDelayMs: 100, random: () => 0.5 }));
    },
  );
});
