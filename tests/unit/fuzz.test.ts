// Property tests: hostile and random bodies at the run endpoint and at config validation.
// Never a 5xx, never a throw, never a hang.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeIssues, moaConfigSchema, runRequestSchema } from '@/lib/moa/config';
import { configLike, runBody } from '../fuzz/bodies';

type Route = typeof import('@/app/api/runs/route');
let POST: Route['POST'];

beforeAll(async () => {
  // Generous limits here: this test is about input handling; limits have their own tests.
  vi.stubEnv('RUN_BURST', '100000');
  vi.stubEnv('MAX_CONCURRENT_RUNS_PER_CLIENT', '1000');
  vi.stubEnv('MAX_CONCURRENT_RUNS', '1000');
  vi.resetModules();
  delete (globalThis as { moaGuard?: unknown }).moaGuard;
  ({ POST } = await import('@/app/api/runs/route'));
  // Open the run database first, as the server does at start: "promptly" is about the route,
  // not about PGlite's one-off initdb.
  await (await import('@/lib/runs/server')).getRunStore();
}, 120_000);
afterAll(() => {
  vi.unstubAllEnvs();
  delete (globalThis as { moaGuard?: unknown }).moaGuard;
});

const HANG_MS = 5_000;
const within = <T,>(promise: Promise<T>, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`hang: ${what}`)), HANG_MS))]);

describe('POST /api/runs under fire', () => {
  it('answers every random or hostile body with a 2xx or a readable 4xx, promptly', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(runBody, async (body) => {
        const controller = new AbortController();
        const response = await within(
          POST(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: controller.signal })),
          body.slice(0, 200),
        );
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) {
          // A real run started: stop it, and its stream must end.
          controller.abort();
          await within(response.text().catch(() => ''), 'stream end after abort');
        } else {
          const json = (await response.json()) as { error?: unknown; details?: unknown };
          expect(typeof json.error).toBe('string');
          if (json.details !== undefined) expect(Array.isArray(json.details) && json.details.every((d) => typeof d === 'string')).toBe(true);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1_200) },
    );
    // The generator reached both the refusals and real runs.
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(200)).toBeGreaterThan(20);
  }, 120_000);
});

describe('config validation (what config import uses)', () => {
  it('never throws and always explains a refusal', () => {
    fc.assert(
      fc.property(configLike, (value) => {
        const parsed = moaConfigSchema.safeParse(value);
        if (!parsed.success) {
          const messages = describeIssues(parsed.error);
          expect(messages.length).toBeGreaterThan(0);
          expect(messages.every((m) => typeof m === 'string' && m.length > 0)).toBe(true);
        } else {
          // What it accepts is within the limits.
          expect(parsed.data.layers.at(-1)!.agents).toHaveLength(1);
        }
      }),
      { numRuns: 2_000 },
    );
  }, 60_000);

  it('parses JSON text (as an imported file would be) without throwing', () => {
    fc.assert(
      fc.property(runBody, (text) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return;
        }
        const result = runRequestSchema.safeParse(value);
        if (!result.success) expect(describeIssues(result.error).length).toBeGreaterThan(0);
      }),
      { numRuns: 1_500 },
    );
  }, 60_000);
});
