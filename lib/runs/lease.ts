import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Database } from './db';
import { instances } from './schema';

/**
 * Ownership by lease. Every server instance has an id and keeps a row in `instances` whose
 * `expires_at` it pushes forward every `renewMs`; each run it records carries that id. A run
 * whose instance's lease has run out (the process died, or lost the database for longer than
 * `ttlMs`) is marked interrupted by whichever instance sweeps next; runs of live instances are
 * never touched, so restarting one instance leaves the others' runs alone.
 */

/** How long a lease lasts without renewal. Long enough to ride out a GC pause or a slow query. */
export const LEASE_TTL_MS_DEFAULT = 30_000;
/** How often a lease is renewed (and orphaned runs swept): a third of the TTL, so two renewals may fail. */
export const LEASE_RENEW_MS_DEFAULT = 10_000;

export type LeaseTiming = { ttlMs: number; renewMs: number };

/** The lease timing from env values; renewing no more often than the lease lasts would let it lapse. */
export function leaseTiming(ttlMs?: number, renewMs?: number): LeaseTiming {
  const ttl = ttlMs ?? LEASE_TTL_MS_DEFAULT;
  const renew = renewMs ?? Math.min(LEASE_RENEW_MS_DEFAULT, Math.floor(ttl / 3));
  if (!(renew > 0 && renew < ttl)) {
    throw new Error(`LEASE_RENEW_MS (${renew}) must be above 0 and below LEASE_TTL_MS (${ttl}), or the lease lapses between renewals.`);
  }
  return { ttlMs: ttl, renewMs: renew };
}

/** A new instance id: random, so a restarted process never inherits the lease of its previous life. */
export const newInstanceId = () => `i-${randomBytes(9).toString('base64url')}`;

export type Lease = ReturnType<typeof createLease>;

/** This instance's lease on `db`. `now` is only for the freshness this process reports (readiness). */
export function createLease(db: Database, id: string, timing: LeaseTiming, now: () => number = Date.now) {
  let renewedAt: number | null = null;
  return {
    id,
    timing,
    /** Takes or extends the lease to `ttlMs` from now, in the database's time. */
    async renew(): Promise<void> {
      const expiresAt = sql`now() + ${`${timing.ttlMs} milliseconds`}::interval`;
      await db.insert(instances).values({ id, expiresAt }).onConflictDoUpdate({ target: instances.id, set: { expiresAt } });
      renewedAt = now();
    },
    /** Whether the last renewal is recent enough that no other instance can think this one dead. */
    held: () => renewedAt !== null && now() - renewedAt < timing.ttlMs,
    /** Gives the lease up (a clean shutdown, once this instance's runs are closed). */
    async release(): Promise<void> {
      renewedAt = null;
      await db.delete(instances).where(eq(instances.id, id));
    },
  };
}

/** Leases that ran out long ago are deleted by sweepers: nothing refers to them but closed runs. */
export async function deleteStaleLeases(db: Database, olderThanMs: number): Promise<void> {
  await db.delete(instances).where(sql`${instances.expiresAt} < now() - ${`${olderThanMs} milliseconds`}::interval`);
}
