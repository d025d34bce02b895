// The one guard every route goes through: no route can skip it, the same-origin rule, JSON
// errors from every route, IPv6 clients counted per /64, bounded followers.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clientKey } from '@/lib/guard/client-ip';
import { crossSiteReason } from '@/lib/guard/origin';
import { guarded, isGuarded } from '@/lib/guard/route';
import { getRunStore } from '@/lib/runs/server';
import { newRunId } from '@/lib/runs/ids';

const APP = join(process.cwd(), 'app');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const resetServer = () => {
  vi.unstubAllEnvs();
  vi.doUnmock('@/lib/runs/server');
  delete (globalThis as { moaGuard?: unknown }).moaGuard;
  delete (globalThis as { moaModelRegistry?: unknown }).moaModelRegistry;
};
afterEach(resetServer);

async function loadRoute<T>(path: string, env: Record<string, string> = {}): Promise<T> {
  resetServer();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return import(/* @vite-ignore */ path) as Promise<T>;
}

type Handler = (request: Request, context?: unknown) => Promise<Response>;
const RUN = { config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 10 }] }] }, prompt: 'Hello?' };
const post = (headers: Record<string, string>, body: string = JSON.stringify(RUN)) =>
  new Request('http://localhost:3000/api/runs', { method: 'POST', headers: { host: 'localhost:3000', ...headers }, body });

describe('every route handler', () => {
  const files = routeFiles(APP);
  it('finds the route files', () => expect(files.length).toBeGreaterThanOrEqual(9));

  it.each(files.map((f) => [relative(process.cwd(), f), f]))('%s: every exported method is made with guarded()', async (_, file) => {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const handlers = METHODS.filter((m) => m in mod);
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) expect(isGuarded(mod[method]), `${method} is not guarded`).toBe(true);
  });
});

