// The lease's timing rules and its local view of freshness (the database side runs in storage.test.ts).
import { describe, expect, it } from 'vitest';
import type { Database } from '@/lib/runs/db';
import { createLease, LEASE_RENEW_MS_DEFAULT, LEASE_TTL_MS_DEFAULT, leaseTiming, newInstanceId } from '@/lib/runs/lease';

describe('lease timing', () => {
  it('defaults to a 30 s lease renewed every 10 s', () => {
    expect(leaseTiming()).toEqual({ ttlMs: LEASE_TTL_MS_DEFAULT, renewMs: LEASE_RENEW_MS_DEFAULT });
    expect(LEASE_RENEW_MS_DEFAULT * 3).toBeLessThanOrEqual(LEASE_TTL_MS_DEFAULT);
  });

  it('renews a short lease three times within it', () => {
    expect(leaseTiming(3000)).toEqual({ ttlMs: 3000, renewMs: 1000 });
    expect(leaseTiming(3000, 500)).toEqual({ ttlMs: 3000, renewMs: 500 });
  });

  it('refuses a renewal period that would let the lease lapse, saying which settings', () => {
    expect(() => leaseTiming(3000, 3000)).toThrow(/LEASE_RENEW_MS \(3000\).*below LEASE_TTL_MS \(3000\)/);
    expect(() => leaseTiming(1000, 5000)).toThrow(/LEASE_RENEW_MS/);
  });
});

describe('lease', () => {
  it('ids are random and distinct per start', () => {
    const ids = new Set(Array.from({ length: 100 }, newInstanceId));
    expect(ids.size).toBe(100);
  });

  it('is held from a renewal until the TTL passes without another, and not after release', async () => {
    let now = 1_000;
    const writes: string[] = [];
    const chain = { values: () => chain, onConflictDoUpdate: async () => void writes.push('renew'), where: async () => void writes.push('release') };
    const db = { insert: () => chain, delete: () => chain } as unknown as Database;
    const lease = createLease(db, 'i-test', { ttlMs: 3000, renewMs: 1000 }, () => now);
    expect(lease.held()).toBe(false);
    await lease.renew();
    now += 2999;
    expect(lease.held()).toBe(true);
    now += 1;
    expect(lease.held()).toBe(false);
    await lease.renew();
    expect(lease.held()).toBe(true);
    await lease.release();
    expect(lease.held()).toBe(false);
    expect(writes).toEqual(['renew', 'renew', 'release']);
  });

  it('a failed renewal does not count as held', async () => {
    const chain = { values: () => chain, onConflictDoUpdate: async () => Promise.reject(new Error('connection refused')) };
    const lease = createLease({ insert: () => chain } as unknown as Database, 'i-test', { ttlMs: 3000, renewMs: 1000 });
    await expect(lease.renew()).rejects.toThrow('connection refused');
    expect(lease.held()).toBe(false);
  });
});
