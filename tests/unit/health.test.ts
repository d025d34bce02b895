// Liveness and readiness: fixed words only, 503 with the failing check while shutting down.
import { afterAll, describe, expect, it } from 'vitest';

describe('GET /api/health and /api/ready', () => {
  afterAll(() => {
    delete (globalThis as { moaShutdown?: unknown }).moaShutdown;
  });

  it('health answers at once; ready checks the database, migrations, lease and workers, and leaks nothing', async () => {
    const health = await (await import('@/app/api/health/route')).GET(new Request('http://test/api/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const { GET } = await import('@/app/api/ready/route');
    const { startEvaluationWorker } = await import('@/lib/evals/server');
    await startEvaluationWorker();
    const ready = await GET(new Request('http://test/api/ready'));
    const body = await ready.json();
    expect(body).toEqual({
      ready: true,
      checks: { accepting: 'ok', database: 'ok', migrations: 'ok', lease: 'ok', evaluationWorker: 'ok', modelCallWorker: 'not used' },
    });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');

    const { shutDown } = await import('@/lib/shutdown');
    await shutDown(0);
    const stopping = await GET(new Request('http://test/api/ready'));
    expect(stopping.status).toBe(503);
    expect(await stopping.json()).toMatchObject({ ready: false, checks: { accepting: 'shutting down', lease: 'not renewed', evaluationWorker: 'stopped' } });
  });
});
