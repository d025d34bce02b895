import { randomBytes } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../runs/db';
import { instances } from '../runs/schema';
import type { RateLimiter, TokenBucketOptions } from './rate-limit';
import { rateBuckets, runSlots } from './schema';
import type { SharedSlots, SlotGrant } from './slots';

/**
 * The guard's limits counted in the database, for several instances on one PostgreSQL: the
 * same token bucket and run slots as the in-memory ones (lib/guard/rate-limit.ts, slots.ts),
 * each decided by one atomic statement or transaction, in database time.
 */

/** The database and this instance's lease id, once storage is open. */
export type SharedLimitsDeps = () => Promise<{ db: Database; instanceId: string }>;

/** Rows of `db.execute`: an array from postgres-js, `{rows}` from PGlite. */
async function rowsOf<T>(db: Pick<Database, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Buckets idle this long are full again, so they are deleted now and then (1 take in CLEANUP_EVERY). */
const CLEANUP_EVERY = 200;

export function createSharedRateLimiter(deps: SharedLimitsDeps, { capacity, refillPerMinute }: Omit<TokenBucketOptions, 'now' | 'maxKeys'>): RateLimiter {
  const perSecond = refillPerMinute / 60;
  let takes = 0;
  return {
    async take(key) {
      const { db } = await deps();
      // Every SET expression sees the row as it was, so `granted` and `tokens` agree.
      const available = sql`least(${capacity}::float8, "rate_buckets"."tokens" + extract(epoch from (now() - "rate_buckets"."updated_at")) * ${perSecond}::float8)`;
      const [row] = await rowsOf<{ tokens: number; granted: boolean }>(
        db,
        sql`insert into ${rateBuckets} (key, tokens, updated_at, granted) values (${key}, ${capacity - 1}::float8, now(), true)
            on conflict (key) do update set
              tokens = case when ${available} >= 1 then ${available} - 1 else ${available} end,
              granted = ${available} >= 1,
              updated_at = now()
            returning tokens, granted`,
      );
      if (++takes % CLEANUP_EVERY === 0 && perSecond > 0) {
        const fullAfterS = Math.ceil(capacity / perSecond);
        void db.execute(sql`delete from ${rateBuckets} where updated_at < now() - ${`${fullAfterS} seconds`}::interval`).catch(() => {});
      }
      const tokens = Number(row.tokens);
      if (row.granted) return { allowed: true, remaining: Math.floor(tokens) };
      return { allowed: false, retryAfterMs: perSecond > 0 ? Math.ceil(((1 - tokens) / perSecond) * 1000) : Number.POSITIVE_INFINITY };
    },
  };
}

/** Serialises slot decisions of all instances (a transaction-scoped advisory lock). */
const SLOTS_LOCK = sql`select pg_advisory_xact_lock(hashtext('moa:run-slots'))`;

export function createSharedSlots(deps: SharedLimitsDeps, { perClient, total }: { perClient: number; total: number }): SharedSlots {
  return {
    async acquire(key): Promise<SlotGrant> {
      const { db, instanceId } = await deps();
      const id = randomBytes(12).toString('base64url');
      const refusal = await db.transaction(async (tx) => {
        await tx.execute(SLOTS_LOCK);
        // Slots of instances whose lease ran out are free: their runs died with them.
        await tx.execute(
          sql`delete from ${runSlots} where not exists (select 1 from ${instances} where ${instances.id} = ${runSlots.instanceId} and ${instances.expiresAt} > now())`,
        );
        const [counts] = await rowsOf<{ mine: number; all: number }>(
          tx,
          sql`select count(*) filter (where client_key = ${key})::int as mine, count(*)::int as all from ${runSlots}`,
        );
        if (Number(counts.mine) >= perClient) return { ok: false as const, scope: 'client' as const, limit: perClient };
        if (Number(counts.all) >= total) return { ok: false as const, scope: 'server' as const, limit: total };
        await tx.insert(runSlots).values({ id, instanceId, clientKey: key });
        return null;
      });
      if (refusal) return refusal;
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          // Should this fail, the slot stays counted until this instance's lease runs out.
          void db
            .delete(runSlots)
            .where(eq(runSlots.id, id))
            .catch((error: unknown) => console.error('[guard] a run slot could not be released:', error instanceof Error ? error.message : error));
        },
      };
    },
  };
}
