import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moaConfigSchema, type MoAConfig } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { reduceEvents } from '@/lib/run-view';
import { openDatabase, type DatabaseHandle } from '@/lib/runs/db';
import { runToJson, runToMarkdown } from '@/lib/runs/export';
import { followRun } from '@/lib/runs/follow';
import { isRunId, newRunId } from '@/lib/runs/ids';
import { interruptRecordings, recordRun, recordingsInProgress } from '@/lib/runs/recorder';
import { createLease, newInstanceId } from '@/lib/runs/lease';
import { createRunStore, notifyPayloads, type RunStore } from '@/lib/runs/store';
import { RUN_NEWS_CHANNEL } from '@/lib/runs/live';
import { mockModel, type MockAgentBehaviour, type MockModel } from './helpers/mock-models';
import { databaseTargets, emptyPostgres } from './helpers/databases';
import { spawnPGliteWorker } from './helpers/ts-worker';

const targets = databaseTargets;
const pgUrl = process.env.TEST_DATABASE_URL;

function setup(layers: Record<string, MockAgentBehaviour>[]) {
  const models = new Map<string, MockModel>();
  for (const layer of layers) for (const [id, behaviour] of Object.entries(layer)) models.set(id, mockModel(id, behaviour));
  const config: MoAConfig = moaConfigSchema.parse({
    layers: layers.map((layer) => ({ agents: Object.keys(layer).map((id) => ({ model: `mock:${id}`, temperature: 0 })) })),
  });
  const resolveModel = (id: string) => models.get(id.slice('mock:'.length))!;
  return { models, config, resolveModel };
}

const LONG = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');

async function collect(events: AsyncIterable<RunEvent>, onEvent?: (e: RunEvent) => Promise<void> | void) {
  const all: RunEvent[] = [];
  for await (const event of events) {
    all.push(event);
    await onEvent?.(event);
  }
  return all;
}

const stored = async (store: RunStore, id: string) => (await store.allEvents(id)).map((e) => e.event);

