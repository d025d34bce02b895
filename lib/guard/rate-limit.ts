/**
 * Rate limits for run creation, per client key. The interface is async so that a shared
 * store (Redis, a database) can implement it for several server instances; see README.
 */
export type RateLimitResult = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes one token for `key` if it has one. */
  take(key: string): Promise<RateLimitResult>;
}

export type TokenBucketOptions = {
  /** Tokens a client starts with, and can save up to. */
  capacity: number;
  /** Tokens added per minute. */
  refillPerMinute: number;
  now?: () => number;
  /** Buckets kept at most; the idlest are dropped first (a full bucket is as good as none). */
  maxKeys?: number;
};

/**
 * In-memory token bucket: a burst of `capacity`, then `refillPerMinute` sustained. One
 * process only: behind a load balancer each instance counts on its own.
 */
export function createMemoryRateLimiter({ capacity, refillPerMinute, now = Date.now, maxKeys = 10_000 }: TokenBucketOptions): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = refillPerMinute / 60_000;

  return {
    async take(key) {
      const t = now();
      const stored = buckets.get(key);
      const tokens = stored ? Math.min(capacity, stored.tokens + (t - stored.at) * perMs) : capacity;
      // Re-insert so the Map's order is least recently used first.
      buckets.delete(key);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at: t });
        if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
        return { allowed: true, remaining: Math.floor(tokens - 1) };
      }
      buckets.set(key, { tokens, at: t });
      const retryAfterMs = perMs > 0 ? Math.ceil((1 - tokens) / perMs) : Number.POSITIVE_INFINITY;
      return { allowed: false, retryAfterMs };
    },
  };
}
