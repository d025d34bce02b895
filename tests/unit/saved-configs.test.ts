// Saved configurations: versions are immutable, slugs unique per owner, runs point at the
// version they ran. On PGlite, and on Postgres too under `npm run test:postgres`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withIds } from '@/lib/builder/board';
import { configNameSchema, slugOf, SAVED_CONFIG_LIMITS } from '@/lib/configs/names';
import { createSavedConfigStore, type SavedConfigStore } from '@/lib/configs/store';
import { moaConfigSchema, type MoAConfig } from '@/lib/moa/config';
import type { DatabaseHandle } from '@/lib/runs/db';
import { newRunId } from '@/lib/runs/ids';
import { createRunStore, type RunStore } from '@/lib/runs/store';
import { databaseTargets } from './helpers/databases';

const board = (proposers: number, temperature = 0.7): MoAConfig =>
  moaConfigSchema.parse({
    layers: [{ agents: Array.from({ length: proposers }, () => ({ model: 'offline:concise', temperature })) }, { agents: [{ model: 'offline:synth' }] }],
  });

describe('names and slugs', () => {
  it('makes a slug of letters and digits joined by dashes', () => {
    expect(slugOf('  My Board!  ')).toBe('my-board');
    expect(slugOf('Café  au lait — v2')).toBe('cafe-au-lait-v2');
    expect(slugOf('x'.repeat(200))).toHaveLength(SAVED_CONFIG_LIMITS.maxSlugChars);
  });

  it('refuses names without a slug, too long, or with control characters', () => {
    expect(configNameSchema.safeParse('Good name').success).toBe(true);
    expect(configNameSchema.safeParse('   ').success).toBe(false);
    expect(configNameSchema.safeParse('!!!').success).toBe(false);
    expect(configNameSchema.safeParse('a'.repeat(SAVED_CONFIG_LIMITS.maxNameChars + 1)).success).toBe(false);
    expect(configNameSchema.safeParse('tab\there').success).toBe(false);
  });
});

