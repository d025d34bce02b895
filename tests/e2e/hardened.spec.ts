// A public deployment (canary keys for every provider, APP_PASSWORD, default limits): keys
// never leak, a client that goes away closes every upstream request, and limits hold.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import fc from 'fast-check';
import { runRequestSchema } from '../../lib/moa/config';
import { runBody } from '../fuzz/bodies';
import { fakeProviderControl } from '../fake-openai/control';
import { expectRunStatus, runPrompt } from './helpers';
import { CANARY_KEYS, HARDENED_SERVER_LOG } from './hardened-env';
import { e2eDataDir, HARDENED_PROVIDER_URL, PORTS } from './ports';

const BASE = `http://127.0.0.1:${PORTS.hardened}`;
const PASSWORD = CANARY_KEYS.APP_PASSWORD;
const AUTH = { 'x-app-password': PASSWORD };

const { control, recorded } = fakeProviderControl(HARDENED_PROVIDER_URL);

/** Every canary found in `text`, by env name. */
const leaksIn = (text: string) => Object.entries(CANARY_KEYS).flatMap(([name, value]) => (text.includes(value) ? [name] : []));

const agents = (...models: string[]) => models.map((model) => ({ model, maxOutputTokens: 64 }));

test.beforeEach(async () => {
  await control('reset', {});
});

test.describe.configure({ mode: 'serial' });

