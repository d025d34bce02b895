// The fake OpenAI server, exercised through the real AI SDK provider code path.
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, streamText, type LanguageModel, type TextStreamPart, type ToolSet } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAIServer } from '../fake-openai/server';

let server: FakeOpenAIServer;
let model: (id: string) => LanguageModel;

beforeAll(async () => {
  server = await startFakeOpenAI();
  const provider = createOpenAICompatible({ name: 'fake', baseURL: server.url, apiKey: 'test', includeUsage: true });
  model = (id) => provider.chatModel(id);
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** streamText logs stream errors to the console by default; fault tests expect them. */
const quiet = () => {};

const TEXT = 'The quick brown fox jumps over the lazy dog, twice.';

/** Drains `result.stream`, keeping text deltas and errors (parts or thrown). */
async function collect(result: { stream: AsyncIterable<TextStreamPart<ToolSet>> }) {
  const deltas: string[] = [];
  const errors: unknown[] = [];
  try {
    for await (const part of result.stream) {
      if (part.type === 'text-delta') deltas.push(part.text);
      if (part.type === 'error') errors.push(part.error);
    }
  } catch (error) {
    errors.push(error);
  }
  return { deltas, text: deltas.join(''), errors };
}

async function waitFor(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `path` is relative to the base URL (`chat/completions`) or absolute (`/__control/reset`). */
function post(path: string, body: unknown): Promise<Response> {
  const url = path.startsWith('/') ? new URL(path, server.url) : `${server.url}/${path}`;
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('streaming through @ai-sdk/openai-compatible', () => {
  it('streams the configured text in several deltas and reports the configured usage', async () => {
    server.setModel('m1', {
      text: TEXT,
      usage: { promptTokens: 120, completionTokens: 40, cachedTokens: 100, reasoningTokens: 15 },
    });
    const result = streamText({ model: model('m1'), prompt: 'Hello there' });
    const { deltas, text, errors } = await collect(result);

    expect(errors).toEqual([]);
    expect(text).toBe(TEXT);
    expect(deltas.length).toBe(TEXT.split(' ').length); // one word per delta by default
    const usage = await result.usage;
    expect(usage).toMatchObject({
      inputTokens: 120,
      inputTokenDetails: { noCacheTokens: 20, cacheReadTokens: 100, cacheWriteTokens: undefined },
      outputTokens: 40,
      outputTokenDetails: { textTokens: 25, reasoningTokens: 15 },
      totalTokens: 160,
    });
    expect(await result.finishReason).toBe('stop');
  });

  it('honours chunkSize and computes usage by default', async () => {
    server.setModel('m2', { text: 'abcdefghij', chunkSize: 3 });
    const result = streamText({ model: model('m2'), prompt: 'one two three' });
    const { deltas } = await collect(result);

    expect(deltas).toEqual(['abc', 'def', 'ghi', 'j']);
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(3); // words of all messages
    expect(usage.outputTokens).toBe(4); // content chunks
  });

  it('gives deterministic default answers that differ per model', async () => {
    const ask = async (id: string) => (await generateText({ model: model(id), prompt: 'Compare Rust and Go for CLIs' })).text;
    const [a, again, b] = [await ask('fake-small'), await ask('fake-small'), await ask('fake-large')];

    expect(a).toBe(again);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^Fake answer from fake-small to: Compare Rust and Go for CLIs\./);
    const words = a.split(/\s+/).length;
    expect(words).toBeGreaterThanOrEqual(30);
    expect(words).toBeLessThanOrEqual(60);
  });

  it('records the request body and headers', async () => {
    await collect(
      streamText({
        model: model('fake-judge'),
        system: 'Be brief.', // AI SDK 7 rejects system messages inside `messages` by default
        messages: [{ role: 'user', content: 'Rank these answers' }],
      }),
    );

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.model).toBe('fake-judge');
    expect(request!.headers.authorization).toBe('Bearer test');
    expect(request!.body).toMatchObject({
      model: 'fake-judge',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Rank these answers' },
      ],
    });
  });

  it('paces the stream with firstTokenMs and tokensPerSecond', async () => {
    server.setModel('slow', { text: 'a b c d e', firstTokenMs: 150, tokensPerSecond: 50 });
    const started = Date.now();
    const arrivals: number[] = [];
    for await (const _ of streamText({ model: model('slow'), prompt: 'hi' }).textStream) arrivals.push(Date.now() - started);

    expect(arrivals).toHaveLength(5);
    expect(arrivals[0]).toBeGreaterThanOrEqual(140);
    // The last chunk is never sent before its slot (150 + 4 × 20 ms); a late first read cannot hide that.
    expect(arrivals[4]).toBeGreaterThanOrEqual(225);
  });
});

describe('non-streaming', () => {
  it('answers generateText with text and usage', async () => {
    server.setModel('m1', { text: TEXT, usage: { promptTokens: 7, completionTokens: 9, cachedTokens: 2, reasoningTokens: 3 } });
    const result = await generateText({ model: model('m1'), prompt: 'hi' });

    expect(result.text).toBe(TEXT);
    expect(result.usage).toMatchObject({
      inputTokens: 7,
      inputTokenDetails: { cacheReadTokens: 2, noCacheTokens: 5 },
      outputTokens: 9,
      outputTokenDetails: { reasoningTokens: 3, textTokens: 6 },
    });
    expect(server.requests[0]!.body.stream).toBeUndefined();
  });
});

describe('scripted texts', () => {
  it('answers each request to a model with the next of its texts, the last repeating; setting the model again starts over', async () => {
    expect((await post('/__control/models', { seq: { texts: ['first', 'second'] } })).status).toBe(200);
    const ask = async () => (await collect(streamText({ model: model('seq'), prompt: 'hi' }))).text;
    expect([await ask(), await ask(), await ask()]).toEqual(['first', 'second', 'second']);
    expect((await generateText({ model: model('seq'), prompt: 'hi' })).text).toBe('second');
    server.setModel('seq', { texts: ['again'], text: 'ignored' });
    expect(await ask()).toBe('again');
    expect((await post('/__control/models', { seq: { texts: [] } })).status).toBe(400);
  });
});

describe('faults', () => {
  it('surfaces a 500 as an APICallError', async () => {
    server.setModel('broken', { fault: { kind: 'status', status: 500 } });
    const { text, errors } = await collect(streamText({ model: model('broken'), prompt: 'hi', maxRetries: 0, onError: quiet }));

    expect(text).toBe('');
    expect(errors).toHaveLength(1);
    expect(APICallError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as APICallError).statusCode).toBe(500);
    await expect(generateText({ model: model('broken'), prompt: 'hi', maxRetries: 0 })).rejects.toThrow(/server had an error/);
  });

  it('sends retry-after with a 429', async () => {
    server.setModel('limited', { fault: { kind: 'status', status: 429, retryAfterSeconds: 7 } });
    const error = await generateText({ model: model('limited'), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(429);
    expect((error as APICallError).responseHeaders?.['retry-after']).toBe('7');
    expect((error as APICallError).isRetryable).toBe(true);
  });

  it('fails only the first `times` requests, so the SDK retry succeeds', async () => {
    // retry-after: 0 makes the SDK retry at once instead of its 2 s backoff.
    server.setModel('flaky', { text: 'recovered', fault: { kind: 'status', status: 503, times: 1, retryAfterSeconds: 0 } });
    const result = await generateText({ model: model('flaky'), prompt: 'hi', maxRetries: 1 });

    expect(result.text).toBe('recovered');
    expect(server.requests).toHaveLength(2);
  });

  it('cut: partial text, then an error', async () => {
    server.setModel('cut', { text: TEXT, fault: { kind: 'cut', afterChunks: 3 } });
    const { text, errors } = await collect(streamText({ model: model('cut'), prompt: 'hi', maxRetries: 0, onError: quiet }));

    expect(text).toBe('The quick brown ');
    expect(errors.length).toBeGreaterThan(0);
    await waitFor(() => server.openStreams() === 0);
    expect(server.closedByClient).toBe(0); // the server cut it, not the client
  });

  it('malformed: partial text, then an error', async () => {
    server.setModel('bad', { text: TEXT, fault: { kind: 'malformed', afterChunks: 2 } });
    const result = streamText({ model: model('bad'), prompt: 'hi', maxRetries: 0, onError: quiet });
    const { text, errors } = await collect(result);

    expect(text).toBe('The quick ');
    expect(errors.length).toBeGreaterThan(0);
    expect(await result.finishReason).toBe('error');
  });

  it('hang: aborting the request closes the stream on the server', async () => {
    server.setModel('stuck', { fault: { kind: 'hang' } });
    const controller = new AbortController();
    const result = streamText({ model: model('stuck'), prompt: 'hi', maxRetries: 0, abortSignal: controller.signal, onError: quiet });
    const drained = collect(result);

    await waitFor(() => server.openStreams() === 1);
    controller.abort();
    await waitFor(() => server.openStreams() === 0, 1000);
    expect(server.closedByClient).toBe(1);
    await drained; // ends (abort part or error) rather than hanging
  });

  it('a slow stream stops when the client aborts mid-way', async () => {
    server.setModel('slow', { text: TEXT, tokensPerSecond: 20 });
    const controller = new AbortController();
    const deltas: string[] = [];
    const result = streamText({ model: model('slow'), prompt: 'hi', abortSignal: controller.signal });
    await collect({
      stream: (async function* () {
        for await (const part of result.stream) {
          yield part;
          if (part.type === 'text-delta' && deltas.push('x') === 2) controller.abort();
        }
      })(),
    });

    await waitFor(() => server.openStreams() === 0);
    expect(server.closedByClient).toBe(1);
  });

  it('preset models carry a behaviour in their id', async () => {
    const { errors } = await collect(streamText({ model: model('fake-error'), prompt: 'hi', maxRetries: 0, onError: quiet }));
    expect((errors[0] as APICallError).statusCode).toBe(500);
  });
});

describe('HTTP surface', () => {
  it('lists preset and configured models', async () => {
    server.setModel('custom-model', {});
    const body = await (await fetch(`${server.url}/models`)).json();

    expect(body.object).toBe('list');
    const ids = body.data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['fake-small', 'fake-large', 'fake-judge', 'custom-model']));
  });

  it('answers unknown routes with 404 and bad JSON with 400, OpenAI-style', async () => {
    const notFound = await fetch(`${server.url}/nope`);
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error).toMatchObject({ type: 'invalid_request_error' });

    const badJson = await post('chat/completions', '{not json');
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).error.message).toMatch(/parse the JSON/);

    const noMessages = await post('chat/completions', { model: 'x' });
    expect(noMessages.status).toBe(400);
  });

  it('is configurable from another process through /__control', async () => {
    const configured = await post('/__control/models', { remote: { text: 'set over HTTP', chunkSize: 4 } });
    expect(configured.status).toBe(200);
    const { text } = await collect(streamText({ model: model('remote'), prompt: 'hi' }));
    expect(text).toBe('set over HTTP');

    const state = await (await fetch(new URL('/__control/requests', server.url))).json();
    expect(state).toMatchObject({ openStreams: 0, closedByClient: 0 });
    expect(state.requests.map((r: { model: string }) => r.model)).toEqual(['remote']);

    const typo = await post('/__control/models', { remote: { firstTokenMS: 5 } });
    expect(typo.status).toBe(400);

    expect((await post('/__control/reset', {})).status).toBe(200);
    expect(server.requests).toHaveLength(0);
  });

  it('requires the bearer token when started with apiKey', async () => {
    const locked = await startFakeOpenAI({ apiKey: 'secret', models: { vault: { text: 'unlocked' } } });
    try {
      const wrong = createOpenAICompatible({ name: 'fake', baseURL: locked.url, apiKey: 'nope' });
      const error = await generateText({ model: wrong.chatModel('fake-small'), prompt: 'hi', maxRetries: 0 }).catch((e: unknown) => e);
      expect((error as APICallError).statusCode).toBe(401);

      const right = createOpenAICompatible({ name: 'fake', baseURL: locked.url, apiKey: 'secret' });
      expect((await generateText({ model: right.chatModel('vault'), prompt: 'hi' })).text).toBe('unlocked');
    } finally {
      await locked.close();
    }
  });
});

describe('@ai-sdk/openai chat models', () => {
  it('stream text and usage too', async () => {
    server.setModel('gpt-fake', { text: TEXT, usage: { promptTokens: 11, completionTokens: 12, cachedTokens: 4, reasoningTokens: 5 } });
    const openai = createOpenAI({ baseURL: server.url, apiKey: 'test' });
    const result = streamText({ model: openai.chat('gpt-fake'), prompt: 'hi' });
    const { deltas, text, errors } = await collect(result);

    expect(errors).toEqual([]);
    expect(text).toBe(TEXT);
    expect(deltas.length).toBeGreaterThan(1);
    expect(await result.usage).toMatchObject({
      inputTokens: 11,
      inputTokenDetails: { cacheReadTokens: 4, noCacheTokens: 7 },
      outputTokens: 12,
      outputTokenDetails: { reasoningTokens: 5, textTokens: 7 },
    });
    expect(server.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });
});
