// Server limits on run creation: rate limit per client IP, concurrent runs, the app password,
// client IPs and what each refusal says.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientIp, parseTrustProxy } from '@/lib/guard/client-ip';
import { createMemoryRateLimiter } from '@/lib/guard/rate-limit';
import { createSlots } from '@/lib/guard/slots';
import { readRunEvents } from '@/lib/browser/read-stream';

describe('token bucket', () => {
  it('allows a burst, then refuses with the time until the next token, then refills', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ capacity: 3, refillPerMinute: 6, now: () => now });
    for (let i = 0; i < 3; i++) expect((await limiter.take('ip')).allowed).toBe(true);
    expect(await limiter.take('ip')).toEqual({ allowed: false, retryAfterMs: 10_000 });
    // Another client has its own bucket.
    expect((await limiter.take('other')).allowed).toBe(true);
    now += 4_000;
    expect(await limiter.take('ip')).toEqual({ allowed: false, retryAfterMs: 6_000 });
    now += 6_000;
    expect((await limiter.take('ip')).allowed).toBe(true);
    expect((await limiter.take('ip')).allowed).toBe(false);
  });

  it('keeps a bounded number of clients in memory', async () => {
    const limiter = createMemoryRateLimiter({ capacity: 1, refillPerMinute: 0, maxKeys: 2 });
    await limiter.take('a');
    await limiter.take('b');
    await limiter.take('c'); // drops "a", the least recently seen
    expect((await limiter.take('a')).allowed).toBe(true);
    expect((await limiter.take('c')).allowed).toBe(false);
  });
});

describe('run slots', () => {
  it('caps runs per client and in all, and a release frees exactly one slot once', () => {
    const slots = createSlots({ perClient: 2, total: 3 });
    const a1 = slots.acquire('a');
    const a2 = slots.acquire('a');
    expect(slots.acquire('a')).toEqual({ ok: false, scope: 'client', limit: 2 });
    const b1 = slots.acquire('b');
    expect(slots.acquire('c')).toEqual({ ok: false, scope: 'server', limit: 3 });
    if (!a1.ok || !a2.ok || !b1.ok) throw new Error('expected slots');
    a1.release();
    a1.release();
    expect(slots.open('a')).toBe(1);
    expect(slots.open()).toBe(2);
    expect(slots.acquire('c').ok).toBe(true);
  });
});

describe('client IP', () => {
  const headers = (xff?: string) => new Headers(xff ? { 'x-forwarded-for': xff } : {});
  it('without a trusted proxy, uses the address Next.js put there from the socket', () => {
    expect(clientIp(headers('::ffff:10.0.0.7'), parseTrustProxy(undefined))).toBe('10.0.0.7');
    expect(clientIp(headers(), false)).toBe('unknown');
    expect(clientIp(headers('not an ip'), false)).toBe('unknown');
  });
  it('behind N appending proxies, takes the Nth entry from the right; "true" takes the leftmost', () => {
    const chain = headers('1.1.1.1, 2.2.2.2, 3.3.3.3');
    expect(clientIp(chain, parseTrustProxy(1))).toBe('3.3.3.3');
    expect(clientIp(chain, parseTrustProxy(2))).toBe('2.2.2.2');
    expect(clientIp(chain, parseTrustProxy(9))).toBe('1.1.1.1');
    expect(clientIp(chain, parseTrustProxy('true'))).toBe('1.1.1.1');
  });
});

// The route, with the guard built from env as in production.
type Route = typeof import('@/app/api/runs/route');
async function loadRoute(env: Record<string, string>): Promise<Route> {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  // Server singletons are kept on globalThis: rebuild them from this env.
  delete (globalThis as { moaGuard?: unknown }).moaGuard;
  delete (globalThis as { moaModelRegistry?: unknown }).moaModelRegistry;
  return import('@/app/api/runs/route');
}
afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as { moaGuard?: unknown }).moaGuard;
  delete (globalThis as { moaModelRegistry?: unknown }).moaModelRegistry;
});