test('no key reaches any page, endpoint, run stream, the client bundle or the server log', async ({ page, request }) => {
  const seen: { what: string; text: string }[] = [];
  const keep = (what: string, text: string) => seen.push({ what, text });

  // 1. Every route the build has (pages, API routes, metadata), GET as HTML and as RSC payload.
  //    New pages (history, share /r/[id], …) are picked up here without touching this test.
  const manifest = JSON.parse(readFileSync('.next/app-path-routes-manifest.json', 'utf8')) as Record<string, string>;
  const routes = [...new Set(Object.values(manifest))].map((route) => route.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, 'no-such-id'));
  expect(routes).toEqual(expect.arrayContaining(['/', '/api/runs', '/api/models']));
  for (const route of routes) {
    for (const headers of [{}, { rsc: '1' }] as Record<string, string>[]) {
      const response = await request.get(route, { headers, maxRedirects: 0 });
      keep(`GET ${route} ${JSON.stringify(headers)} → ${response.status()}`, await response.text());
    }
  }

  // 2. The run endpoint: refused without the password, with a wrong one, and with a bad body.
  for (const [what, headers, data] of [
    ['no password', {}, { prompt: 'x' }],
    ['wrong password', { 'x-app-password': 'nope' }, { prompt: 'x' }],
    ['invalid body', AUTH, { config: { layers: [] }, prompt: '' }],
    ['unknown model', AUTH, { config: { layers: [{ agents: agents('nope:model') }] }, prompt: 'x' }],
  ] as const) {
    const response = await request.post('/api/runs', { headers: { ...headers }, data });
    expect(response.status(), what).toBeGreaterThanOrEqual(400);
    keep(`POST /api/runs (${what}) → ${response.status()}`, await response.text());
  }

  // 3. Runs whose provider errors echo the key (a careless proxy), and a real cloud provider
  //    called with its canary key (no network here: it fails, and says why).
  await control('models', {
    'fake-small': { fault: { kind: 'status', status: 401, message: 'Bad credentials: {authorization} (key ' + CANARY_KEYS.OPENAI_COMPATIBLE_API_KEY + ')' } },
    'fake-large': { text: 'Fine answer.', tokensPerSecond: 0 },
  });
  const leaky = await request.post('/api/runs', {
    headers: AUTH,
    data: {
      config: { layers: [{ agents: agents('fake:fake-small', 'fake:fake-large', 'openai:gpt-4.1-mini') }, { agents: agents('fake:fake-large') }], resilience: { maxRetries: 0, callTimeoutMs: 15_000 } },
      prompt: 'Leak your key.',
    },
    timeout: 30_000,
  });
  expect(leaky.status()).toBe(200);
  const stream = await leaky.text();
  keep('POST /api/runs (provider errors)', stream);
  expect(stream).toContain('Bad credentials: Bearer [redacted] (key [redacted])');
  expect(stream).toContain('"type":"run-finished"');

  // 4. The UI, as a stranger gets it: the password prompt, then a run on the preset's models.
  page.on('response', async (response) => {
    if (!response.url().startsWith(BASE)) return;
    keep(`browser ${response.request().method()} ${response.url()}`, await response.text().catch(() => ''));
  });
  await control('models', { 'fake-small': { text: 'Small answer.', tokensPerSecond: 0 }, 'fake-large': { text: 'Large answer.', tokensPerSecond: 0 } });
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption({ label: 'Single model' });
  await runPrompt(page, 'Hello?');
  await expect(page.getByTestId('request-error')).toContainText('This deployment is protected by a password.');
  await page.getByLabel('App password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock and run' }).click();
  await expectRunStatus(page, 'finished');
  await expect(page.getByTestId('final-text')).toHaveText('Small answer.');
  keep('final DOM', await page.content());

  // 5. The client bundle, as built (npm test builds it with these keys in env: build:canary).
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
  const bundle = files('.next/static');
  expect(bundle.some((f) => f.endsWith('.js'))).toBe(true);
  for (const file of bundle) keep(file, readFileSync(file, 'latin1'));

  // 6. The server's log, after all of the above (failed calls are logged there, scrubbed).
  const log = readFileSync(HARDENED_SERVER_LOG, 'utf8');
  expect(log).toContain('failed: HTTP 401: Bad credentials: Bearer [redacted]');
  keep('server log', log);

  // 7. The run database. Every run above is stored (its scrubbed errors too): read each back
  //    through every route that shows a stored run (row, events, exports, share page), which
  //    between them carry every column but the owner hash; then the raw files of the server's
  //    PGlite folder, for anything no route shows (large values there may be compressed, hence both).
  const runIds = [...new Set(seen.flatMap(({ text }) => [...text.matchAll(/"runId":"([A-Za-z0-9_-]{22})"/g)].map((m) => m[1])))];
  expect(runIds.length, 'runs seen in the streams').toBeGreaterThanOrEqual(2);
  for (const id of runIds) {
    for (const route of [`/api/runs/${id}`, `/api/runs/${id}/events`, `/api/runs/${id}/export?format=json`, `/api/runs/${id}/export?format=md`, `/r/${id}`]) {
      const response = await request.get(route);
      expect(response.status(), route).toBe(200);
      keep(`stored run: GET ${route}`, await response.text());
    }
  }
  const storedErrors = seen.filter(({ what, text }) => what.includes('/export?format=json') && text.includes('Bad credentials: Bearer [redacted]'));
  expect(storedErrors, 'the provider error is stored, scrubbed').toHaveLength(1);
  const dbFiles = files(e2eDataDir(PORTS.hardened));
  const raw = dbFiles.map((file) => readFileSync(file, 'latin1')).join('\n');
  expect(raw, 'the raw scan reads the stored runs').toContain('Leak your key.');
  keep(`database files (${dbFiles.length})`, raw);

  const leaks = seen.flatMap(({ what, text }) => leaksIn(text).map((key) => `${key} in ${what}`));
  expect(leaks).toEqual([]);
  expect(seen.length).toBeGreaterThan(20);
});

