// /api/configs over its route files: status codes, ownership, and runs recording the version
// they ran. Also the resolver the API's `moa/<slug>@<n>` models will use.
import { beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteConfig, GET as getConfig, PATCH as renameConfig } from '@/app/api/configs/[slug]/route';
import { POST as duplicateConfig } from '@/app/api/configs/[slug]/duplicate/route';
import { POST as addVersion } from '@/app/api/configs/[slug]/versions/route';
import { GET as listConfigs, POST as createConfig } from '@/app/api/configs/route';
import { GET as getRun } from '@/app/api/runs/[id]/route';
import { POST as startRun } from '@/app/api/runs/route';
import { readRunEvents } from '@/lib/browser/read-stream';
import { resolveSavedConfig } from '@/lib/configs/server';
import type { RunEvent } from '@/lib/moa/events';
import { loadSharedRun } from '@/lib/runs/shared';
import { issueOwnerCookie, ownerOfCookies } from '@/lib/runs/owner';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const agent = (model: string) => ({ model, maxOutputTokens: 20 });
const board = (proposers: number) => ({ layers: [{ agents: Array.from({ length: proposers }, () => agent('offline:concise')) }, { agents: [agent('offline:synth')] }] });
const ownerCookie = () => issueOwnerCookie(new Request('http://test/'))!.requestCookie;
const ctx = (slug: string) => ({ params: Promise.resolve({ slug }) });
const req = (path: string, init: { method?: string; body?: unknown; cookie?: string; raw?: string } = {}) =>
  new Request(`http://test${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}) },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });

async function save(cookie: string, name: string, proposers = 2) {
  const response = await createConfig(req('/api/configs', { method: 'POST', body: { name, config: board(proposers) }, cookie }));
  expect(response.status).toBe(201);
  return response.json() as Promise<{ slug: string; version: number; versionId: string }>;
}

async function run(cookie: string, config: unknown, configVersionId?: string) {
  const response = await startRun(req('/api/runs', { method: 'POST', body: { config, prompt: 'Why?', configVersionId }, cookie }));
  expect(response.status).toBe(200);
  const events: RunEvent[] = [];
  for await (const event of readRunEvents(response.body!)) events.push(event);
  return (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId!;
}

describe('/api/configs', () => {
  it('creates, lists, versions, reads a version, renames, duplicates and deletes', async () => {
    const cookie = ownerCookie();
    expect(await save(cookie, 'My board')).toMatchObject({ slug: 'my-board', version: 1 });

    const v2 = await addVersion(req('/api/configs/my-board/versions', { method: 'POST', body: { config: board(3) }, cookie }), ctx('my-board'));
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ slug: 'my-board', version: 2 });

    const list = await (await listConfigs(req('/api/configs', { cookie }))).json();
    expect(list.configs).toEqual([expect.objectContaining({ slug: 'my-board', name: 'My board', latestVersion: 2 })]);

    const latest = await (await getConfig(req('/api/configs/my-board', { cookie }), ctx('my-board'))).json();
    expect(latest.version.version).toBe(2);
    expect(latest.config.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const first = await (await getConfig(req('/api/configs/my-board?version=1', { cookie }), ctx('my-board'))).json();
    expect(first.version.config.layers[0].agents).toHaveLength(2);
    expect((await getConfig(req('/api/configs/my-board?version=7', { cookie }), ctx('my-board'))).status).toBe(404);
    expect((await getConfig(req('/api/configs/my-board?version=one', { cookie }), ctx('my-board'))).status).toBe(400);

    const renamed = await renameConfig(req('/api/configs/my-board', { method: 'PATCH', body: { name: 'Our board' }, cookie }), ctx('my-board'));
    expect(await renamed.json()).toEqual({ slug: 'our-board', name: 'Our board' });

    const copy = await duplicateConfig(req('/api/configs/our-board/duplicate', { method: 'POST', body: { name: 'Copy', version: 1 }, cookie }), ctx('our-board'));
    expect(copy.status).toBe(201);
    expect(await copy.json()).toMatchObject({ slug: 'copy', version: 1 });

    expect((await deleteConfig(req('/api/configs/our-board', { method: 'DELETE', cookie }), ctx('our-board'))).status).toBe(204);
    expect((await deleteConfig(req('/api/configs/our-board', { method: 'DELETE', cookie }), ctx('our-board'))).status).toBe(404);
    expect((await (await listConfigs(req('/api/configs', { cookie }))).json()).configs.map((c: { slug: string }) => c.slug)).toEqual(['copy']);
  });

  it('answers a name collision with a readable 409', async () => {
    const cookie = ownerCookie();
    await save(cookie, 'Dup');
    await save(cookie, 'Other');
    for (const response of [
      await createConfig(req('/api/configs', { method: 'POST', body: { name: 'dup!', config: board(1) }, cookie })),
      await renameConfig(req('/api/configs/other', { method: 'PATCH', body: { name: 'DUP' }, cookie }), ctx('other')),
      await duplicateConfig(req('/api/configs/other/duplicate', { method: 'POST', body: { name: 'Dup' }, cookie }), ctx('other')),
    ]) {
      expect(response.status).toBe(409);
      const body = await response.json();
      expect(body.code).toBe('conflict');
      expect(body.error).toMatch(/already have a saved configuration named like this \(“dup”\)/);
    }
  });

  it('refuses bad input with a clear 400 (or 413), and a request without an owner with 403', async () => {
    const cookie = ownerCookie();
    const bad = async (body: unknown, raw?: string) => createConfig(req('/api/configs', { method: 'POST', body, raw, cookie }));
    const noName = await bad({ config: board(1) });
    expect(noName.status).toBe(400);
    expect((await noName.json()).details.join(' ')).toMatch(/name/);
    const badConfig = await bad({ name: 'x', config: { layers: [{ agents: [agent('offline:concise'), agent('offline:synth')] }] } });
    expect(badConfig.status).toBe(400);
    expect((await badConfig.json()).details.join(' ')).toMatch(/exactly one aggregator/);
    expect((await bad({ name: '???', config: board(1) })).status).toBe(400);
    expect((await bad({ name: 'x'.repeat(81), config: board(1) })).status).toBe(400);
    expect((await bad({ name: 'x', config: board(1), extra: true })).status).toBe(400);
    expect((await bad(undefined, '{not json')).status).toBe(400);
    expect((await bad(undefined, JSON.stringify({ name: 'big', config: board(1), pad: 'x'.repeat(300_000) }))).status).toBe(413);

    const anonymous = await createConfig(req('/api/configs', { method: 'POST', body: { name: 'Mine', config: board(1) } }));
    expect(anonymous.status).toBe(403);
    expect((await (await listConfigs(req('/api/configs'))).json()).configs).toEqual([]);
  });

  it('never shows or changes someone else’s config: their slug is not found', async () => {
    const mine = ownerCookie();
    const theirs = ownerCookie();
    await save(theirs, 'Secret');
    expect((await getConfig(req('/api/configs/secret', { cookie: mine }), ctx('secret'))).status).toBe(404);
    expect((await renameConfig(req('/api/configs/secret', { method: 'PATCH', body: { name: 'Taken' }, cookie: mine }), ctx('secret'))).status).toBe(404);
    expect((await addVersion(req('/api/configs/secret/versions', { method: 'POST', body: { config: board(1) }, cookie: mine }), ctx('secret'))).status).toBe(404);
    expect((await duplicateConfig(req('/api/configs/secret/duplicate', { method: 'POST', body: { name: 'Stolen' }, cookie: mine }), ctx('secret'))).status).toBe(404);
    expect((await deleteConfig(req('/api/configs/secret', { method: 'DELETE', cookie: mine }), ctx('secret'))).status).toBe(404);
    expect((await getConfig(req('/api/configs/..%2Fx', { cookie: mine }), ctx('../x'))).status).toBe(404);
    // Still there for its owner.
    expect((await getConfig(req('/api/configs/secret', { cookie: theirs }), ctx('secret'))).status).toBe(200);
  });

  it('resolves a slug and an optional version for its owner only (the API’s moa/<slug>@<n>)', async () => {
    const cookie = ownerCookie();
    const owner = ownerOfCookies(cookie)!;
    await save(cookie, 'Served', 1);
    await addVersion(req('/api/configs/served/versions', { method: 'POST', body: { config: board(3) }, cookie }), ctx('served'));
    expect((await resolveSavedConfig(owner, 'served'))).toMatchObject({ slug: 'served', version: 2 });
    expect((await resolveSavedConfig(owner, 'served', 1))!.config.layers[0].agents).toHaveLength(1);
    expect(await resolveSavedConfig(owner, 'served', 3)).toBeNull();
    expect(await resolveSavedConfig(owner, 'served', 0)).toBeNull();
    expect(await resolveSavedConfig(owner, 'Served')).toBeNull();
    expect(await resolveSavedConfig(ownerOfCookies(ownerCookie())!, 'served')).toBeNull();
  });
});

describe('a run of a saved config', () => {
  it('records the version it ran, named on its share page even after a newer version exists', async () => {
    const cookie = ownerCookie();
    const v1 = await save(cookie, 'Shared board', 2);
    const runId = await run(cookie, board(2), v1.versionId);
    await addVersion(req('/api/configs/shared-board/versions', { method: 'POST', body: { config: board(3) }, cookie }), ctx('shared-board'));

    const body = await (await getRun(req(`/api/runs/${runId}`, { cookie }), { params: Promise.resolve({ id: runId }) })).json();
    expect(body.run.configVersionId).toBe(v1.versionId);
    expect(body.run.savedConfig).toEqual({ slug: 'shared-board', name: 'Shared board', version: 1 });
    expect(body.run.config.layers[0].agents).toHaveLength(2);
    expect((await loadSharedRun(runId))!.run.savedConfig).toEqual({ name: 'Shared board', version: 1 });
  });

  it('records no version for a board that differs from it, or for someone else’s version', async () => {
    const cookie = ownerCookie();
    const v1 = await save(cookie, 'Strict', 2);
    const edited = await run(cookie, board(1), v1.versionId);
    const stranger = await run(ownerCookie(), board(2), v1.versionId);
    for (const id of [edited, stranger]) expect((await getRunStore().then((s) => s.getRun(id)))!.configVersionId).toBeNull();
  });
});
