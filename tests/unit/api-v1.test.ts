// The OpenAI-compatible API through real clients (the official `openai` package and the AI SDK's
// openai-compatible provider), their requests served by the route handlers: keys, models,
// completions streamed and not, conversations, and each error with the client's own class.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, streamText } from 'ai';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as completions } from '@/app/api/v1/chat/completions/route';
import { GET as listModels } from '@/app/api/v1/models/route';
import { DELETE as revokeKey } from '@/app/api/keys/[id]/route';
import { GET as listKeys, POST as createKey } from '@/app/api/keys/route';
import { POST as createConfig } from '@/app/api/configs/route';
import { GET as listRuns } from '@/app/api/runs/route';
import type { RunEvent } from '@/lib/moa/events';
import { getApiKeyStore } from '@/lib/api/server';
import { issueOwnerCookie, ownerOfCookies } from '@/lib/runs/owner';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const BASE = 'http://app.test/api/v1';
type Handler = (request: Request) => Promise<Response>;
const ROUTES: Record<string, Handler> = { 'GET /api/v1/models': listModels, 'POST /api/v1/chat/completions': completions };
/** What the clients send reaches the route handlers as it would over HTTP. */
const appFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  const handler = ROUTES[`${request.method} ${new URL(request.url).pathname}`];
  return handler ? handler(request) : new Response('no route', { status: 404 });
}) as typeof fetch;

const ownerCookie = () => issueOwnerCookie(new Request('http://app.test/'))!.requestCookie;
const appRequest = (path: string, cookie: string, method = 'GET', body?: unknown) =>
  new Request(`http://app.test${path}`, { method, headers: { 'content-type': 'application/json', cookie }, body: body === undefined ? undefined : JSON.stringify(body) });

/** A browser (owner cookie) and a key of its (made in the store: the API page's route is rate-limited per address). */
async function newKey(name = 'test') {
  const cookie = ownerCookie();
  const made = (await (await getApiKeyStore()).create(ownerOfCookies(cookie)!, name))!;
  return { cookie, key: made.key, id: made.info.id, prefix: made.info.prefix };
}

const client = (apiKey: string) => new OpenAI({ apiKey, baseURL: BASE, fetch: appFetch, maxRetries: 0 });

async function storedEvents(runId: string): Promise<RunEvent[]> {
  return (await (await getRunStore()).allEvents(runId)).map((e) => e.event);
}

