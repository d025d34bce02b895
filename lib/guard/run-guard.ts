import 'server-only';
import { env } from '../env';
import { jsonError } from '../http';
import { APP_PASSWORD_HEADER, passwordMatches } from './app-password';
import { clientIp, parseTrustProxy } from './client-ip';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit';
import { createRunSlots, type RunSlots } from './run-slots';

/**
 * Defaults for a deployment that sets nothing: generous for one person, bounded for strangers.
 * 4 runs at once per client: a comparison runs up to 4 panes together.
 */
export const GUARD_DEFAULTS = { runsPerMinute: 10, runBurst: 10, concurrentRunsPerClient: 4, concurrentRuns: 50 } as const;

export type RunGuard = {
  /** 401 unless the request carries the app password (when one is set). Wrong guesses use up rate-limit tokens. */
  authorize(request: Request): Promise<Response | null>;
  /** Takes a rate-limit token and a run slot for the client, or answers 429. */
  admit(request: Request): Promise<{ ok: true; release: () => void } | { ok: false; response: Response }>;
};

export function createRunGuard(options: {
  password?: string;
  limiter: RateLimiter;
  slots: RunSlots;
  trustProxy: string | number | undefined;
}): RunGuard {
  const trust = parseTrustProxy(options.trustProxy);
  const keyOf = (request: Request) => clientIp(request.headers, trust);

  async function rateLimited(key: string): Promise<Response | null> {
    const result = await options.limiter.take(key);
    if (result.allowed) return null;
    const seconds = Number.isFinite(result.retryAfterMs) ? Math.max(1, Math.ceil(result.retryAfterMs / 1000)) : 3600;
    return withHeaders(
      jsonError(429, 'Too many runs from your address.', [`Wait ${seconds} s before starting another run.`]),
      { 'retry-after': String(seconds) },
    );
  }

  return {
    async authorize(request) {
      if (!options.password) return null;
      const given = request.headers.get(APP_PASSWORD_HEADER);
      if (passwordMatches(given, options.password)) return null;
      if (given !== null) {
        const limited = await rateLimited(keyOf(request));
        if (limited) return limited;
      }
      return withBody(401, given === null ? 'This deployment is protected by a password.' : 'That app password is wrong.', [
        'Enter the app password to start runs (ask whoever runs this deployment).',
      ]);
    },
    async admit(request) {
      const key = keyOf(request);
      const limited = await rateLimited(key);
      if (limited) return { ok: false, response: limited };
      const slot = options.slots.acquire(key);
      if (slot.ok) return slot;
      const response =
        slot.scope === 'client'
          ? jsonError(429, `You already have ${slot.limit} ${slot.limit === 1 ? 'run' : 'runs'} going.`, ['Wait for one to finish, or stop one, then start this run.'])
          : jsonError(429, 'The server is running as many runs as it can.', ['Try again in a minute.']);
      return { ok: false, response: withHeaders(response, { 'retry-after': '5' }) };
    },
  };
}

function withBody(status: number, error: string, details: string[]): Response {
  return Response.json({ error, details, auth: 'app-password' }, { status });
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

const globalForGuard = globalThis as unknown as { moaRunGuard?: RunGuard };

/** The server's one guard, from env. */
export function getRunGuard(): RunGuard {
  return (globalForGuard.moaRunGuard ??= createRunGuard({
    password: env.APP_PASSWORD,
    trustProxy: env.TRUST_PROXY,
    limiter: createMemoryRateLimiter({
      capacity: env.RUN_BURST ?? GUARD_DEFAULTS.runBurst,
      refillPerMinute: env.RUNS_PER_MINUTE ?? GUARD_DEFAULTS.runsPerMinute,
    }),
    slots: createRunSlots({
      perClient: env.MAX_CONCURRENT_RUNS_PER_CLIENT ?? GUARD_DEFAULTS.concurrentRunsPerClient,
      total: env.MAX_CONCURRENT_RUNS ?? GUARD_DEFAULTS.concurrentRuns,
    }),
  }));
}

/** Passes the events on; releases the run's slot when they end, however they end. */
export async function* releasingWhenDone<T>(events: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* events;
  } finally {
    release();
  }
}
