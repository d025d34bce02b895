import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getRun, DELETE as deleteRun } from '@/app/api/runs/[id]/route';
import { GET as getEvents } from '@/app/api/runs/[id]/events/route';
import { GET as getExport } from '@/app/api/runs/[id]/export/route';
import { GET as getStream } from '@/app/api/runs/[id]/stream/route';
import { GET as listRuns, POST } from '@/app/api/runs/route';
import type { RunEvent } from '@/lib/moa/events';
import { reduceEvents } from '@/lib/run-view';
import { newRunId } from '@/lib/runs/ids';
import { issueOwnerCookie } from '@/lib/runs/owner';
import { readRunEvents } from '@/lib/browser/read-stream';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const agent = (model = 'offline:concise') => ({ model, maxOutputTokens: 40 });
const body = { config: { layers: [{ agents: [agent(), agent('offline:stepwise')] }, { agents: [agent('offline:synth')] }] }, prompt: 'Why is the sky blue?', presetId: 'moa-lite' };
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const req = (path: string, init: RequestInit & { cookie?: string } = {}) =>
  new Request(`http://test${path}`, { ...init, headers: { ...(init.cookie ? { cookie: init.cookie } : {}), 'content-type': 'application/json' } });

/** A browser's owner cookie, as proxy.ts issues it on the first request. */
const ownerCookie = () => issueOwnerCookie(new Request('http://test/'))!.requestCookie;

async function startRun(cookie = ownerCookie()) {
  const response = await POST(req('/api/runs', { method: 'POST', body: JSON.stringify(body), cookie }));
  expect(response.status).toBe(200);
  const events: RunEvent[] = [];
  for await (const event of readRunEvents(response.body!)) events.push(event);
  const runId = (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId!;
  return { events, runId, cookie };
}

describe('stored runs over the API', () => {
  it('records a run under its owner, gives it a share id, and serves it back', async () => {
    const { events, runId, cookie } = await startRun();
    expect(runId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cookie).toMatch(/^moa_owner=[A-Za-z0-9_-]{22}$/);

    const run = await (await getRun(req(`/api/runs/${runId}`, { cookie }), ctx(runId))).json();
    expect(run.run).toMatchObject({ id: runId, status: 'finished', prompt: 'Why is the sky blue?', presetId: 'moa-lite', mine: true });
    expect(run.run.ownerHash).toBeUndefined();
    expect((await (await getRun(req(`/api/runs/${runId}`), ctx(runId))).json()).run.mine).toBe(false);

    const stored = (await (await getEvents(req(`/api/runs/${runId}/events`), ctx(runId))).json()).events as RunEvent[];
    expect(reduceEvents(stored)).toEqual(reduceEvents(events));

    // Following a finished run streams it whole, in the live format.
    const followed: RunEvent[] = [];
    for await (const event of readRunEvents((await getStream(req(`/api/runs/${runId}/stream`), ctx(runId))).body!)) followed.push(event);
    expect(reduceEvents(followed)).toEqual(reduceEvents(events));
  }, 60_000);

  it('lists only the caller’s runs and lets only the owner delete', async () => {
    const mine = await startRun();
    const again = await startRun(mine.cookie);
    const theirs = await startRun();

    const list = await (await listRuns(req('/api/runs', { cookie: mine.cookie }))).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toEqual([again.runId, mine.runId]);
    expect(list.runs[0]).toMatchObject({ prompt: 'Why is the sky blue?', presetId: 'moa-lite', status: 'finished', shape: { layers: 2, calls: 3 } });
    expect((await (await listRuns(req('/api/runs'))).json()).runs).toEqual([]);

    expect((await deleteRun(req(`/api/runs/${theirs.runId}`, { method: 'DELETE', cookie: mine.cookie }), ctx(theirs.runId))).status).toBe(403);
    expect((await deleteRun(req(`/api/runs/${theirs.runId}`, { method: 'DELETE' }), ctx(theirs.runId))).status).toBe(403);
    expect((await deleteRun(req(`/api/runs/${mine.runId}`, { method: 'DELETE', cookie: mine.cookie }), ctx(mine.runId))).status).toBe(204);
    expect((await getRun(req(`/api/runs/${mine.runId}`), ctx(mine.runId))).status).toBe(404);
    expect((await getRun(req(`/api/runs/${theirs.runId}`), ctx(theirs.runId))).status).toBe(200);
  }, 60_000);

  it('exports JSON and Markdown as downloads', async () => {
    const { runId } = await startRun();
    const json = await getExport(req(`/api/runs/${runId}/export?format=json`), ctx(runId));
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="moa-run-${runId}.json"`);
    const data = await json.json();
    expect(data).toMatchObject({ id: runId, prompt: 'Why is the sky blue?', status: 'finished' });
    expect(data.events.length).toBeGreaterThan(5);
    expect(JSON.stringify(data)).not.toMatch(/owner/i);

    const md = await getExport(req(`/api/runs/${runId}/export?format=md`), ctx(runId));
    expect(md.headers.get('content-type')).toContain('text/markdown');
    const text = await md.text();
    expect(text).toContain('> Why is the sky blue?');
    expect(text).toContain(`http://test/r/${runId}`);
    expect(text).toMatch(/## Layer 2 — Final aggregator/);
    expect((await getExport(req(`/api/runs/${runId}/export?format=pdf`), ctx(runId))).status).toBe(400);
  }, 60_000);

  it.each([
    ['an unknown id', newRunId()],
    ['a malformed id', 'not-a-run'],
    ['a too long id', 'A'.repeat(23)],
    ['path tricks', '..%2F..%2Fetc'],
  ])('answers 404 for %s on every endpoint', async (_, id) => {
    expect((await getRun(req(`/api/runs/x`), ctx(id))).status).toBe(404);
    expect((await getEvents(req(`/api/runs/x/events`), ctx(id))).status).toBe(404);
    expect((await getStream(req(`/api/runs/x/stream`), ctx(id))).status).toBe(404);
    expect((await getExport(req(`/api/runs/x/export`), ctx(id))).status).toBe(404);
    expect((await deleteRun(req(`/api/runs/x`, { method: 'DELETE' }), ctx(id))).status).toBe(404);
  });
});