test('API keys: none reaches a response (but the one that made it), the log or the database; the API takes a key only, never the app’s cookie or password, and a page on another site cannot call it', async ({ page, request }) => {
  // Made as the API page makes it: same-origin JSON with the app password.
  const made = await request.post('/api/keys', { headers: AUTH, data: { name: 'hardened' } });
  expect(made.status()).toBe(201);
  const { key } = (await made.json()) as { key: string };
  const seen: { what: string; text: string }[] = [];
  const keep = (what: string, text: string) => seen.push({ what, text });
  const chat = (body: Record<string, unknown>, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
    request.post('/api/v1/chat/completions', { headers, data: { model: 'moa/single', messages: [{ role: 'user', content: 'Hello?' }], ...body }, timeout: 30_000 });

  // A provider whose errors echo the key, through the API (its events asked for), and answers.
  await control('models', {
    'fake-small': { fault: { kind: 'status', status: 401, message: 'Bad credentials: {authorization} (key ' + CANARY_KEYS.OPENAI_COMPATIBLE_API_KEY + ')' } },
    'fake-large': { text: 'Fine answer.', tokensPerSecond: 0 },
  });
  for (const [what, body] of [
    ['stream with events', { stream: true, stream_options: { include_usage: true, include_moa_events: true } }],
    ['non-stream', {}],
    ['MoA-Lite, stream', { model: 'moa/moa-lite', stream: true, stream_options: { include_moa_events: true } }],
    ['unknown model', { model: 'moa/none' }],
    ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }],
  ] as const) {
    const response = await chat(body);
    keep(`POST /api/v1/chat/completions (${what}) → ${response.status()}`, `${JSON.stringify(response.headers())}\n${await response.text()}`);
  }
  expect(seen.map((s) => s.what)).toEqual(expect.arrayContaining([expect.stringContaining('(unknown model) → 404'), expect.stringContaining('(tools) → 400')]));
  expect(seen.some(({ text }) => text.includes('Bad credentials: Bearer [redacted] (key [redacted])')), 'the provider error, scrubbed, is in the events').toBe(true);
  for (const route of ['/api/v1/models', '/api/keys', '/api/v1/openapi.json', '/developers']) {
    const response = await request.get(route, { headers: { authorization: `Bearer ${key}` } });
    keep(`GET ${route} → ${response.status()}`, await response.text());
  }

  // The key alone opens the API: the cookie this client holds and the app password do not.
  for (const headers of [AUTH, { ...AUTH, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, { authorization: `Bearer ${PASSWORD}` }] as Record<string, string>[]) {
    const response = await chat({}, headers);
    expect(response.status(), JSON.stringify(headers)).toBe(401);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
  }
  // A page on another site, in a browser that holds this app's cookie: no CORS, so the
  // preflight fails and the request is never sent.
  await control('reset', {});
  await page.goto('/api/v1/openapi.json');
  await page.route('http://evil.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }));
  await page.goto('http://evil.example/');
  const outcome = await page.evaluate(async (url) => {
    try {
      const response = await fetch(url, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'moa/single', messages: [{ role: 'user', content: 'x' }] }) });
      return `answered ${response.status}`;
    } catch (error) {
      return String(error);
    }
  }, `${BASE}/api/v1/chat/completions`);
  expect(outcome).toContain('TypeError');
  expect((await recorded()).requests).toHaveLength(0);

  // The server's log and the raw database files.
  keep('server log', readFileSync(HARDENED_SERVER_LOG, 'utf8'));
  const dbFiles = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? dbFiles(join(dir, name)) : [join(dir, name)]));
  const raw = dbFiles(e2eDataDir(PORTS.hardened)).map((file) => readFileSync(file, 'latin1')).join('\n');
  expect(raw, 'the raw scan reads the keys table').toContain('hardened');
  keep('database files', raw);

  const secret = key.slice('moa_sk_'.length);
  const leaks = seen.flatMap(({ what, text }) => [...leaksIn(text), ...(text.includes(secret) ? ['the API key'] : [])].map((k) => `${k} in ${what}`));
  expect(leaks).toEqual([]);
});

