import 'server-only';
import { APP_PASSWORD_HEADER, ERROR_CODES } from '../errors';
import { env } from '../env';
import { jsonError } from '../http';
import { passwordMatches } from './app-password';
import { clientIp, clientKey, parseTrustProxy } from './client-ip';
import { crossSiteReason, isJsonContentType, publicOrigin } from './origin';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit';
import { createSharedRateLimiter, createSharedSlots, type SharedLimitsDeps } from './shared-limits';
import { createSlots, type SharedSlots, type SlotGrant, type Slots } from './slots';
import { getDatabaseHandle, getInstance } from '../runs/server';
import { isShuttingDown } from '../shutdown';

/**
 * Defaults for a deployment that sets nothing: generous for one person, bounded for strangers.
 * 4 runs at once per client: a comparison runs up to 4 panes together.
 */
export const GUARD_DEFAULTS = {
  runsPerMinute: 10,
  runBurst: 10,
  concurrentRunsPerClient: 4,
  concurrentRuns: 50,
  followersPerClient: 16,
  followers: 500,
} as const;

export type Admission = { ok: true; release: () => void } | { ok: false; response: Response };

/** What a guarded handler may ask for, once its request is valid (a 400 costs nothing). */
export type RequestGuard = {
  /** A rate-limit token and a run slot (runs, judge calls), or a 429. */
  admitRun(): Promise<Admission>;
  /** A rate-limit token alone (work that is not a run: downloads), or a 429. */
  takeToken(): Promise<Response | null>;
  /** A follower slot while a live stream is open, or a 429. */
  admitFollower(): Admission;
};

export type Guard = {
  /** 403 when a browser says the request is cross-site; 415 when a state change is not JSON. */
  checkOrigin(request: Request): Response | null;
  /** 401 unless the request carries the app password (when one is set). Wrong guesses use up rate-limit tokens. */
  authorize(request: Request): Promise<Response | null>;
  forRequest(request: Request): RequestGuard;
  /** The same, counted for a client named otherwise (an API key: `key:<id>`). */
  forClient(key: string): RequestGuard;
};

export type GuardOptions = {
  password?: string;
  limiter: RateLimiter;
  /** Run slots: in memory, or shared by every instance on one PostgreSQL. */
  runs: Slots | SharedSlots;
  followers: Slots;
  trustProxy: string | number | undefined;
  /** True while the server stops (SIGTERM): new work is refused with 503 so clients go elsewhere. */
  shuttingDown?: () => boolean;
};

