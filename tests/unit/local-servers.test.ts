// Local servers found on loopback: a fake Ollama, and the fake OpenAI-compatible server as LM Studio.
import { streamText } from 'ai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverEnvSchema } from '@/lib/env';
import { createServerDetector } from '@/lib/models/local/detect';
import { createModelRegistry } from '@/lib/models/registry';
import { startFakeOpenAI, type FakeOpenAIServer } from '../fake-openai/server';

type Fake = { url: string; hits: string[]; closedEarly: number; close(): Promise<void> };

/** A loopback HTTP server; `handle` may leave a request hanging (it is then closed by the client). */
async function serve(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Fake> {
  const hits: string[] = [];
  const fake = { hits, closedEarly: 0 } as Fake;
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.on('close', () => !res.writableEnded && fake.closedEarly++);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return fake;
}

const ollamaTags = {
  models: [
    { name: 'llama3.2:latest', model: 'llama3.2:latest', size: 2_019_393_189, details: { family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' } },
    { name: 'nomic-embed-text:latest', size: 274_302_450, details: { family: 'nomic-bert' } },
  ],
};

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const fake = await serve(() => {});
  await fake.close();
  return fake.url;
}

let ollama: Fake;
let hanging: Fake;
let lmstudio: FakeOpenAIServer;

beforeAll(async () => {
  ollama = await serve((req, res) => {
    if (req.url === '/api/tags') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ollamaTags));
    else res.writeHead(404).end();
  });
  hanging = await serve(() => {}); // accepts, never answers
  lmstudio = await startFakeOpenAI({ models: { 'qwen2.5-7b-instruct': { text: 'Hello from the studio.' } } });
});
afterAll(async () => {
  await Promise.all([ollama.close(), hanging.close(), lmstudio.close()]);
});

describe('local server detection', () => {
  it('lists the chat models of the servers that answer, and skips embedding models', async () => {
    const detector = createServerDetector({ ollama: ollama.url, lmstudio: lmstudio.url.replace(/\/v1$/, ''), llamacpp: await closedPort() });
    const found = await detector.detect();
    expect(found.map((s) => s.id)).toEqual(['ollama', 'lmstudio']);
    expect(found[0]).toMatchObject({ label: 'Ollama', apiBase: `${ollama.url}/v1`, models: [{ id: 'llama3.2:latest', description: 'llama · 3.2B · Q4_K_M', bytes: 2_019_393_189 }] });
    expect(found[1].models.map((m) => m.id)).toContain('qwen2.5-7b-instruct');
    expect(detector.lastStates()?.find((s) => s.id === 'llamacpp')).toMatchObject({ answering: false });
  });

  it('finds nothing, quietly, when nothing answers', async () => {
    const detector = createServerDetector({ ollama: await closedPort(), lmstudio: await closedPort(), llamacpp: await closedPort() });
    expect(await detector.detect()).toEqual([]);
    expect(detector.lastStates()?.every((s) => !s.answering)).toBe(true);
  });

  it('does not wait for a server that accepts but never answers: the probe is cut off', async () => {
    const before = hanging.hits.length;
    const detector = createServerDetector({ ollama: hanging.url, lmstudio: ollama.url }, { timeoutMs: 200 });
    const found = await detector.detect();
    // Ollama's port answered nothing useful at /v1/models (404), the hanging one timed out.
    expect(found).toEqual([]);
    expect(hanging.hits.length).toBe(before + 1);
    await expect.poll(() => hanging.closedEarly).toBeGreaterThan(0);
    expect(detector.lastStates()?.find((s) => s.id === 'ollama')).toMatchObject({ answering: false, error: 'no answer' });
  });

  it('probes once per cache period, and answers from the cache while refreshing behind', async () => {
    const detector = createServerDetector({ ollama: ollama.url }, { ttlMs: 50 });
    const hits = () => ollama.hits.filter((h) => h === '/api/tags').length;
    const start = hits();
    await Promise.all([detector.detect(), detector.detect(), detector.detect()]);
    await detector.detect();
    expect(hits() - start).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    // Stale: the cached answer comes back at once, and one refresh starts.
    expect((await detector.detect()).map((s) => s.id)).toEqual(['ollama']);
    await expect.poll(() => hits() - start).toBe(2);
  });
});

describe('local servers in the model registry', () => {
  const env = (extra: Record<string, string>) =>
    serverEnvSchema.parse({ MODELS_DIR: '/nonexistent/moa-test-models', LOCAL_SERVERS: 'on', ...extra });

  it('lists detected models with the local kind and runs them through the OpenAI-compatible provider', async () => {
    const registry = createModelRegistry(env({ OLLAMA_URL: ollama.url, LMSTUDIO_URL: lmstudio.url, LLAMACPP_URL: 'off' }));
    const models = await registry.list();
    const local = models.filter((m) => m.kind === 'local');
    expect(local.map((m) => m.id)).toEqual(expect.arrayContaining(['ollama:llama3.2:latest', 'lmstudio:qwen2.5-7b-instruct']));
    expect(local.find((m) => m.id === 'ollama:llama3.2:latest')).toMatchObject({ providerLabel: 'Ollama · this machine', description: 'llama · 3.2B · Q4_K_M · 1.88 GB' });
    expect(models.some((m) => m.id.includes('embed'))).toBe(false);

    expect(registry.check('lmstudio:qwen2.5-7b-instruct')).toBeNull();
    const result = streamText({ model: registry.resolve('lmstudio:qwen2.5-7b-instruct'), prompt: 'Hi' });
    expect(await result.text).toBe('Hello from the studio.');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    expect(lmstudio.requests.at(-1)?.body.stream_options).toEqual({ include_usage: true });
  });

  it('says a server is not answering instead of failing later', async () => {
    const registry = createModelRegistry(env({ OLLAMA_URL: await closedPort(), LMSTUDIO_URL: 'off', LLAMACPP_URL: 'off' }));
    expect((await registry.list()).filter((m) => m.kind === 'local')).toEqual([]);
    expect(registry.check('ollama:llama3.2')).toMatch(/Ollama is not answering at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('probes nothing when LOCAL_SERVERS=off, and leaves a configured provider of the same name alone', async () => {
    const before = ollama.hits.length;
    await createModelRegistry(env({ OLLAMA_URL: ollama.url, LOCAL_SERVERS: 'off' })).list();
    const named = createModelRegistry(env({ OLLAMA_URL: ollama.url, OPENAI_COMPATIBLE_BASE_URL: lmstudio.url, OPENAI_COMPATIBLE_NAME: 'ollama', OPENAI_COMPATIBLE_MODELS: 'a' }));
    const listed = await named.list();
    expect(ollama.hits.length).toBe(before);
    expect(listed.filter((m) => m.provider === 'ollama')).toEqual([expect.objectContaining({ id: 'ollama:a', kind: 'compatible' })]);
  });
});