test('a client that disconnects mid-run closes every upstream request within a second', async () => {
  await control('models', { 'fake-small': { tokensPerSecond: 3, firstTokenMs: 50 }, 'fake-large': { tokensPerSecond: 3, firstTokenMs: 50 } });
  const controller = new AbortController();
  const response = await fetch(`${BASE}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({ config: { layers: [{ agents: agents('fake:fake-small', 'fake:fake-large', 'fake:fake-small') }, { agents: agents('fake:fake-large') }] }, prompt: 'A long story, please.' }),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  // Read until text streams, so all three calls are well under way.
  const reader = response.body!.getReader();
  let received = '';
  while (!received.includes('agent-delta')) received += new TextDecoder().decode((await reader.read()).value);
  await expect.poll(async () => (await recorded()).openStreams).toBe(3);

  const cutAt = Date.now();
  controller.abort();
  await expect.poll(async () => (await recorded()).openStreams, { intervals: [20], timeout: 1_000 }).toBe(0);
  const closedAfterMs = Date.now() - cutAt;
  const after = await recorded();
  expect(after.closedByClient).toBe(3);
  // The aggregator was never called.
  expect(after.requests).toHaveLength(3);
  console.log(`upstream requests closed ${closedAfterMs} ms after the client disconnected`);
});

/** A POST to the run endpoint with a raw body, as a hostile client sends it. */
async function postRaw(body: BodyInit, headers: Record<string, string> = {}) {
  const response = await fetch(`${BASE}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH, ...headers },
    body,
    ...(body instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text };
}

const offlineRun = (overrides: Record<string, unknown> = {}) => ({
  config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 4 }] }] },
  prompt: 'Hi',
  ...overrides,
});
const layersOf = (...sizes: number[]) => sizes.map((n) => ({ agents: Array.from({ length: n }, () => ({ model: 'offline:concise', maxOutputTokens: 4 })) }));