describe.each(targets)('run storage on $name', ({ open }) => {
  let handle: DatabaseHandle;
  let store: RunStore;
  beforeAll(async () => {
    handle = await open();
    store = createRunStore(handle.db, handle.batch);
  }, 60_000);
  afterAll(() => handle?.close());

  const record = (config: MoAConfig, resolveModel: (id: string) => ReturnType<typeof mockModel>, opts: { signal?: AbortSignal; owner?: string; prompt?: string } = {}) =>
    recordRun(
      { config, prompt: opts.prompt ?? 'What is MoA?', presetId: 'moa-lite', ownerHash: opts.owner ?? 'owner-a' },
      (signal) => runMoA(config, opts.prompt ?? 'What is MoA?', { resolveModel, signal }),
      { store: Promise.resolve(store), signal: opts.signal },
    );

  it('records a run while it streams: the stored log reduces to exactly what the client saw', async () => {
    const { config, resolveModel } = setup([{ a: { text: LONG, delayMs: 2 }, b: { text: 'Short answer here.', delayMs: 3 } }, { agg: { text: 'The final synthesis.', delayMs: 1 } }]);
    let runId = '';
    const seenSoFar: RunEvent[] = [];
    const streamed = await collect(record(config, resolveModel), async (event) => {
      if (event.type === 'run-started') runId = event.runId!;
      // Write-ahead: whatever the client has been given is already committed (the store may be ahead).
      seenSoFar.push(event);
      const seen = reduceEvents(seenSoFar);
      const view = reduceEvents(await stored(store, runId));
      for (const [l, layer] of seen.layers.entries()) for (const [a, agent] of layer.entries()) expect(view.layers[l][a].text.startsWith(agent.text)).toBe(true);
      if (seen.status !== 'running') expect(view.status).toBe(seen.status);
    });

    expect(isRunId(runId)).toBe(true);
    const live = reduceEvents(streamed);
    const fromStore = reduceEvents(await stored(store, runId));
    expect(fromStore).toEqual(live);
    expect(fromStore.runId).toBe(runId);
    expect(fromStore.status).toBe('finished');
    expect(fromStore.layers[0][0].text).toBe(LONG);

    const row = (await store.getRun(runId))!;
    expect(row).toMatchObject({ status: 'finished', prompt: 'What is MoA?', presetId: 'moa-lite', finalText: 'The final synthesis.', error: null });
    expect(row.config).toEqual(config);
    expect(row.totals).toMatchObject({ calls: 3, failedCalls: 0, layers: 2, usage: { inputTokens: 30, outputTokens: 15 } });
    expect(row.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.createdAt.getTime());
  });

  const unreachable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  /** The store, with its appends failing as if the database were gone: the first `failures` of them, or all. */
  const flaky = (failures: number, commitFirst = false): RunStore => {
    let left = failures;
    return {
      ...store,
      async append(...args: Parameters<RunStore['append']>) {
        if (left-- > 0) {
          // The commit happened, its answer was lost with the connection.
          if (commitFirst) await store.append(...args);
          throw unreachable();
        }
        return store.append(...args);
      },
    };
  };
  const recordOn = (target: RunStore, config: MoAConfig, resolveModel: (id: string) => ReturnType<typeof mockModel>, retryMs?: number) =>
    recordRun({ config, prompt: 'What is MoA?', ownerHash: 'owner-a' }, (signal) => runMoA(config, 'What is MoA?', { resolveModel, signal }), { store: Promise.resolve(target), retryMs });

  it('waits for a database that went away and goes on when it is back: nothing lost, nothing twice, shown only once stored', async () => {
    const { config, resolveModel } = setup([{ a: { text: LONG, delayMs: 2 }, b: { text: 'Short answer here.', delayMs: 3 } }, { agg: { text: 'The final synthesis.', delayMs: 1 } }]);
    for (const commitFirst of [false, true]) {
      const target = flaky(4, commitFirst);
      let runId = '';
      const seenSoFar: RunEvent[] = [];
      const streamed = await collect(recordOn(target, config, resolveModel, 10_000), async (event) => {
        if (event.type === 'run-started') runId = event.runId!;
        // Write-ahead while the database comes and goes: the client is never ahead of the store.
        seenSoFar.push(event);
        const view = reduceEvents(await stored(store, runId));
        for (const [l, layer] of reduceEvents(seenSoFar).layers.entries()) for (const [a, agent] of layer.entries()) expect(view.layers[l][a].text.startsWith(agent.text)).toBe(true);
      });
      const rows = await store.allEvents(runId);
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i));
      expect(reduceEvents(rows.map((r) => r.event))).toEqual(reduceEvents(streamed));
      expect(streamed.at(-1)).toMatchObject({ type: 'run-finished', finalText: 'The final synthesis.' });
      expect((await store.getRun(runId))!.status).toBe('finished');
    }
  });

  it('stops a run whose database stays away past the bound, telling its client; what was stored is kept', async () => {
    const { config, resolveModel, models } = setup([{ a: { text: LONG, delayMs: 30 } }, { agg: {} }]);
    let calls = 0;
    const failing: RunStore = {
      ...store,
      async append(...args: Parameters<RunStore['append']>) {
        // The run's start and its first events get in; then the database goes.
        if (++calls > 2) throw unreachable();
        return store.append(...args);
      },
    };
    const startedAt = Date.now();
    const streamed = await collect(recordOn(failing, config, resolveModel, 400));
    expect(Date.now() - startedAt).toBeLessThan(LONG.split(' ').length * 30);
    const last = streamed.at(-1)!;
    expect(last).toMatchObject({ type: 'run-failed', error: expect.stringContaining('The run database could not be reached, so the run was stopped.') });
    expect(models.get('a')!.aborted).toBe(true);
    const runId = (streamed[0] as Extract<RunEvent, { type: 'run-started' }>).runId!;
    const kept = await stored(store, runId);
    expect(kept.length).toBeGreaterThan(0);
    // What the client saw before the failure is exactly what was stored.
    expect(streamed.slice(0, kept.length)).toEqual(kept);
    expect(streamed).toHaveLength(kept.length + 1);
  });

  it('stores a run stopped by its client as cancelled, with the text streamed so far', async () => {
    const { config, resolveModel, models } = setup([{ a: { text: LONG, delayMs: 15 } }, { agg: {} }]);
    const stop = new AbortController();
    let runId = '';
    await collect(record(config, resolveModel, { signal: stop.signal }), (event) => {
      if (event.type === 'run-started') runId = event.runId!;
      if (event.type === 'agent-delta') stop.abort();
    });
    expect(models.get('a')!.aborted).toBe(true);
    expect((await store.getRun(runId))!.status).toBe('cancelled');
    const view = reduceEvents(await stored(store, runId));
    expect(view.status).toBe('cancelled');
    expect(view.layers[0][0]).toMatchObject({ status: 'cancelled' });
    expect(view.layers[0][0].text.length).toBeGreaterThan(0);
  });

  it('a reader that goes away aborts the run, which is still stored to its end', async () => {
    const { config, resolveModel, models } = setup([{ a: { text: LONG, delayMs: 15 } }, { agg: {} }]);
    let runId = '';
    for await (const event of record(config, resolveModel)) {
      if (event.type === 'run-started') runId = event.runId!;
      if (event.type === 'agent-delta') break;
    }
    expect(models.get('a')!.aborted).toBe(true);
    expect((await store.getRun(runId))!.status).toBe('cancelled');
    expect((await stored(store, runId)).at(-1)!.type).toBe('run-cancelled');
  });

  it('marks a run left unfinished as interrupted and keeps every partial output', async () => {
    const { config } = setup([{ a: {}, b: {} }, { agg: {} }]);
    const id = newRunId();
    await store.createRun({ id, ownerHash: 'owner-a', prompt: 'Half done', config });
    const events: RunEvent[] = [
      { type: 'run-started', t: 0, startedAt: new Date().toISOString(), config, prompt: 'Half done', runId: id },
      { type: 'agent-started', t: 1, layer: 0, agent: 0, model: 'mock:a' },
      { type: 'agent-started', t: 1, layer: 0, agent: 1, model: 'mock:b' },
      { type: 'agent-delta', t: 5, layer: 0, agent: 0, text: 'Partial answer of a' },
      { type: 'agent-finished', t: 9, layer: 0, agent: 1, text: 'Whole answer of b', usage: { inputTokens: 7, outputTokens: 4, totalTokens: 11 }, finishReason: 'stop', latencyMs: 8 },
    ];
    await store.append(id, events.map((event, seq) => ({ seq, event })));

    expect(await store.markInterrupted()).toContain(id);
    const row = (await store.getRun(id))!;
    expect(row.status).toBe('interrupted');
    // The aggregator never started: two calls were made.
    expect(row.totals).toMatchObject({ usage: { inputTokens: 7, outputTokens: 4 }, calls: 2 });
    const log = await stored(store, id);
    expect(log.at(-1)).toMatchObject({ type: 'run-interrupted', t: 9 });
    const view = reduceEvents(log);
    expect(view.status).toBe('interrupted');
    expect(view.layers[0][0]).toMatchObject({ status: 'failed', text: 'Partial answer of a' });
    expect(view.layers[0][0].error).toMatch(/Interrupted/);
    expect(view.layers[0][1]).toMatchObject({ status: 'done', text: 'Whole answer of b' });
    expect(view.layers[1][0].status).toBe('cancelled');
    // Only runs still running are touched.
    expect(await store.markInterrupted()).not.toContain(id);
  });

  /** A run that `instance`'s store created, with a few events and still running. */
  async function openRun(instanceId?: string) {
    const { config } = setup([{ a: {} }, { agg: {} }]);
    const id = newRunId();
    const owned = createRunStore(handle.db, handle.batch, { instanceId });
    await owned.createRun({ id, ownerHash: 'owner-a', prompt: 'Leased', config });
    const events: RunEvent[] = [
      { type: 'run-started', t: 0, startedAt: new Date().toISOString(), config, prompt: 'Leased', runId: id },
      { type: 'agent-started', t: 1, layer: 0, agent: 0, model: 'mock:a' },
      { type: 'agent-delta', t: 5, layer: 0, agent: 0, text: 'Partial' },
    ];
    await owned.append(id, events.map((event, seq) => ({ seq, event })));
    return { id, owned };
  }

  it('leases: only runs whose instance’s lease ran out are marked interrupted; a live instance’s runs are untouched', async () => {
    const live = createLease(handle.db, newInstanceId(), { ttlMs: 60_000, renewMs: 20_000 });
    const dying = createLease(handle.db, newInstanceId(), { ttlMs: 1, renewMs: 0.5 });
    await live.renew();
    await dying.renew();
    expect(live.held()).toBe(true);
    const ofLive = await openRun(live.id);
    const ofDead = await openRun(dying.id);
    await new Promise((r) => setTimeout(r, 20));

    const swept = await store.markInterrupted();
    expect(swept).toContain(ofDead.id);
    expect(swept).not.toContain(ofLive.id);
    expect((await store.getRun(ofLive.id))!.status).toBe('running');
    expect((await store.getRun(ofDead.id))!).toMatchObject({ status: 'interrupted', error: 'The server stopped during this run.' });
    // Every committed event kept, then the interruption.
    expect((await stored(store, ofDead.id)).map((e) => e.type)).toEqual(['run-started', 'agent-started', 'agent-delta', 'run-interrupted']);

    // The live instance goes on writing after the sweep, with its own seq numbers.
    await ofLive.owned.append(ofLive.id, [{ seq: 3, event: { type: 'agent-delta', t: 6, layer: 0, agent: 0, text: ' more' } }]);
    expect((await stored(store, ofLive.id)).length).toBe(4);

    // Once released (or expired), its runs are orphans too.
    await live.release();
    expect(live.held()).toBe(false);
    expect(await store.markInterrupted()).toContain(ofLive.id);
  });

  it('leases: concurrent sweepers close each orphaned run exactly once', async () => {
    const runs = await Promise.all([openRun(), openRun(), openRun()]);
    const sweepers = Array.from({ length: 4 }, () => createRunStore(handle.db, handle.batch));
    const results = await Promise.all(sweepers.map((s) => s.markInterrupted()));
    for (const { id } of runs) {
      expect(results.filter((r) => r.includes(id))).toHaveLength(1);
      const types = (await stored(store, id)).map((e) => e.type);
      expect(types.filter((t) => t === 'run-interrupted')).toHaveLength(1);
      expect(types.at(-1)).toBe('run-interrupted');
    }
  });

  it('leases: with one process to a database (PGlite), every run not its own is an orphan at once', async () => {
    const other = createLease(handle.db, newInstanceId(), { ttlMs: 60_000, renewMs: 20_000 });
    await other.renew();
    const self = newInstanceId();
    const theirs = await openRun(other.id);
    const mine = await openRun(self);
    const swept = await store.markInterrupted({ kind: 'not-mine', self });
    expect(swept).toContain(theirs.id);
    expect(swept).not.toContain(mine.id);
    expect(await store.markInterrupted({ kind: 'not-mine', self: 'nobody' })).toContain(mine.id);
    await other.release();
  });

  it('a shutdown interrupts the recordings still going: committed events, then run-interrupted, stored and sent; calls aborted', async () => {
    const { config, resolveModel, models } = setup([{ a: { text: LONG, delayMs: 20 } }, { agg: {} }]);
    let runId = '';
    let interrupting: Promise<number> | undefined;
    const streamed = await collect(record(config, resolveModel), (event) => {
      if (event.type === 'run-started') runId = event.runId!;
      if (event.type === 'agent-delta' && !interrupting) {
        expect(recordingsInProgress()).toBe(1);
        interrupting = interruptRecordings('The server shut down before this run finished.');
      }
    });
    expect(await interrupting).toBe(1);
    expect(recordingsInProgress()).toBe(0);
    expect(models.get('a')!.aborted).toBe(true);
    expect(streamed.at(-1)!.type).toBe('run-interrupted');
    expect(streamed.filter((e) => e.type === 'run-cancelled')).toEqual([]);
    const log = await stored(store, runId);
    expect(reduceEvents(log)).toEqual(reduceEvents(streamed));
    expect(await store.getRun(runId)).toMatchObject({ status: 'interrupted', error: 'The server shut down before this run finished.' });
    // Nothing is left for a sweeper.
    expect(await store.markInterrupted()).not.toContain(runId);
  });

  it('a follower that joins mid-run gets the run from its start, then live to its end', async () => {
    const { config, resolveModel } = setup([{ a: { text: LONG, delayMs: 10 } }, { agg: { text: 'Done.', delayMs: 5 } }]);
    let runId = '';
    let following: Promise<RunEvent[]> | undefined;
    const streamed = await collect(record(config, resolveModel), (event) => {
      if (event.type === 'run-started') runId = event.runId!;
      if (event.type === 'agent-delta' && !following) following = collect(followRun(store, runId));
    });
    const followed = await following!;
    expect(followed[0].type).toBe('run-started');
    expect(followed.at(-1)!.type).toBe('run-finished');
    expect(reduceEvents(followed)).toEqual(reduceEvents(streamed));
    // Following a finished run replays it and ends; `after` skips what the reader has.
    expect(reduceEvents(await collect(followRun(store, runId)))).toEqual(reduceEvents(streamed));
    const rest = await collect(followRun(store, runId, 1));
    expect(rest.length).toBe((await stored(store, runId)).length - 2);
  });

  it('lists runs per owner, newest first, and only the owner deletes (with its events)', async () => {
    const { config, resolveModel } = setup([{ solo: { text: 'One.' } }]);
    const mine1 = await collect(record(config, resolveModel, { owner: 'owner-list', prompt: 'First prompt' }));
    const mine2 = await collect(record(config, resolveModel, { owner: 'owner-list', prompt: 'Second prompt' }));
    await collect(record(config, resolveModel, { owner: 'someone-else', prompt: 'Not mine' }));
    const idOf = (events: RunEvent[]) => (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId!;

    const list = await store.listRuns('owner-list');
    expect(list.map((r) => r.prompt)).toEqual(['Second prompt', 'First prompt']);
    expect(list[0]).toMatchObject({ id: idOf(mine2), status: 'finished', presetId: 'moa-lite', shape: { layers: 1, calls: 1, models: ['mock:solo'] } });
    expect(list[0].totals?.usage?.outputTokens).toBe(5);

    expect(await store.deleteRun(idOf(mine1), 'someone-else')).toBe('forbidden');
    expect(await store.deleteRun(idOf(mine1), null)).toBe('forbidden');
    expect(await store.deleteRun(idOf(mine1), 'owner-list')).toBe('deleted');
    expect(await store.getRun(idOf(mine1))).toBeUndefined();
    expect(await store.allEvents(idOf(mine1))).toEqual([]);
    expect(await store.deleteRun(idOf(mine1), 'owner-list')).toBe('not-found');
    expect((await store.listRuns('owner-list')).map((r) => r.id)).toEqual([idOf(mine2)]);
  });

  it('stores text Postgres cannot hold (NUL) and never stores a credential quoted in an error', async () => {
    const failing = Object.assign(new Error('401 for https://user:hunter2@api.example.com: Authorization: Bearer sk-live-abcdef123456'), { statusCode: 401 });
    const { config, resolveModel } = setup([{ nul: { text: 'a\u0000b c' }, bad: { failWith: failing } }, { agg: {} }]);
    const events = await collect(record(config, resolveModel));
    const runId = (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId!;
    const view = reduceEvents(await stored(store, runId));
    expect(view.layers[0][0].text).toBe('ab c');
    const error = view.layers[0][1].error!;
    expect(error).toContain('401');
    expect(error).not.toContain('hunter2');
    expect(error).not.toContain('sk-live-abcdef123456');
  });

  it('exports a run as JSON (replayable) and as a Markdown report', async () => {
    const { config, resolveModel } = setup([{ a: { text: 'Alpha answer.' }, b: { text: 'Beta answer.' } }, { agg: { text: 'Final synthesis.' } }]);
    const events = await collect(record(config, resolveModel, { prompt: 'Compare alpha and beta' }));
    const runId = (events[0] as Extract<RunEvent, { type: 'run-started' }>).runId!;
    const { ownerHash: _, ...run } = (await store.getRun(runId))!;
    const log = await stored(store, runId);

    const json = JSON.parse(JSON.stringify(runToJson(run, log)));
    expect(json).toMatchObject({ id: runId, status: 'finished', prompt: 'Compare alpha and beta', config, finalText: 'Final synthesis.' });
    expect(reduceEvents(json.events)).toEqual(reduceEvents(events));
    expect(JSON.stringify(json)).not.toContain('owner');

    const md = runToMarkdown(run, log, `https://example.test/r/${runId}`);
    expect(md).toContain('> Compare alpha and beta');
    expect(md).toMatch(/## Final answer\n\nFinal synthesis\./);
    expect(md).toMatch(/## Layer 1 — Proposers[\s\S]*mock:a[\s\S]*Alpha answer\.[\s\S]*mock:b[\s\S]*Beta answer\.[\s\S]*## Layer 2 — Final aggregator[\s\S]*Final synthesis\./);
    expect(md).toContain('| 1 | 1 | `mock:a` | done | 10 | 5 |');
    expect(md).toContain('| **Total** | | | finished | 30 | 15 |');
  });
});

describe('run news across instances', () => {
  it('NOTIFY payloads hold each run id once, in payloads under 8000 bytes', () => {
    const ids = Array.from({ length: 700 }, () => newRunId());
    const payloads = notifyPayloads([...ids, ...ids]);
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.every((p) => Buffer.byteLength(p) < 8000)).toBe(true);
    expect(payloads.join(',').split(',')).toEqual(ids);
  });

  it.runIf(pgUrl)('on PostgreSQL, instances starting together on an empty database both come up: they migrate in turn', async () => {
    await emptyPostgres(pgUrl!);
    const handles = await Promise.all([openDatabase({ url: pgUrl }), openDatabase({ url: pgUrl }), openDatabase({ url: pgUrl })]);
    try {
      const store = createRunStore(handles[2].db, handles[2].batch);
      const { config } = setup([{ a: {} }]);
      await store.createRun({ id: newRunId(), prompt: 'After a concurrent start', config });
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
  });

  it.runIf(pgUrl)('on PostgreSQL, a commit by one instance wakes followers in another at once (LISTEN/NOTIFY), not at the next poll', async () => {
    const [writer, reader] = [await openDatabase({ url: pgUrl }), await openDatabase({ url: pgUrl })];
    try {
      if (reader.kind !== 'postgres') throw new Error('expected PostgreSQL');
      const heard: string[] = [];
      const unlisten = await reader.listen(RUN_NEWS_CHANNEL, (ids) => heard.push(...ids.split(',')));
      const store = createRunStore(writer.db, writer.batch, { notify: RUN_NEWS_CHANNEL });
      const { config } = setup([{ a: {} }]);
      const id = newRunId();
      await store.createRun({ id, prompt: 'Heard elsewhere', config });
      await store.append(id, [{ seq: 0, event: { type: 'run-started', t: 0, startedAt: new Date().toISOString(), config, prompt: 'Heard elsewhere', runId: id } }]);
      await expect.poll(() => heard, { timeout: 5000 }).toContain(id);
      await unlisten();
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});

describe('PGlite on disk', () => {
  it('creates its data folder on first use and keeps runs across restarts', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'moa-pglite-'));
    const dataDir = path.join(root, 'nested', 'pglite');
    try {
      const { config } = setup([{ solo: {} }]);
      const id = newRunId();
      let handle = await openDatabase({ dataDir, pgliteWorker: spawnPGliteWorker });
      await createRunStore(handle.db).createRun({ id, prompt: 'Kept', config });
      await handle.close();
      handle = await openDatabase({ dataDir, pgliteWorker: spawnPGliteWorker });
      expect((await createRunStore(handle.db).getRun(id))?.prompt).toBe('Kept');
      await handle.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