export function createGuard(options: GuardOptions): Guard {
  const trust = parseTrustProxy(options.trustProxy);
  const keyOf = (request: Request) => clientKey(clientIp(request.headers, trust));

  async function rateLimited(key: string, what: 'runs' | 'requests'): Promise<Response | null> {
    const result = await options.limiter.take(key);
    if (result.allowed) return null;
    const seconds = Number.isFinite(result.retryAfterMs) ? Math.max(1, Math.ceil(result.retryAfterMs / 1000)) : 3600;
    const response =
      what === 'runs'
        ? jsonError(429, 'Too many runs from your address.', [`Wait ${seconds} s before starting another run.`], 'rate_limit:requests')
        : jsonError(429, 'Too many requests from your address.', [`Wait ${seconds} s before trying again.`], 'rate_limit:requests');
    return withHeaders(response, { 'retry-after': String(seconds) });
  }

  function refusedForShutdown(): Response | null {
    if (!options.shuttingDown?.()) return null;
    const response = jsonError(503, 'This server is shutting down and starts no new work.', ['Try again in a few seconds: another server, or this one restarted, will take it.'], ERROR_CODES.shuttingDown);
    return withHeaders(response, { 'retry-after': '5' });
  }

  function admission(slot: SlotGrant, what: 'run' | 'follower'): Admission {
    if (slot.ok) return slot;
    const response =
      what === 'run'
        ? slot.scope === 'client'
          ? jsonError(429, `You already have ${slot.limit} ${slot.limit === 1 ? 'run' : 'runs'} going.`, ['Wait for one to finish, or stop one, then start this run.'], 'rate_limit:runs')
          : jsonError(429, 'The server is running as many runs as it can.', ['Try again in a minute.'], 'rate_limit:runs')
        : slot.scope === 'client'
          ? jsonError(429, `You are already following ${slot.limit} live runs.`, ['Close a tab that follows a run, then reload.'], 'rate_limit:followers')
          : jsonError(429, 'The server is streaming to as many followers as it can.', ['Reload in a minute.'], 'rate_limit:followers');
    return { ok: false, response: withHeaders(response, { 'retry-after': '5' }) };
  }

  const forClient = (key: string): RequestGuard => ({
    async admitRun() {
      const stopping = refusedForShutdown();
      if (stopping) return { ok: false, response: stopping };
      const limited = await rateLimited(key, 'runs');
      if (limited) return { ok: false, response: limited };
      return admission(await options.runs.acquire(key), 'run');
    },
    takeToken: async () => refusedForShutdown() ?? (await rateLimited(key, 'requests')),
    admitFollower: () => admission(options.followers.acquire(key), 'follower'),
  });

  return {
    checkOrigin(request) {
      const reason = crossSiteReason(request.headers, trust !== false);
      if (reason) {
        return jsonError(403, 'Cross-site requests cannot change anything here.', [`This request was refused because ${reason}. Use the app itself, or a client that is not a browser.`], ERROR_CODES.crossSite);
      }
      const hasBody = request.method !== 'DELETE' || request.headers.has('content-type') || Number(request.headers.get('content-length') ?? 0) > 0;
      if (hasBody && !isJsonContentType(request.headers)) return jsonError(415, 'Send JSON (content-type: application/json).', undefined, ERROR_CODES.notJson);
      return null;
    },
    async authorize(request) {
      if (!options.password) return null;
      const given = request.headers.get(APP_PASSWORD_HEADER);
      if (passwordMatches(given, options.password)) return null;
      if (given !== null) {
        const limited = await rateLimited(keyOf(request), 'requests');
        if (limited) return limited;
      }
      return jsonError(
        401,
        given === null ? 'This deployment is protected by a password.' : 'That app password is wrong.',
        ['Enter the app password to change anything here (ask whoever runs this deployment).'],
        ERROR_CODES.appPassword,
      );
    },
    forRequest: (request) => forClient(keyOf(request)),
    forClient,
  };
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

const globalForGuard = globalThis as unknown as { moaGuard?: Guard };

/**
 * The server's one guard, from env. On PostgreSQL (DATABASE_URL) the rate limit and run slots
 * are counted in the database, across every instance; on PGlite (one process) in memory.
 * Follower slots stay per process: a follow stream is a connection to this process.
 */
export function getGuard(): Guard {
  if (globalForGuard.moaGuard) return globalForGuard.moaGuard;
  const bucket = { capacity: env.RUN_BURST ?? GUARD_DEFAULTS.runBurst, refillPerMinute: env.RUNS_PER_MINUTE ?? GUARD_DEFAULTS.runsPerMinute };
  const runSlots = {
    perClient: env.MAX_CONCURRENT_RUNS_PER_CLIENT ?? GUARD_DEFAULTS.concurrentRunsPerClient,
    total: env.MAX_CONCURRENT_RUNS ?? GUARD_DEFAULTS.concurrentRuns,
  };
  const shared: SharedLimitsDeps = async () => {
    const [handle, instance] = await Promise.all([getDatabaseHandle(), getInstance()]);
    return { db: handle.db, instanceId: instance.lease.id };
  };
  return (globalForGuard.moaGuard = createGuard({
    password: env.APP_PASSWORD,
    trustProxy: env.TRUST_PROXY,
    shuttingDown: isShuttingDown,
    limiter: env.DATABASE_URL ? createSharedRateLimiter(shared, bucket) : createMemoryRateLimiter(bucket),
    runs: env.DATABASE_URL ? createSharedSlots(shared, runSlots) : createSlots(runSlots),
    followers: createSlots({
      perClient: env.MAX_FOLLOWERS_PER_CLIENT ?? GUARD_DEFAULTS.followersPerClient,
      total: env.MAX_FOLLOWERS ?? GUARD_DEFAULTS.followers,
    }),
  }));
}

/** Passes the items on; releases the slot when they end, however they end. */
export async function* releasingWhenDone<T>(items: AsyncIterable<T>, release: () => void): AsyncGenerator<T> {
  try {
    yield* items;
  } finally {
    release();
  }
}

/** This server's origin as the client reached it, for links in answers (lib/guard/origin.ts). */
export const originOf = (request: Request): string => publicOrigin(request, parseTrustProxy(env.TRUST_PROXY) !== false);