describe.each(databaseTargets)('saved configurations on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let store: SavedConfigStore;
  let runs: RunStore;
  beforeAll(async () => {
    handle = await open();
    store = createSavedConfigStore(handle.db);
    runs = createRunStore(handle.db, handle.batch);
  }, 60_000);
  afterAll(() => handle?.close());

  const owner = () => `owner-${newRunId()}`;
  const ok = <T>(outcome: { ok: true; value: T } | { ok: false; reason: string }): T => {
    if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
    return outcome.value;
  };

  it('saves version 1, then new versions that leave the earlier ones as they were', async () => {
    const me = owner();
    const v1 = ok(await store.create(me, 'Team board', withIds(board(2))));
    expect(v1).toMatchObject({ slug: 'team-board', name: 'Team board', version: 1 });
    // Stored as files carry it: without the builder's card ids.
    expect(v1.config.layers[0].agents[0].id).toBeUndefined();

    const v2 = ok(await store.addVersion(me, 'team-board', board(3)));
    const v3 = ok(await store.addVersion(me, 'team-board', board(4)));
    expect([v2.version, v3.version]).toEqual([2, 3]);
    expect(new Set([v1.versionId, v2.versionId, v3.versionId]).size).toBe(3);

    expect((await store.resolve(me, 'team-board', 1))!.config).toEqual(v1.config);
    expect((await store.resolve(me, 'team-board', 1))!.config.layers[0].agents).toHaveLength(2);
    expect((await store.resolve(me, 'team-board'))).toMatchObject({ version: 3, versionId: v3.versionId });
    expect(await store.resolve(me, 'team-board', 4)).toBeNull();

    const detail = (await store.get(me, 'team-board'))!;
    expect(detail.latestVersion).toBe(3);
    expect(detail.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(await store.list(me)).toEqual([expect.objectContaining({ slug: 'team-board', latestVersion: 3 })]);
  });

  it('keeps slugs unique per owner, not across owners', async () => {
    const me = owner();
    const you = owner();
    ok(await store.create(me, 'Fast', board(1)));
    expect(await store.create(me, 'FAST!', board(2))).toEqual({ ok: false, reason: 'name-taken', slug: 'fast' });
    expect(ok(await store.create(you, 'Fast', board(2))).slug).toBe('fast');
    // Each owner sees only their own.
    expect((await store.resolve(me, 'fast'))!.config.layers[0].agents).toHaveLength(1);
    expect((await store.resolve(you, 'fast'))!.config.layers[0].agents).toHaveLength(2);
    expect(await store.addVersion(owner(), 'fast', board(3))).toEqual({ ok: false, reason: 'not-found' });
  });

  it('lets one of two saves of the same name at once through', async () => {
    const me = owner();
    const outcomes = await Promise.all([store.create(me, 'Race', board(1)), store.create(me, 'Race', board(2))]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, reason: 'name-taken', slug: 'race' });
  });

  it('renames (the slug follows, versions stay), refusing a name another config has', async () => {
    const me = owner();
    const v1 = ok(await store.create(me, 'Draft', board(1)));
    ok(await store.create(me, 'Other', board(2)));
    expect(await store.rename(me, 'draft', 'other')).toEqual({ ok: false, reason: 'name-taken', slug: 'other' });
    expect(ok(await store.rename(me, 'draft', 'Final one'))).toEqual({ slug: 'final-one', name: 'Final one' });
    expect(await store.resolve(me, 'draft')).toBeNull();
    expect(await store.resolve(me, 'final-one', 1)).toMatchObject({ name: 'Final one', versionId: v1.versionId });
    // Same slug, new spelling: allowed.
    expect(ok(await store.rename(me, 'final-one', 'FINAL one'))).toEqual({ slug: 'final-one', name: 'FINAL one' });
    expect(await store.rename(owner(), 'final-one', 'Mine now')).toEqual({ ok: false, reason: 'not-found' });
  });

  it('duplicates a chosen version into a new config of its own', async () => {
    const me = owner();
    ok(await store.create(me, 'Base', board(1)));
    ok(await store.addVersion(me, 'base', board(2)));
    const copy = ok(await store.duplicate(me, 'base', 'Base copy', 1));
    expect(copy).toMatchObject({ slug: 'base-copy', version: 1 });
    expect(copy.config.layers[0].agents).toHaveLength(1);
    expect(await store.duplicate(me, 'base', 'Base', 2)).toMatchObject({ ok: false, reason: 'name-taken' });
    expect(await store.duplicate(me, 'base', 'Again', 9)).toEqual({ ok: false, reason: 'not-found' });
  });

  it('deletes only the owner’s config; a run that ran one keeps its board and loses the pointer', async () => {
    const me = owner();
    const v1 = ok(await store.create(me, 'Short lived', board(1)));
    const runId = newRunId();
    await runs.createRun({ id: runId, ownerHash: me, prompt: 'q', config: v1.config, configVersionId: v1.versionId });
    expect(await store.version(v1.versionId)).toMatchObject({ name: 'Short lived', version: 1, ownerHash: me });

    expect(await store.remove(owner(), 'short-lived')).toBe(false);
    expect(await store.remove(me, 'short-lived')).toBe(true);
    expect(await store.remove(me, 'short-lived')).toBe(false);
    expect(await store.version(v1.versionId)).toBeNull();
    const run = (await runs.getRun(runId))!;
    expect(run.configVersionId).toBeNull();
    expect(run.config).toEqual(v1.config);
  });

  it('bounds the configs of one owner', async () => {
    const me = owner();
    for (let i = 0; i < SAVED_CONFIG_LIMITS.maxConfigsPerOwner; i++) ok(await store.create(me, `Config ${i}`, board(1)));
    expect(await store.create(me, 'One too many', board(1))).toEqual({ ok: false, reason: 'too-many-configs' });
    expect(await store.list(me)).toHaveLength(SAVED_CONFIG_LIMITS.maxConfigsPerOwner);
  }, 120_000);
});