const RUN = { config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 20 }] }] }, prompt: 'Hello?' };
const request = (body: unknown = RUN, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
const drain = async (response: Response) => {
  for await (const _ of readRunEvents(response.body!));
};

describe('POST /api/runs limits', () => {
  it('rate-limits run creation per client with 429, retry-after and what to do', async () => {
    const { POST } = await loadRoute({ RUN_BURST: '2', RUNS_PER_MINUTE: '1', TRUST_PROXY: '1' });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const burstStarted = Date.now();
    for (let i = 0; i < 2; i++) await drain(await POST(request(RUN, from('9.9.9.9'))));
    const refused = await POST(request(RUN, from('9.9.9.9')));
    expect(refused.status).toBe(429);
    // One token a minute: the wait is a minute less the time the burst took (its runs are recorded).
    const elapsedS = (Date.now() - burstStarted) / 1000;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(Math.floor(60 - elapsedS) - 1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({ error: 'Too many runs from your address.', details: [expect.stringMatching(/^Wait \d+ s before starting another run\.$/)], code: 'rate_limit:requests' });
    // Another address is not affected, and invalid requests never use up tokens.
    const other = await POST(request(RUN, from('8.8.8.8')));
    expect(other.status).toBe(200);
    await drain(other);
    expect((await POST(request({ prompt: 'no config' }, from('7.7.7.7')))).status).toBe(400);
  });

  it('caps concurrent runs per client; a finished or disconnected run frees its slot', async () => {
    const { POST } = await loadRoute({ MAX_CONCURRENT_RUNS_PER_CLIENT: '1', OFFLINE_FIRST_TOKEN_MS: '2000' });
    const controller = new AbortController();
    const first = await POST(request(RUN, {}, controller.signal));
    expect(first.status).toBe(200);
    const second = await POST(request());
    expect(second.status).toBe(429);
    expect((await second.json()).error).toBe('You already have 1 run going.');
    controller.abort();
    await drain(first).catch(() => {});
    await vi.waitFor(async () => expect((await POST(request(RUN, {}, AbortSignal.timeout(50)))).status).toBe(200));
  });

  it('once the server is shutting down (SIGTERM), refuses new runs with a clear 503 and lets the running one finish', async () => {
    const { POST } = await loadRoute({ OFFLINE_TOKENS_PER_SECOND: '200' });
    const running = await POST(request());
    expect(running.status).toBe(200);
    const { shutDown, isShuttingDown } = await import('@/lib/shutdown');
    const stopping = shutDown(30_000);
    try {
      expect(isShuttingDown()).toBe(true);
      const refused = await POST(request());
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({ error: 'This server is shutting down and starts no new work.', details: [expect.stringContaining('Try again')], code: 'unavailable:shutting-down' });
      const events = [];
      for await (const event of readRunEvents(running.body!)) events.push(event.type);
      expect(events.at(-1)).toBe('run-finished');
      await stopping;
    } finally {
      delete (globalThis as { moaShutdown?: unknown }).moaShutdown;
    }
  });

  it('with APP_PASSWORD, refuses runs without it (401 the UI recognises) or with a wrong one, and accepts the right one', async () => {
    const { POST } = await loadRoute({ APP_PASSWORD: 'correct horse battery', RUN_BURST: '3', RUNS_PER_MINUTE: '0' });
    const missing = await POST(request());
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'This deployment is protected by a password.', code: 'unauthorized:app-password' });
    const wrong = await POST(request(RUN, { 'x-app-password': 'guess' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'That app password is wrong.' });
    const right = await POST(request(RUN, { 'x-app-password': 'correct horse battery' }));
    expect(right.status).toBe(200);
    await drain(right);
    // Wrong guesses use up the same tokens as runs: guessing is rate-limited too.
    expect((await POST(request(RUN, { 'x-app-password': 'guess 2' }))).status).toBe(401);
    expect((await POST(request(RUN, { 'x-app-password': 'guess 3' }))).status).toBe(429);
  });
});

describe('links in answers', () => {
  it('use the Host the client reached, the forwarded host and proto only behind a trusted proxy, and never a malformed one', async () => {
    const { publicOrigin } = await import('@/lib/guard/origin');
    const req = (headers: Record<string, string>) => new Request('http://localhost:3000/api/v1/chat/completions', { headers });
    expect(publicOrigin(req({ host: '127.0.0.1:3101' }), false)).toBe('http://127.0.0.1:3101');
    expect(publicOrigin(req({ host: 'moa.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' }), false)).toBe('http://moa.example');
    expect(publicOrigin(req({ host: 'internal:3000', 'x-forwarded-host': 'moa.example', 'x-forwarded-proto': 'https' }), true)).toBe('https://moa.example');
    expect(publicOrigin(req({ host: 'evil.example/path?x' }), false)).toBe('http://localhost:3000');
    expect(publicOrigin(req({ host: '[::1]:3000' }), false)).toBe('http://[::1]:3000');
  });
});
