import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../runs/db';
import { newRunId } from '../runs/ids';
import { apiKeys } from './keys-schema';

/** `moa_sk_` then 32 random bytes, base64url: 256 bits, so a fast hash is a safe one to store. */
export const API_KEY_PREFIX = 'moa_sk_';
const KEY = /^moa_sk_[A-Za-z0-9_-]{43}$/;
export const API_KEY_LIMITS = { nameChars: 60, keysPerOwner: 20 } as const;
const TOUCH_EVERY_MS = 60_000;

/** A key as lists show it: never the key, never its hash. */
export type ApiKeyInfo = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };
/** Who a valid key acts for. */
export type ApiCaller = { keyId: string; ownerHash: string };

const hashOf = (key: string) => createHash('sha256').update(key).digest('base64url');
const info = ({ id, name, prefix, createdAt, lastUsedAt, revokedAt }: typeof apiKeys.$inferSelect): ApiKeyInfo => ({ id, name, prefix, createdAt, lastUsedAt, revokedAt });

/** The key named in an `Authorization: Bearer …` header, or null (absent or another scheme). */
export function bearerKey(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match ? match[1] : null;
}

/** A key's name: trimmed, 1–60 characters; or why not. */
export function keyNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || !name.trim()) return 'Name the key (e.g. the tool or machine that will use it).';
  if (name.trim().length > API_KEY_LIMITS.nameChars) return `A key's name has at most ${API_KEY_LIMITS.nameChars} characters.`;
  return null;
}

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

export function createApiKeyStore(db: Database) {
  const lastTouched = new Map<string, number>();
  return {
    /** Makes a key; the key itself is in the answer only (null when the owner has too many). */
    async create(ownerHash: string, name: string): Promise<{ key: string; info: ApiKeyInfo } | null> {
      const live = await db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.ownerHash, ownerHash), isNull(apiKeys.revokedAt)));
      if (live.length >= API_KEY_LIMITS.keysPerOwner) return null;
      const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const [row] = await db
        .insert(apiKeys)
        .values({ id: newRunId(), ownerHash, name: name.trim(), prefix: key.slice(0, API_KEY_PREFIX.length + 4), secretHash: hashOf(key) })
        .returning();
      return { key, info: info(row) };
    },
    /** The owner's keys, newest first, revoked ones included (marked). */
    async list(ownerHash: string): Promise<ApiKeyInfo[]> {
      const rows = await db.select().from(apiKeys).where(eq(apiKeys.ownerHash, ownerHash)).orderBy(desc(apiKeys.createdAt));
      return rows.map(info);
    },
    /** Revokes the owner's key `id` (or any owner's, for the command line: `ownerHash` null). */
    async revoke(ownerHash: string | null, id: string): Promise<boolean> {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt), ...(ownerHash ? [eq(apiKeys.ownerHash, ownerHash)] : [])))
        .returning({ id: apiKeys.id });
      return rows.length > 0;
    },
    /** Every key, for the command line. */
    async listAll(): Promise<(ApiKeyInfo & { ownerHash: string })[]> {
      const rows = await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
      return rows.map((row) => ({ ...info(row), ownerHash: row.ownerHash }));
    },
    /** Who `key` acts for, or null when it is malformed, unknown or revoked. Notes its use. */
    async verify(key: string): Promise<ApiCaller | null> {
      if (!KEY.test(key)) return null;
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.secretHash, hashOf(key))).limit(1);
      if (!row || row.revokedAt) return null;
      const now = Date.now();
      if (now - (lastTouched.get(row.id) ?? 0) > TOUCH_EVERY_MS) {
        lastTouched.set(row.id, now);
        const stale = new Date(now - TOUCH_EVERY_MS);
        await db
          .update(apiKeys)
          .set({ lastUsedAt: new Date(now) })
          .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
      }
      return { keyId: row.id, ownerHash: row.ownerHash };
    },
  };
}
