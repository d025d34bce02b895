import { and, asc, count, desc, eq, max } from 'drizzle-orm';
import { stripIds } from '../builder/board';
import type { MoAConfig } from '../moa/config';
import type { Database } from '../runs/db';
import { isUniqueViolation } from '../runs/db-errors';
import { newRunId } from '../runs/ids';
import { SAVED_CONFIG_LIMITS, slugOf } from './names';
import { savedConfigs, savedConfigVersions } from './schema';

/** A saved config as lists show it. */
export type SavedConfigSummary = { slug: string; name: string; latestVersion: number; createdAt: Date; updatedAt: Date };
export type SavedConfigVersionInfo = { version: number; versionId: string; createdAt: Date };
/** One version's board: what opening it, running it or serving it as a model needs. */
export type ResolvedConfig = { slug: string; name: string; version: number; versionId: string; config: MoAConfig };
/** What a run page says about the saved config it ran. */
export type VersionLabel = { slug: string; name: string; version: number; ownerHash: string };

/** Why a change was refused; handlers turn these into 404/409. */
export type Refusal = 'not-found' | 'name-taken' | 'too-many-configs' | 'too-many-versions';
export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: Refusal; slug?: string };

export type SavedConfigStore = ReturnType<typeof createSavedConfigStore>;