describe('API keys', () => {
  it('are shown once, listed by name and prefix only, and stop working when revoked', async () => {
    const cookie = ownerCookie();
    const response = await createKey(appRequest('/api/keys', cookie, 'POST', { name: 'laptop' }));
    expect(response.status).toBe(201);
    const { key, info: { id, prefix } } = (await response.json()) as { key: string; info: { id: string; prefix: string } };
    expect(key).toMatch(/^moa_sk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const listed = await (await listKeys(appRequest('/api/keys', cookie))).text();
    expect(listed).toContain('laptop');
    expect(listed).not.toContain(key);
    expect(listed).not.toContain(key.slice(prefix.length));

    const models = await client(key).models.list();
    expect(models.data.length).toBeGreaterThan(0);
    expect((await revokeKey(appRequest(`/api/keys/${id}`, cookie, 'DELETE'), { params: Promise.resolve({ id }) })).status).toBe(204);
    const error = await client(key).models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    // Another browser cannot revoke someone's key.
    const other = await newKey();
    expect((await revokeKey(appRequest(`/api/keys/${other.id}`, cookie, 'DELETE'), { params: Promise.resolve({ id: other.id }) })).status).toBe(404);
  });

  it('are required: no key, a made-up key, or only the app’s cookie get 401 in OpenAI’s shape', async () => {
    const { cookie } = await newKey();
    const missing = await appFetch(`${BASE}/models`, { headers: { cookie } });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: expect.objectContaining({ type: 'authentication_error', code: 'missing_api_key', param: null, message: expect.stringContaining('Authorization: Bearer') }) });
    const madeUp = await client(`moa_sk_${'x'.repeat(43)}`).chat.completions.create({ model: 'moa/moa-lite', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(madeUp).toBeInstanceOf(OpenAI.AuthenticationError);
  });
});

describe('GET /api/v1/models', () => {
  it('lists every preset and the key owner’s saved configurations, and no one else’s', async () => {
    const { cookie, key } = await newKey();
    const board = { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 20 }, { model: 'offline:stepwise', maxOutputTokens: 20 }] }, { agents: [{ model: 'offline:synth', maxOutputTokens: 40 }] }] };
    expect((await createConfig(appRequest('/api/configs', cookie, 'POST', { name: 'Team board', config: board }))).status).toBe(201);
    const ids = (await client(key).models.list()).data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['moa/moa', 'moa/moa-lite', 'moa/llm-ranker', 'moa/self-moa', 'moa/single', 'moa/team-board']));
    const stranger = await newKey();
    expect((await client(stranger.key).models.list()).data.map((m) => m.id)).not.toContain('moa/team-board');
    // The saved config answers as a model; a stranger's key gets 404 for it.
    const answer = await client(key).chat.completions.create({ model: 'moa/team-board@1', messages: [{ role: 'user', content: 'Name one sorting algorithm.' }] });
    expect(answer.choices[0].message.content).toBeTruthy();
    await expect(client(stranger.key).chat.completions.create({ model: 'moa/team-board', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('POST /api/v1/chat/completions', () => {
  it('non-streaming: the final answer, usage summed over every agent call, the run’s id and link; the run is the key owner’s', async () => {
    const { cookie, key } = await newKey();
    const { data, response } = await client(key)
      .chat.completions.create({ model: 'moa/moa-lite', messages: [{ role: 'user', content: 'Why is the sky blue?' }] })
      .withResponse();
    const runId = response.headers.get('x-moa-run-id')!;
    expect(runId).toBeTruthy();
    expect(data.object).toBe('chat.completion');
    expect(data.id).toBe(`chatcmpl-${runId}`);
    expect(data.model).toBe('moa/moa-lite');
    expect(data.choices[0].finish_reason).toBe('stop');
    const events = await storedEvents(runId);
    const finished = events.find((e) => e.type === 'run-finished') as Extract<RunEvent, { type: 'run-finished' }>;
    expect(data.choices[0].message.content).toBe(finished.finalText);
    // 6 proposers and an aggregator: 7 calls, their tokens summed.
    const agentUsage = events.flatMap((e) => (e.type === 'agent-finished' ? [e.usage] : []));
    expect(agentUsage).toHaveLength(7);
    expect(data.usage).toMatchObject({
      prompt_tokens: agentUsage.reduce((n, u) => n + u.inputTokens, 0),
      completion_tokens: agentUsage.reduce((n, u) => n + u.outputTokens, 0),
      calls: 7,
    });
    expect((data as unknown as { moa: { url: string } }).moa.url).toBe(`http://app.test/r/${runId}`);
    const runs = (await (await listRuns(appRequest('/api/runs', cookie))).json()) as { runs: { id: string }[] };
    expect(runs.runs.map((r) => r.id)).toContain(runId);
  });

  it('streaming: content deltas add up to the final answer; include_usage gives the last chunk; include_moa_events adds the agents’ events in chunks without choices', async () => {
    const { key } = await newKey();
    const stream = await client(key).chat.completions.create({
      model: 'moa/moa',
      messages: [{ role: 'user', content: 'Give three tips for writing tests.' }],
      stream: true,
      stream_options: { include_usage: true, include_moa_events: true } as OpenAI.ChatCompletionStreamOptions,
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null = null;
    const moaEvents: RunEvent[] = [];
    let id = '';
    for await (const chunk of stream) {
      id = chunk.id;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
      const extra = (chunk as unknown as { moa_event?: RunEvent }).moa_event;
      if (extra) moaEvents.push(extra);
    }
    const runId = id.replace('chatcmpl-', '');
    const events = await storedEvents(runId);
    const finished = events.find((e) => e.type === 'run-finished') as Extract<RunEvent, { type: 'run-finished' }>;
    expect(text).toBe(finished.finalText);
    expect(finish).toBe('stop');
    expect(usage?.total_tokens).toBe(finished.usage.totalTokens);
    expect(moaEvents.filter((e) => e.type === 'agent-finished')).toHaveLength(13);
    expect(moaEvents.at(-1)?.type).toBe('run-finished');
  });

  it('a conversation: system text leads every agent’s system prompt, earlier turns reach every agent, the last user message is the prompt', async () => {
    const { key } = await newKey();
    const { data, response } = await client(key)
      .chat.completions.create({
        model: 'moa/moa-lite',
        messages: [
          { role: 'system', content: 'Answer as a database engineer.' },
          { role: 'user', content: 'Compare PostgreSQL and SQLite.' },
          { role: 'assistant', content: 'PostgreSQL is a server; SQLite is a file.' },
          { role: 'user', content: [{ type: 'text', text: 'Which handles concurrent writes better?' }] },
        ],
        max_tokens: 77,
        temperature: 0.1,
      })
      .withResponse();
    expect(data.choices[0].message.content).toBeTruthy();
    const started = (await storedEvents(response.headers.get('x-moa-run-id')!))[0] as Extract<RunEvent, { type: 'run-started' }>;
    expect(started.prompt).toBe('Which handles concurrent writes better?');
    expect(started.history).toEqual([
      { role: 'user', content: 'Compare PostgreSQL and SQLite.' },
      { role: 'assistant', content: 'PostgreSQL is a server; SQLite is a file.' },
    ]);
    const agents = started.config.layers.flatMap((l) => l.agents);
    expect(agents.every((a) => a.systemPrompt?.startsWith('Answer as a database engineer.'))).toBe(true);
    // Sampling parameters apply to the final aggregator only.
    expect(started.config.layers[1].agents[0]).toMatchObject({ maxOutputTokens: 77, temperature: 0.1 });
    expect(started.config.layers[0].agents[0].maxOutputTokens).not.toBe(77);
  });

  it('the LLM-ranker streams the picked proposal, verbatim', async () => {
    const { key } = await newKey();
    const stream = await client(key).chat.completions.create({ model: 'moa/llm-ranker', messages: [{ role: 'user', content: 'What is a hash map?' }], stream: true });
    let text = '';
    let id = '';
    for await (const chunk of stream) {
      id = chunk.id;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    const events = await storedEvents(id.replace('chatcmpl-', ''));
    const ranked = events.find((e) => e.type === 'agent-finished' && e.layer === 1) as Extract<RunEvent, { type: 'agent-finished' }>;
    expect(ranked.pick?.text).toBeTruthy();
    expect(text).toBe(ranked.pick!.text);
  });

  it('Sparse MoA: the answer is the final text whether the judge stopped early or the aggregator synthesised; usage counts only the calls made', async () => {
    const { key } = await newKey();
    const stream = await client(key).chat.completions.create({ model: 'moa/sparse-moa', messages: [{ role: 'user', content: 'What is a B-tree?' }], stream: true, stream_options: { include_usage: true } });
    let text = '';
    let id = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      id = chunk.id;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    const events = await storedEvents(id.replace('chatcmpl-', ''));
    const finished = events.find((e) => e.type === 'run-finished') as Extract<RunEvent, { type: 'run-finished' }>;
    expect(text).toBe(finished.finalText);
    expect((usage as unknown as { calls: number }).calls).toBe(events.filter((e) => e.type === 'agent-finished').length);
  });

  it('refuses what a MoA cannot honour by name, with the client’s own error classes', async () => {
    const { key } = await newKey();
    const api = client(key);
    const user = [{ role: 'user' as const, content: 'Hi' }];
    const fail = (body: Record<string, unknown>) => api.chat.completions.create({ model: 'moa/moa-lite', messages: user, ...body } as never).catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);

    const unknownModel = await fail({ model: 'moa/nope' });
    expect(unknownModel).toBeInstanceOf(OpenAI.NotFoundError);
    expect(unknownModel).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(await fail({ model: 'gpt-4o' })).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await fail({ n: 2 })).toMatchObject({ status: 400, param: 'n', type: 'invalid_request_error' });
    expect(await fail({ tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] })).toMatchObject({ status: 400, param: 'tools' });
    expect(await fail({ audio: { voice: 'alloy', format: 'mp3' } })).toMatchObject({ status: 400, param: 'audio' });
    expect(await fail({ messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] })).toMatchObject({ status: 400, param: 'messages[0].content[1]' });
    expect(await fail({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] })).toMatchObject({ status: 400, param: 'messages' });
    expect(await fail({ temperature: 3 })).toMatchObject({ status: 400, param: 'temperature' });
    expect(await fail({ messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] })).toMatchObject({ status: 413 });
    // Defaults that clients send anyway pass.
    const fine = await api.chat.completions.create({ model: 'moa/single', messages: user, n: 1, frequency_penalty: 0, presence_penalty: 0, tool_choice: 'none' });
    expect(fine.choices[0].message.content).toBeTruthy();
  });

  it('422 when the run could pass its budget (a saved config with one)', async () => {
    const { cookie, key } = await newKey();
    const config = { budgetUsd: 0.000001, pricing: { 'offline:concise': { inputPerMTok: 1000, outputPerMTok: 1000 } }, layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 500 }] }] };
    expect((await createConfig(appRequest('/api/configs', cookie, 'POST', { name: 'Tight', config }))).status).toBe(201);
    const error = await client(key).chat.completions.create({ model: 'moa/tight', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.UnprocessableEntityError);
    expect(error).toMatchObject({ code: 'budget_exceeded' });
  });

  it('429 with retry-after once the key has used its runs of the minute; other keys are not affected', async () => {
    const { key } = await newKey();
    const api = client(key);
    const ask = () => api.chat.completions.create({ model: 'moa/single', messages: [{ role: 'user', content: 'Hi' }] });
    for (let i = 0; i < 10; i++) await ask();
    const limited = await ask().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'))).toBeGreaterThan(0);
    const other = await newKey();
    expect((await client(other.key).chat.completions.create({ model: 'moa/single', messages: [{ role: 'user', content: 'Hi' }] })).choices).toHaveLength(1);
  });
});