describe('the same-origin rule', () => {
  it('reads Sec-Fetch-Site first, then compares Origin with Host; clients that send neither pass', () => {
    const h = (init: Record<string, string>) => new Headers({ host: 'localhost:3000', ...init });
    expect(crossSiteReason(h({ 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' }), false)).toMatch(/cross-site/);
    expect(crossSiteReason(h({ 'sec-fetch-site': 'same-site' }), false)).toMatch(/same-site/);
    expect(crossSiteReason(h({ 'sec-fetch-site': 'same-origin' }), false)).toBeNull();
    expect(crossSiteReason(h({ origin: 'https://evil.example' }), false)).toMatch(/evil\.example/);
    expect(crossSiteReason(h({ origin: 'null' }), false)).toMatch(/opaque/);
    expect(crossSiteReason(h({ origin: 'http://localhost:3000' }), false)).toBeNull();
    expect(crossSiteReason(h({}), false)).toBeNull();
    // Behind a trusted proxy the public host is in X-Forwarded-Host.
    const proxied = h({ host: 'app:3000', origin: 'https://moa.example.com', 'x-forwarded-host': 'moa.example.com' });
    expect(crossSiteReason(proxied, true)).toBeNull();
    expect(crossSiteReason(proxied, false)).toMatch(/moa\.example\.com/);
  });

  it('refuses cross-site and non-JSON run starts before anything runs, with a JSON error saying why', async () => {
    const { POST } = await loadRoute<{ POST: Handler }>('@/app/api/runs/route');
    const textPlain = await POST(post({ 'content-type': 'text/plain', origin: 'https://evil.example' }));
    expect(textPlain.status).toBe(403);
    expect(await textPlain.json()).toMatchObject({ code: 'forbidden:cross-site', error: 'Cross-site requests cannot change anything here.' });
    expect((await POST(post({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    const notJson = await POST(post({ 'content-type': 'text/plain' }));
    expect(notJson.status).toBe(415);
    expect(await notJson.json()).toMatchObject({ code: 'unsupported_media_type:json' });
    // The app itself, and a client that is not a browser.
    const same = await POST(post({ 'content-type': 'application/json', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }));
    expect(same.status).toBe(200);
    await same.body?.cancel();
    const curl = await POST(post({ 'content-type': 'application/json' }));
    expect(curl.status).toBe(200);
    await curl.body?.cancel();
  });

  it('guards deletes and downloads the same way; downloads need the app password', async () => {
    const runRoute = await loadRoute<{ DELETE: Handler }>('@/app/api/runs/[id]/route', { APP_PASSWORD: 'sesame123' });
    const id = newRunId();
    const ctx = { params: Promise.resolve({ id }) };
    const del = (headers: Record<string, string>) => runRoute.DELETE(new Request(`http://localhost:3000/api/runs/${id}`, { method: 'DELETE', headers: { host: 'localhost:3000', ...headers } }), ctx);
    expect((await del({ origin: 'https://evil.example', 'x-app-password': 'sesame123' })).status).toBe(403);
    expect((await del({})).status).toBe(401);
    expect((await del({ 'x-app-password': 'sesame123' })).status).toBe(404);

    const pull = await loadRoute<{ POST: Handler; DELETE: Handler }>('@/app/api/local-models/pull/route', { APP_PASSWORD: 'sesame123' });
    const start = (headers: Record<string, string>) =>
      pull.POST(new Request('http://localhost:3000/api/local-models/pull', { method: 'POST', headers: { host: 'localhost:3000', 'content-type': 'application/json', ...headers }, body: '{"files":["nope.gguf"]}' }));
    const refused = await start({});
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'unauthorized:app-password' });
    expect((await start({ 'x-app-password': 'sesame123' })).status).toBe(400);
    expect((await pull.DELETE(new Request('http://localhost:3000/api/local-models/pull', { method: 'DELETE' }))).status).toBe(401);
  });
});

describe('errors', () => {
  it('a handler that throws answers a JSON 500 with no detail of the cause; the log gets it, scrubbed', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const route = guarded(async () => {
      throw new Error('relation "runs" does not exist; key sk-live-abcdef0123456789');
    });
    const response = await route(new Request('http://test/api/x'));
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toMatchObject({ code: 'server', error: 'The server could not answer this request.' });
    expect(JSON.stringify(body)).not.toMatch(/relation|sk-live/);
    expect(log.mock.calls.flat().join(' ')).toMatch(/GET \/api\/x failed: relation "runs" does not exist/);
    expect(log.mock.calls.flat().join(' ')).not.toContain('sk-live-abcdef0123456789');
    log.mockRestore();
  });

  it('a database error inside a run route is a JSON 500, not an HTML page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    resetServer();
    vi.resetModules();
    vi.doMock('@/lib/runs/server', () => ({
      getRunStore: async () => ({
        getRun: async () => {
          throw new Error('connection terminated unexpectedly');
        },
      }),
    }));
    const { GET } = (await import('@/app/api/runs/[id]/route')) as { GET: Handler };
    const id = newRunId();
    const response = await GET(new Request(`http://test/api/runs/${id}`), { params: Promise.resolve({ id }) });
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    expect((await response.json()).code).toBe('server');
    vi.restoreAllMocks();
  });
});

describe('clients', () => {
  it('are counted by IPv4 address or IPv6 /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('unknown')).toBe('unknown');
  });

  it('an IPv6 client cannot rotate addresses within its /64 past the rate limit', async () => {
    const { POST } = await loadRoute<{ POST: Handler }>('@/app/api/runs/route', { RUN_BURST: '2', RUNS_PER_MINUTE: '0', TRUST_PROXY: '1' });
    const from = (i: number) => post({ 'content-type': 'application/json', 'x-forwarded-for': `2001:db8:5:6::${i}` });
    for (let i = 1; i <= 2; i++) {
      const ok = await POST(from(i));
      expect(ok.status).toBe(200);
      await ok.body?.cancel();
    }
    expect((await POST(from(3))).status).toBe(429);
    // The next /64 is another client.
    const other = await POST(post({ 'content-type': 'application/json', 'x-forwarded-for': '2001:db8:5:7::1' }));
    expect(other.status).toBe(200);
    await other.body?.cancel();
  });
});

describe('followers', () => {
  beforeAll(() => getRunStore(), 120_000);

  it('are bounded per client (429), and a closed stream frees its slot', async () => {
    const { GET } = await loadRoute<{ GET: Handler }>('@/app/api/runs/[id]/stream/route', { MAX_FOLLOWERS_PER_CLIENT: '2' });
    const store = await getRunStore();
    const id = newRunId();
    await store.createRun({ id, ownerHash: null, prompt: 'p', config: { version: 1, layers: [], synthesisPrompt: '' } as never, presetId: null });
    const follow = (signal: AbortSignal) => GET(new Request(`http://test/api/runs/${id}/stream`, { signal }), { params: Promise.resolve({ id }) });
    const controllers = [new AbortController(), new AbortController()];
    const open = await Promise.all(controllers.map((c) => follow(c.signal)));
    expect(open.map((r) => r.status)).toEqual([200, 200]);
    const third = await follow(new AbortController().signal);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ code: 'rate_limit:followers' });
    // Leaving ends the stream and releases the slot.
    const reader = open[0].body!.getReader();
    controllers[0].abort();
    await reader.cancel();
    await vi.waitFor(async () => {
      const again = await follow(controllers[1].signal);
      expect(again.status).toBe(200);
      await again.body?.cancel();
    });
    controllers[1].abort();
  });
});