/** Saved configurations and their immutable versions, on the run database, always per owner. */
export function createSavedConfigStore(db: Database) {
  const row = async (ownerHash: string, slug: string) => {
    const [found] = await db
      .select()
      .from(savedConfigs)
      .where(and(eq(savedConfigs.ownerHash, ownerHash), eq(savedConfigs.slug, slug)))
      .limit(1);
    return found;
  };

  const slugTaken = async (ownerHash: string, slug: string) => !!(await row(ownerHash, slug));

  /** A new config whose version 1 is `config`. */
  async function insertConfig(ownerHash: string, name: string, config: MoAConfig): Promise<Outcome<ResolvedConfig>> {
    const slug = slugOf(name);
    if (await slugTaken(ownerHash, slug)) return { ok: false, reason: 'name-taken', slug };
    const [{ n }] = await db.select({ n: count() }).from(savedConfigs).where(eq(savedConfigs.ownerHash, ownerHash));
    if (n >= SAVED_CONFIG_LIMITS.maxConfigsPerOwner) return { ok: false, reason: 'too-many-configs' };
    const id = newRunId();
    const versionId = newRunId();
    const stored = stripIds(config);
    try {
      await db.transaction(async (tx) => {
        await tx.insert(savedConfigs).values({ id, ownerHash, slug, name });
        await tx.insert(savedConfigVersions).values({ id: versionId, configId: id, version: 1, config: stored });
      });
    } catch (error) {
      // Two saves of one name at once: the unique index lets one through.
      if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken', slug };
      throw error;
    }
    return { ok: true, value: { slug, name, version: 1, versionId, config: stored } };
  }

  return {
    /** The owner's configs, most recently changed first. */
    async list(ownerHash: string): Promise<SavedConfigSummary[]> {
      return db
        .select({
          slug: savedConfigs.slug,
          name: savedConfigs.name,
          latestVersion: max(savedConfigVersions.version).mapWith(Number),
          createdAt: savedConfigs.createdAt,
          updatedAt: savedConfigs.updatedAt,
        })
        .from(savedConfigs)
        .innerJoin(savedConfigVersions, eq(savedConfigVersions.configId, savedConfigs.id))
        .where(eq(savedConfigs.ownerHash, ownerHash))
        .groupBy(savedConfigs.id)
        .orderBy(desc(savedConfigs.updatedAt), asc(savedConfigs.slug));
    },

    /** A config with every version's number and date (not their boards), or null. */
    async get(ownerHash: string, slug: string): Promise<(SavedConfigSummary & { versions: SavedConfigVersionInfo[] }) | null> {
      const found = await row(ownerHash, slug);
      if (!found) return null;
      const versions = await db
        .select({ version: savedConfigVersions.version, versionId: savedConfigVersions.id, createdAt: savedConfigVersions.createdAt })
        .from(savedConfigVersions)
        .where(eq(savedConfigVersions.configId, found.id))
        .orderBy(desc(savedConfigVersions.version));
      return { slug: found.slug, name: found.name, latestVersion: versions[0]?.version ?? 0, createdAt: found.createdAt, updatedAt: found.updatedAt, versions };
    },

    /** `slug` at `version` (the latest when omitted) of this owner's configs, or null. */
    async resolve(ownerHash: string, slug: string, version?: number): Promise<ResolvedConfig | null> {
      const [found] = await db
        .select({ slug: savedConfigs.slug, name: savedConfigs.name, version: savedConfigVersions.version, versionId: savedConfigVersions.id, config: savedConfigVersions.config })
        .from(savedConfigs)
        .innerJoin(savedConfigVersions, eq(savedConfigVersions.configId, savedConfigs.id))
        .where(and(eq(savedConfigs.ownerHash, ownerHash), eq(savedConfigs.slug, slug), ...(version === undefined ? [] : [eq(savedConfigVersions.version, version)])))
        .orderBy(desc(savedConfigVersions.version))
        .limit(1);
      return found ?? null;
    },

    /** A version by its id, with its config's owner: for checking and labelling runs. */
    async version(versionId: string): Promise<(VersionLabel & { config: MoAConfig }) | null> {
      const [found] = await db
        .select({ slug: savedConfigs.slug, name: savedConfigs.name, version: savedConfigVersions.version, ownerHash: savedConfigs.ownerHash, config: savedConfigVersions.config })
        .from(savedConfigVersions)
        .innerJoin(savedConfigs, eq(savedConfigVersions.configId, savedConfigs.id))
        .where(eq(savedConfigVersions.id, versionId))
        .limit(1);
      return found ?? null;
    },

    create: insertConfig,

    /** Saves `config` as the next version of `slug`; earlier versions stay as they are. */
    async addVersion(ownerHash: string, slug: string, config: MoAConfig): Promise<Outcome<ResolvedConfig>> {
      const stored = stripIds(config);
      // Two saves at once may pick the same number: the unique index refuses one, which tries again.
      for (let attempt = 0; ; attempt++) {
        const found = await row(ownerHash, slug);
        if (!found) return { ok: false, reason: 'not-found' };
        const [{ latest }] = await db.select({ latest: max(savedConfigVersions.version) }).from(savedConfigVersions).where(eq(savedConfigVersions.configId, found.id));
        const version = (latest ?? 0) + 1;
        if (version > SAVED_CONFIG_LIMITS.maxVersionsPerConfig) return { ok: false, reason: 'too-many-versions' };
        const versionId = newRunId();
        try {
          await db.transaction(async (tx) => {
            await tx.insert(savedConfigVersions).values({ id: versionId, configId: found.id, version, config: stored });
            await tx.update(savedConfigs).set({ updatedAt: new Date() }).where(eq(savedConfigs.id, found.id));
          });
          return { ok: true, value: { slug, name: found.name, version, versionId, config: stored } };
        } catch (error) {
          if (!isUniqueViolation(error) || attempt >= 3) throw error;
        }
      }
    },

    /** A new name, and with it a new slug; versions and the runs that point at them stay. */
    async rename(ownerHash: string, slug: string, name: string): Promise<Outcome<{ slug: string; name: string }>> {
      const found = await row(ownerHash, slug);
      if (!found) return { ok: false, reason: 'not-found' };
      const next = slugOf(name);
      if (next !== slug && (await slugTaken(ownerHash, next))) return { ok: false, reason: 'name-taken', slug: next };
      try {
        await db.update(savedConfigs).set({ name, slug: next, updatedAt: new Date() }).where(eq(savedConfigs.id, found.id));
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, reason: 'name-taken', slug: next };
        throw error;
      }
      return { ok: true, value: { slug: next, name } };
    },

    /** A new config under `name` whose version 1 is `version` (the latest when omitted) of `slug`. */
    async duplicate(ownerHash: string, slug: string, name: string, version?: number): Promise<Outcome<ResolvedConfig>> {
      const source = await this.resolve(ownerHash, slug, version);
      if (!source) return { ok: false, reason: 'not-found' };
      return insertConfig(ownerHash, name, source.config);
    },

    /** Deletes a config and its versions; runs that ran one keep their own copy of the board. */
    async remove(ownerHash: string, slug: string): Promise<boolean> {
      const rows = await db
        .delete(savedConfigs)
        .where(and(eq(savedConfigs.ownerHash, ownerHash), eq(savedConfigs.slug, slug)))
        .returning({ id: savedConfigs.id });
      return rows.length > 0;
    },
  };
}
