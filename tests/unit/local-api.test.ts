// A whole MoA on the embedded llama.cpp provider, through the app's own route handlers.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '@/lib/models/types';
import type { LocalStatus } from '@/lib/models/local/status';
import { tinyGguf, writeTinyGguf } from '../fixtures/tiny-gguf';

const dir = mkdtempSync(join(tmpdir(), 'local-api-'));
let runs: typeof import('@/app/api/runs/route');
let models: typeof import('@/app/api/models/route');
let status: typeof import('@/app/api/local-models/route');
let presets: typeof import('@/lib/moa/presets');
let pull: typeof import('@/app/api/local-models/pull/route');
let readRunEvents: typeof import('@/lib/browser/read-stream').readRunEvents;
let reduceEvents: typeof import('@/lib/run-view').reduceEvents;

beforeAll(async () => {
  writeTinyGguf(join(dir, 'tiny.gguf'));
  const whole = tinyGguf({ seed: 9 });
  writeFileSync(join(dir, 'half.gguf'), whole.subarray(0, whole.length >> 1));
  // The env is read when the app's modules load: set it first, then import them.
  // Downloads go to a loopback port where nothing listens: this machine's "no internet".
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const nowhere = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
  Object.assign(process.env, { MODELS_DIR: dir, LOCAL_THREADS: '1', LOCAL_CONTEXT_SIZE: '2048', LOCAL_SEQUENCES: '3', HF_ENDPOINT: nowhere });
  delete (globalThis as { moaModelRegistry?: unknown }).moaModelRegistry;
  [runs, models, status, presets, pull] = await Promise.all([
    import('@/app/api/runs/route'),
    import('@/app/api/models/route'),
    import('@/app/api/local-models/route'),
    import('@/lib/moa/presets'),
    import('@/app/api/local-models/pull/route'),
  ]);
  ({ readRunEvents } = await import('@/lib/browser/read-stream'));
  ({ reduceEvents } = await import('@/lib/run-view'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = (body: unknown) =>
  runs.POST(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

describe('local models in the app', () => {
  it('lists the usable file as a local model and the truncated one as unavailable, with why', async () => {
    const list = ((await (await models.GET(new Request('http://test/api/models'))).json()) as { models: ModelInfo[] }).models;
    expect(list.find((m) => m.id === 'local:tiny')).toMatchObject({ kind: 'local', providerLabel: 'This machine · llama.cpp' });
    expect(list.find((m) => m.id === 'local:half')?.unavailable).toMatch(/^The file is truncated/);
    expect(list.some((m) => m.kind === 'offline')).toBe(true);

    const local = (await (await status.GET(new Request('http://test/api/local-models'))).json()) as LocalStatus;
    expect(local.files.map((f) => [f.name, f.status])).toEqual([
      ['tiny', expect.stringMatching(/checking|ready/)],
      ['half', 'unavailable'],
    ]);
    expect(local.recommended.map((r) => r.present)).toEqual([false, false]);
    expect(local.pull.running).toBe(false);
  });

  it('refuses a run on the unusable file with the reason, before starting', async () => {
    const response = await post({ config: { layers: [{ agents: [{ model: 'local:half' }] }] }, prompt: 'Hi' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { details: string[] };
    expect(body.details[0]).toMatch(/^local:half: The file is truncated/);
  });

  it('runs the Local MoA preset (3 proposers → 1 aggregator) end to end, with real usage', async () => {
    const list = ((await (await models.GET(new Request('http://test/api/models'))).json()) as { models: ModelInfo[] }).models;
    expect(presets.presetsFor(list).map((p) => p.id)).toContain('local-moa');
    const config = presets.buildPreset('local-moa', list);
    expect(config.layers.map((l) => l.agents.map((a) => a.model))).toEqual([['local:tiny', 'local:tiny', 'local:tiny'], ['local:tiny']]);
    // Short answers keep the test quick; the shape is the preset's.
    for (const layer of config.layers) for (const agent of layer.agents) agent.maxOutputTokens = 24;

    const response = await post({ config, prompt: 'Name three uses of a paperclip.' });
    expect(response.status).toBe(200);
    const events = [];
    for await (const event of readRunEvents(response.body!)) events.push(event);
    const view = reduceEvents(events);
    expect(view.status).toBe('finished');
    const [proposers, [aggregator]] = view.layers;
    expect(proposers.map((a) => a.status)).toEqual(['done', 'done', 'done']);
    for (const agent of [...proposers, aggregator]) {
      // llama.cpp's own count: the cap, or fewer when the random-weight model samples its
      // end-of-text token (about 1% a call at 24 tokens).
      if (agent.finishReason === 'length') expect(agent.usage).toMatchObject({ outputTokens: 24 });
      else expect(agent).toMatchObject({ finishReason: 'stop', usage: { outputTokens: expect.any(Number) } });
      expect(agent.usage!.outputTokens).toBeLessThanOrEqual(24);
      expect(agent.usage!.estimated).toBeFalsy();
      expect(agent.text.length).toBeGreaterThan(0);
    }
    // Sampled with their own seeds: three different proposals.
    expect(new Set(proposers.map((a) => a.text)).size).toBe(3);
    // The aggregator read every proposal: its prompt holds them all.
    expect(aggregator.usage!.inputTokens).toBeGreaterThan(proposers[0].usage!.inputTokens + 3 * 24);
    expect(view.finalText).toBe(aggregator.text);
    expect(view.usage!.outputTokens).toBe([...proposers, aggregator].reduce((n, a) => n + a.usage!.outputTokens, 0));
    expect(events.filter((e) => e.type === 'agent-delta').length).toBeGreaterThan(8);
  }, 180_000);

  it('stops every local agent when the client goes away', async () => {
    const controller = new AbortController();
    const config = { layers: [{ agents: [{ model: 'local:tiny', maxOutputTokens: 2000 }, { model: 'local:tiny', maxOutputTokens: 2000 }] }, { agents: [{ model: 'local:tiny' }] }] };
    const response = await runs.POST(
      new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config, prompt: 'Go on forever.' }), signal: controller.signal }),
    );
    const reader = readRunEvents(response.body!)[Symbol.asyncIterator]();
    for (;;) {
      const { value } = await reader.next();
      if (value?.type === 'agent-delta') break;
    }
    controller.abort();
    const events = [];
    try {
      for (;;) {
        const { value, done } = await reader.next();
        if (done) break;
        events.push(value);
      }
    } catch {
      // The aborted body may end with an error: what matters is below.
    }
    // Both sequences come back to the pool.
    const { getModelRegistry } = await import('@/lib/models/server');
    const { getLocalRuntime } = await import('@/lib/models/local/runtime');
    const ready = await getModelRegistry().local.folder.ready('tiny');
    const loaded = await getLocalRuntime({ threads: 1, contextSize: 2048, sequences: 3 }).load(ready.path, ready.version);
    await expect.poll(() => loaded.sequences.free).toBe(3);
    const next = await post({ config: { layers: [{ agents: [{ model: 'local:tiny', maxOutputTokens: 5 }] }] }, prompt: 'Hi' });
    const after = [];
    for await (const event of readRunEvents(next.body!)) after.push(event);
    expect(reduceEvents(after).status).toBe('finished');
  }, 120_000);

  it('streams the download progress, and says plainly when there is no internet', async () => {
    const request = (body: string, type = 'application/json') =>
      pull.POST(new Request('http://test/api/local-models/pull', { method: 'POST', headers: { 'content-type': type }, body }));
    expect((await request('{}', 'text/plain')).status).toBe(415);
    expect((await request('{"files":["evil.gguf"]}')).status).toBe(400);

    const response = await request('{}');
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; message?: string; offline?: boolean; ok?: boolean });
    expect(events).toEqual([
      { type: 'error', file: 'qwen2.5-0.5b-instruct-q4_k_m.gguf', offline: true, message: expect.stringMatching(/^No internet connection: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Nothing was downloaded\./) },
      { type: 'finished', ok: false },
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect((await pull.DELETE(new Request('http://test/api/local-models/pull', { method: 'DELETE' }))).status).toBe(409);
  });
});