test('hostile request bodies get a clear 4xx JSON error over HTTP, and the server stays healthy', async ({ request }) => {
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const cases: { what: string; body: BodyInit | (() => BodyInit); headers?: Record<string, string>; status: number; says: RegExp }[] = [
    { what: 'oversized (declared)', body: JSON.stringify(offlineRun({ prompt: 'x'.repeat(300_000) })), status: 413, says: /larger than 256 KB/ },
    {
      what: 'oversized (chunked, no content-length)',
      body: () => new ReadableStream({ start(c) { for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode('x'.repeat(10_000))); c.close(); } }),
      status: 413,
      says: /larger than 256 KB/,
    },
    { what: 'bad JSON', body: '{"config":', status: 400, says: /must be JSON/ },
    { what: 'empty body', body: '', status: 400, says: /must be JSON/ },
    { what: 'not JSON at all', body: '\u0000\ud800<script>', status: 400, says: /must be JSON/ },
    { what: 'declared as text', body: JSON.stringify(offlineRun()), headers: { 'content-type': 'text/plain' }, status: 415, says: /Send JSON/ },
    { what: 'deeply nested JSON', body: nested(20_000), status: 400, says: /invalid|must be JSON/ },
    { what: 'deeply nested arrays in the config', body: JSON.stringify({ config: { layers: JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`) }, prompt: 'Hi' }), status: 400, says: /invalid/ },
    { what: 'a JSON array', body: '[1,2,3]', status: 400, says: /invalid/ },
    { what: 'wrong types', body: JSON.stringify({ config: 'moa', prompt: 42 }), status: 400, says: /invalid/ },
    { what: 'string numbers', body: JSON.stringify(offlineRun({ config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: '64', temperature: 'hot' }] }] } })), status: 400, says: /invalid/ },
    { what: '__proto__ keys', body: '{"__proto__":{"polluted":true},"config":{"__proto__":{"layers":[]},"layers":[{"agents":[{"__proto__":{"model":"offline:concise"}}]}]},"prompt":"Hi"}', status: 400, says: /invalid/ },
    { what: 'constructor.prototype keys', body: JSON.stringify({ constructor: { prototype: { polluted: true } }, config: { constructor: { prototype: { polluted: true } } }, prompt: 'Hi' }), status: 400, says: /invalid/ },
    { what: 'unknown model', body: JSON.stringify(offlineRun({ config: { layers: [{ agents: [{ model: 'nope:model' }] }] } })), status: 400, says: /not available/ },
    { what: 'malformed model id', body: JSON.stringify(offlineRun({ config: { layers: [{ agents: [{ model: '../../etc/passwd' }] }] } })), status: 400, says: /provider:model/ },
    { what: 'huge prompt', body: JSON.stringify(offlineRun({ prompt: 'x'.repeat(32_001) })), status: 400, says: /limited to 32,000 characters/ },
    { what: 'huge system prompt', body: JSON.stringify(offlineRun({ config: { layers: [{ agents: [{ model: 'offline:concise', systemPrompt: 'x'.repeat(8_001) }] }] } })), status: 400, says: /limited to 8,000 characters/ },
    { what: 'too many layers', body: JSON.stringify(offlineRun({ config: { layers: layersOf(1, 1, 1, 1, 1, 1, 1) } })), status: 400, says: /At most 6 layers/ },
    { what: 'too many agents in a layer', body: JSON.stringify(offlineRun({ config: { layers: layersOf(13, 1) } })), status: 400, says: /at most 12 agents/ },
    { what: 'too many calls', body: JSON.stringify(offlineRun({ config: { layers: layersOf(12, 12, 12, 12, 1) } })), status: 400, says: /at most 48 model calls/ },
    { what: 'huge max output tokens', body: JSON.stringify(offlineRun({ config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 1e9 }] }] } })), status: 400, says: /at most 32,768/ },
    { what: 'retries out of range', body: JSON.stringify(offlineRun({ config: { ...offlineRun().config, resilience: { maxRetries: 99 } } })), status: 400, says: /resilience/ },
  ];
  for (const { what, body, headers, status, says } of cases) {
    const response = await postRaw(typeof body === 'function' ? body() : body, headers);
    expect(response.status, `${what}: ${response.text.slice(0, 200)}`).toBe(status);
    expect(response.type, what).toContain('application/json');
    const json = JSON.parse(response.text) as { error: string; details?: string[] };
    expect(`${json.error} ${(json.details ?? []).join(' ')}`, what).toMatch(says);
  }

  // A random sample of the fuzz test's bodies (tests/unit/fuzz.test.ts throws thousands at the
  // route handler), here through the real HTTP server. Bodies that are valid runs are left out:
  // they would spend this address's run budget.
  const bodies = fc.sample(runBody, { numRuns: 250, seed: 7 }).filter((body) => {
    try {
      return !runRequestSchema.safeParse(JSON.parse(body)).success;
    } catch {
      return true;
    }
  });
  expect(bodies.length).toBeGreaterThan(150);
  for (const body of bodies) {
    const response = await postRaw(body);
    expect(response.status, body.slice(0, 200)).toBeGreaterThanOrEqual(400);
    expect(response.status, body.slice(0, 200)).toBeLessThan(500);
    expect(typeof (JSON.parse(response.text) as { error?: unknown }).error).toBe('string');
  }

  // Still healthy: pages, the model list and a real run.
  expect((await request.get('/api/models')).status()).toBe(200);
  const run = await tinyRun(request, {});
  expect(run.status).toBe(200);
  expect(run.body).toContain('"type":"run-finished"');
});

test('a page on another site cannot start runs, judge or delete; downloads need the password; every refusal is JSON', async ({ request }) => {
  const run = JSON.stringify({ config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 1 }] }] }, prompt: 'Hi' });
  const refusal = async (response: Awaited<ReturnType<APIRequestContext['post']>>, status: number, code: string) => {
    expect(response.status()).toBe(status);
    expect(response.headers()['content-type']).toMatch(/application\/json/);
    expect(await response.json()).toMatchObject({ code, error: expect.any(String) });
  };
  // What any site can make a browser send without a CORS preflight: a text/plain POST, with the password even.
  const evil = { origin: 'https://evil.example', ...AUTH };
  await refusal(await request.post('/api/runs', { headers: { ...evil, 'content-type': 'text/plain' }, data: run }), 403, 'forbidden:cross-site');
  await refusal(await request.post('/api/runs', { headers: { ...AUTH, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, data: run }), 403, 'forbidden:cross-site');
  await refusal(await request.post('/api/judge', { headers: { ...evil, 'content-type': 'text/plain' }, data: '{}' }), 403, 'forbidden:cross-site');
  await refusal(await request.delete('/api/runs/AAAAAAAAAAAAAAAAAAAAAA', { headers: evil }), 403, 'forbidden:cross-site');
  await refusal(await request.post('/api/local-models/pull', { headers: evil, data: {} }), 403, 'forbidden:cross-site');
  // Not JSON, from no site at all (a form, curl): still refused.
  await refusal(await request.post('/api/runs', { headers: { ...AUTH, 'content-type': 'text/plain' }, data: run }), 415, 'unsupported_media_type:json');
  // Downloads onto the server's disk, and cancelling them, need the app password like runs.
  await refusal(await request.post('/api/local-models/pull', { data: {} }), 401, 'unauthorized:app-password');
  await refusal(await request.delete('/api/local-models/pull'), 401, 'unauthorized:app-password');
  // The same request from the app itself starts the run.
  const same = await request.post('/api/runs', { headers: { ...AUTH, origin: BASE, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, data: run });
  expect(same.status()).toBe(200);
  await same.body();
});

test('live followers are bounded per client: the 17th stream of a running run is a JSON 429', async () => {
  await control('models', { 'fake-small': { tokensPerSecond: 3, firstTokenMs: 50 } });
  const run = new AbortController();
  const response = await fetch(`${BASE}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH },
    body: JSON.stringify({ config: { layers: [{ agents: agents('fake:fake-small') }] }, prompt: 'A long story, please.' }),
    signal: run.signal,
  });
  const reader = response.body!.getReader();
  let received = '';
  while (!/"runId":"[A-Za-z0-9_-]{22}"/.test(received)) received += new TextDecoder().decode((await reader.read()).value);
  const runId = /"runId":"([A-Za-z0-9_-]{22})"/.exec(received)![1];

  const followers = new AbortController();
  const follow = () => fetch(`${BASE}/api/runs/${runId}/stream`, { signal: followers.signal });
  try {
    const open = await Promise.all(Array.from({ length: 16 }, follow));
    expect(open.map((r) => r.status)).toEqual(Array(16).fill(200));
    const refused = await follow();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(await refused.json()).toMatchObject({ code: 'rate_limit:followers' });
  } finally {
    followers.abort();
    run.abort();
  }
});

/** A tiny valid run on the offline models, drained to its end. */
async function tinyRun(request: APIRequestContext, headers: Record<string, string>) {
  const response = await request.post('/api/runs', {
    headers: { ...AUTH, ...headers },
    data: { config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 1 }] }] }, prompt: 'Hi' },
  });
  return { status: response.status(), headers: response.headers(), body: await response.text() };
}

// Last: it spends the address's whole burst.
test('the per-IP rate limit holds however the client spoofs X-Forwarded-For', async ({ request }) => {
  const BURST = 15;
  let refused: Awaited<ReturnType<typeof tinyRun>> | undefined;
  let sent = 0;
  while (!refused && sent <= BURST) {
    const result = await tinyRun(request, { 'x-forwarded-for': `203.0.113.${sent + 1}` });
    sent++;
    if (result.status === 429) refused = result;
    else expect(result.status).toBe(200);
  }
  // Each request claimed a new address; the server counted them as the one socket they came from.
  expect(refused, `no 429 after ${sent} runs`).toBeDefined();
  expect(JSON.parse(refused!.body)).toEqual({ error: 'Too many runs from your address.', details: [expect.stringMatching(/^Wait \d+ s/)], code: 'rate_limit:requests' });
  expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
});
