// The guard's limits counted in the database, as several instances on one PostgreSQL share them:
// on PGlite here, and on a real PostgreSQL too when TEST_DATABASE_URL is set (npm run test:postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharedRateLimiter, createSharedSlots } from '@/lib/guard/shared-limits';
import type { DatabaseHandle } from '@/lib/runs/db';
import { createLease, newInstanceId, type Lease } from '@/lib/runs/lease';
import { databaseTargets } from './helpers/databases';

describe.each(databaseTargets)('shared limits on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let a: Lease;
  let b: Lease;
  beforeAll(async () => {
    handle = await open();
    a = createLease(handle.db, newInstanceId(), { ttlMs: 60_000, renewMs: 20_000 });
    b = createLease(handle.db, newInstanceId(), { ttlMs: 60_000, renewMs: 20_000 });
    await Promise.all([a.renew(), b.renew()]);
  }, 60_000);
  afterAll(() => handle?.close());
  const on = (lease: Lease) => async () => ({ db: handle.db, instanceId: lease.id });

  it('one token bucket per client across instances: a burst of 3 spread over two, then 429 with no refill', async () => {
    const key = `burst-${newInstanceId()}`;
    const options = { capacity: 3, refillPerMinute: 0 };
    const [onA, onB] = [createSharedRateLimiter(on(a), options), createSharedRateLimiter(on(b), options)];
    expect(await onA.take(key)).toEqual({ allowed: true, remaining: 2 });
    expect(await onB.take(key)).toEqual({ allowed: true, remaining: 1 });
    expect(await onA.take(key)).toEqual({ allowed: true, remaining: 0 });
    expect(await onB.take(key)).toEqual({ allowed: false, retryAfterMs: Number.POSITIVE_INFINITY });
    expect((await onA.take(`other-${key}`)).allowed).toBe(true);
  });

  it('takes at once from many requests never give more than the burst', async () => {
    const key = `race-${newInstanceId()}`;
    const limiters = [a, b].map((lease) => createSharedRateLimiter(on(lease), { capacity: 5, refillPerMinute: 0 }));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => limiters[i % 2].take(key)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('refills at its rate and says how long to wait', async () => {
    const key = `refill-${newInstanceId()}`;
    const limiter = createSharedRateLimiter(on(a), { capacity: 1, refillPerMinute: 600 });
    expect((await limiter.take(key)).allowed).toBe(true);
    const refused = await limiter.take(key);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterMs).toBeGreaterThan(0), expect(refused.retryAfterMs).toBeLessThanOrEqual(100);
    await new Promise((r) => setTimeout(r, 150));
    expect((await limiter.take(key)).allowed).toBe(true);
  });

  it('run slots per client and in all across instances; a release frees one; a dead instance’s slots free when its lease runs out', async () => {
    const client = `slots-${newInstanceId()}`;
    const options = { perClient: 2, total: 3 };
    const dying = createLease(handle.db, newInstanceId(), { ttlMs: 300, renewMs: 100 });
    await dying.renew();
    const [onA, onB, onDying] = [createSharedSlots(on(a), options), createSharedSlots(on(b), options), createSharedSlots(on(dying), options)];

    const first = await onA.acquire(client);
    expect(first.ok).toBe(true);
    expect((await onB.acquire(client)).ok).toBe(true);
    expect(await onA.acquire(client)).toEqual({ ok: false, scope: 'client', limit: 2 });
    expect((await onDying.acquire(`${client}-2`)).ok).toBe(true);
    expect(await onB.acquire(`${client}-3`)).toEqual({ ok: false, scope: 'server', limit: 3 });

    if (first.ok) first.release();
    await expect.poll(async () => (await onB.acquire(client)).ok, { timeout: 5000 }).toBe(true);

    // The dying instance never renews: once its lease has run out, its slot no longer counts.
    await new Promise((r) => setTimeout(r, 400));
    expect((await onA.acquire(`${client}-3`)).ok).toBe(true);
  });

  it('slots taken at once from two instances never exceed the limit', async () => {
    const client = `slot-race-${newInstanceId()}`;
    const slots = [a, b].map((lease) => createSharedSlots(on(lease), { perClient: 4, total: 1000 }));
    const grants = await Promise.all(Array.from({ length: 10 }, (_, i) => slots[i % 2].acquire(client)));
    expect(grants.filter((g) => g.ok)).toHaveLength(4);
  });
});