describe('the AI SDK’s openai-compatible provider', () => {
  it('streams and generates text from a MoA, with usage; an unknown model is an APICallError 404', async () => {
    const { key } = await newKey();
    const moa = createOpenAICompatible({ name: 'moa', baseURL: BASE, apiKey: key, fetch: appFetch, includeUsage: true });
    const streamed = streamText({ model: moa('moa/moa-lite'), prompt: 'Why do leaves change colour?', maxRetries: 0 });
    const text = await streamed.text;
    const usage = await streamed.usage;
    expect(text.length).toBeGreaterThan(20);
    expect(usage.inputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(0);

    const generated = await generateText({ model: moa('moa/moa'), system: 'Be brief.', messages: [{ role: 'user', content: 'What is MoA?' }], maxRetries: 0 });
    expect(generated.text.length).toBeGreaterThan(0);
    expect(generated.usage.totalTokens).toBeGreaterThan(0);

    const error = await generateText({ model: moa('moa/unknown'), prompt: 'Hi', maxRetries: 0 }).catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(404);
  });
});

describe('discovery', () => {
  it('the OpenAPI document describes both routes, its request schema from the route’s own zod schema', async () => {
    const { GET } = await import('@/app/api/v1/openapi.json/route');
    const doc = (await (await GET(new Request('http://app.test/api/v1/openapi.json'))).json()) as {
      openapi: string; servers: { url: string }[];
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }; responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe('http://app.test/api/v1');
    const post = doc.paths['/chat/completions'].post;
    const request = post.requestBody!.content['application/json'].schema;
    expect(request.required).toEqual(['model', 'messages']);
    expect(Object.keys(request.properties)).toEqual(expect.arrayContaining(['model', 'messages', 'stream', 'stream_options', 'max_tokens', 'temperature', 'top_p']));
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '404', '413', '422', '429']));
    expect(doc.paths['/models'].get).toBeDefined();
  });

  it('the snippets fill in the base URL and the model, and take the key from the environment', async () => {
    const { apiSnippet, SNIPPET_LANGUAGES } = await import('@/lib/api/snippets');
    for (const { id } of SNIPPET_LANGUAGES) {
      const text = apiSnippet(id, 'https://moa.example/api/v1', 'moa/team-board@2');
      expect(text).toContain('https://moa.example/api/v1');
      expect(text).toContain('moa/team-board@2');
      expect(text).toContain('MOA_API_KEY');
      expect(text).not.toMatch(/moa_sk_/);
    }
  });
});
