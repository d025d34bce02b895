// Several instances on one PostgreSQL: two (and for one test three) `next start` processes of
// the production build share TEST_DATABASE_URL (npm run test:postgres; needs `npm run build`).
// They run the offline models at a slow pace, and the project's fake OpenAI-compatible server
// (tests/fake-openai/, through the model-call worker) where a test must set the pace as it goes;
// with a short lease, so that a killed instance's runs are closed within seconds. Each test speaks as a client of its own (X-Forwarded-For
// behind TRUST_PROXY=1), so their rate limits do not mix.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunEvents } from '@/lib/browser/read-stream';
import type { RunEvent } from '@/lib/moa/events';
import { reduceEvents, type RunView } from '@/lib/run-view';
import { startFakeOpenAI, type FakeOpenAIServer } from '../fake-openai/server';
import { withoutProviders } from '../isolated-env';

const pgUrl = process.env.TEST_DATABASE_URL;
const ROOT = path.join(import.meta.dirname, '../..');
const PORT_BASE = Number(process.env.INSTANCES_TEST_PORT ?? 3311);
const LEASE_TTL_MS = 4000;
// Rate-limit buckets outlive a suite in a reused database: each run of it speaks from new addresses.
const NET = `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
const client = (n: number) => `${NET}.${n}`;

type Server = { name: string; port: number; base: string; child: ChildProcess; log: () => string; env: Record<string, string> };
const servers: Server[] = [];
let fake: FakeOpenAIServer;


function start(name: string, port: number, extraEnv: Record<string, string> = {}): Server {
  let log = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...withoutProviders(),
    NODE_ENV: 'production' as const,
    DATABASE_URL: pgUrl!,
    DATA_DIR: '',
    OFFLINE_TOKENS_PER_SECOND: '25',
    OFFLINE_FIRST_TOKEN_MS: '50',
    LEASE_TTL_MS: String(LEASE_TTL_MS),
    LEASE_RENEW_MS: '500',
    TRUST_PROXY: '1',
    RUN_BURST: '10',
    RUNS_PER_MINUTE: '0',
    OPENAI_COMPATIBLE_BASE_URL: fake.url,
    OPENAI_COMPATIBLE_NAME: 'fake',
    OPENAI_COMPATIBLE_API_KEY: 'fake-test-key',
    OPENAI_COMPATIBLE_MODELS: 'paced',
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const server: Server = { name, port, base: `http://127.0.0.1:${port}`, child, log: () => log, env: extraEnv };
  servers.push(server);
  return server;
}

/** Ready: serving, migrated, leased, working the job queue. */
async function ready(server: Server) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited (${server.child.exitCode}):\n${server.log()}`);
    try {
      if ((await fetch(`${server.base}/api/ready`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${server.name} did not get ready:\n${server.log()}`);
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve({ code: child.exitCode, signal: child.signalCode }) : child.once('exit', (code, signal) => resolve({ code, signal })),
  );

async function kill(server: Server, signal: NodeJS.Signals) {
  server.child.kill(signal);
  return exited(server.child);
}

const LONG = {
  layers: [
    { agents: ['offline:concise', 'offline:stepwise'].map((model) => ({ model, maxOutputTokens: 120 })) },
    { agents: [{ model: 'offline:synth', maxOutputTokens: 60 }] },
  ],
};
/** Six layers of `fake:paced`, one call after another: as long as the test keeps that model slow. */
const PACED = { layers: Array.from({ length: 6 }, () => ({ agents: [{ model: 'fake:paced', maxOutputTokens: 200 }] })) };
const SLOW = { text: Array.from({ length: 25 }, (_, i) => `slow${i}`).join(' '), tokensPerSecond: 3, firstTokenMs: 50 };
const FAST = { text: 'Quick now.', tokensPerSecond: 1000, firstTokenMs: 0 };
const TINY = { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 3 }] }] };

const post = (server: Server, client: string, config: unknown, signal?: AbortSignal) =>
  fetch(`${server.base}/api/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ config, prompt: 'How do tides work, and why are there two a day?' }),
    signal,
  });

/** Reads a run stream until `until` says so (or it ends); the rest of it stays readable. */
async function readUntil(events: AsyncGenerator<RunEvent>, seen: RunEvent[], until: (view: RunView) => boolean): Promise<RunView> {
  for (;;) {
    const next = await events.next();
    if (next.done) break;
    seen.push(next.value);
    if (until(reduceEvents(seen))) break;
  }
  return reduceEvents(seen);
}

const proposersWrote = (view: RunView) => (view.layers[0] ?? []).length > 0 && view.layers[0].every((a) => a.text.length > 20);

/** What a reader sees of a run: each agent's status and text, the run's status. (The HTTP stream joins deltas, so events differ in number.) */
const shown = (view: RunView) => ({ status: view.status, agents: view.layers.map((layer) => layer.map((agent) => ({ status: agent.status, text: agent.text }))) });

async function stored(server: Server, id: string) {
  const run = (await (await fetch(`${server.base}/api/runs/${id}`)).json()).run;
  const events = (await (await fetch(`${server.base}/api/runs/${id}/events`)).json()).events as RunEvent[];
  return { run, events };
}

describe.runIf(pgUrl)('several instances on one PostgreSQL', () => {
  let a: Server;
  let b: Server;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('No production build: run `npm run build` (or `npm run build:canary`) first.');
    fake = await startFakeOpenAI({ apiKey: 'fake-test-key', models: { paced: FAST } });
    a = start('A', PORT_BASE);
    b = start('B', PORT_BASE + 1);
    await Promise.all([ready(a), ready(b)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => (s.child.exitCode === null && s.child.signalCode === null ? kill(s, 'SIGKILL') : null)));
    await fake?.close();
  });

  it('B restarted mid-run: A’s run streams on and finishes untouched', async () => {
    // Slow until B is back (a restart takes seconds on a busy machine), then fast to the end.
    fake.setModel('paced', SLOW);
    const response = await post(a, client(1), PACED);
    expect(response.status).toBe(200);
    const events = readRunEvents(response.body!);
    const seen: RunEvent[] = [];
    const before = await readUntil(events, seen, (view) => (view.layers[0]?.[0]?.text.length ?? 0) > 10);
    expect(before.status).toBe('running');

    // A restart of B: stopped, started again (its start sweeps for orphans), ready.
    expect((await kill(b, 'SIGTERM')).signal).toBeNull();
    b = await ready(start('B', PORT_BASE + 1));
    // B swept at its start and sweeps again every 500 ms: a few of those, while A's run still streams.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await stored(b, before.runId!)).run.status).toBe('running');
    fake.setModel('paced', FAST);

    const after = await readUntil(events, seen, () => false);
    expect(after.status).toBe('finished');
    expect(after.layers).toHaveLength(6);
    const { run, events: log } = await stored(b, before.runId!);
    expect(run.status).toBe('finished');
    expect(log.map((e) => e.type)).not.toContain('run-interrupted');
    expect(shown(reduceEvents(log))).toEqual(shown(after));
  }, 180_000);

  it('a run started on A is followed live from B: deltas arrive before the run ends, woken by NOTIFY rather than the 1 s poll', async () => {
    fake.setModel('paced', { text: Array.from({ length: 20 }, (_, i) => `word${i}`).join(' '), tokensPerSecond: 8, firstTokenMs: 50 });
    const response = await post(a, client(7), { layers: [{ agents: [{ model: 'fake:paced', maxOutputTokens: 100 }] }, { agents: [{ model: 'fake:paced', maxOutputTokens: 100 }] }] });
    const events = readRunEvents(response.body!);
    const seen: RunEvent[] = [];
    const started = await readUntil(events, seen, (view) => !!view.runId);
    const chars = (view: RunView) => view.layers.flat().reduce((n, agent) => n + agent.text.length, 0);

    // Both sides at once: when each saw how much text.
    const onA: { t: number; chars: number }[] = [];
    const onB: { t: number; chars: number; running: boolean }[] = [];
    const readA = (async () => {
      for (;;) {
        const next = await events.next();
        if (next.done) return;
        seen.push(next.value);
        onA.push({ t: performance.now(), chars: chars(reduceEvents(seen)) });
      }
    })();
    const followed = await fetch(`${b.base}/api/runs/${started.runId}/stream`, { headers: { 'x-forwarded-for': client(7) } });
    expect(followed.status).toBe(200);
    const onBEvents: RunEvent[] = [];
    for await (const event of readRunEvents(followed.body!)) {
      onBEvents.push(event);
      const view = reduceEvents(onBEvents);
      onB.push({ t: performance.now(), chars: chars(view), running: view.status === 'running' });
    }
    await readA;

    expect(reduceEvents(onBEvents).status).toBe('finished');
    expect(shown(reduceEvents(onBEvents))).toEqual(shown(reduceEvents(seen)));
    // Live: text reached B while the run was still going.
    const liveOnB = onB.filter((e) => e.running && e.chars > 0 && e.chars > onB[0].chars);
    expect(liveOnB.length).toBeGreaterThan(3);
    const delays = liveOnB
      .map((e) => e.t - (onA.find((x) => x.chars >= e.chars)?.t ?? e.t))
      .sort((x, y) => x - y);
    const p50 = delays[Math.floor(delays.length / 2)];
    // A figure, not an assert (timings belong in bench/): a 1 s poll would put the median near half a second.
    console.log(`follow across instances: ${delays.length} updates, delay p50 ${p50.toFixed(0)} ms, max ${delays.at(-1)!.toFixed(0)} ms`);
  }, 120_000);

  it('A killed with kill -9: B marks its run interrupted once A’s lease has run out, keeping every committed event', async () => {
    const response = await post(a, client(2), LONG);
    expect(response.status).toBe(200);
    const seen: RunEvent[] = [];
    const view = await readUntil(readRunEvents(response.body!), seen, proposersWrote);
    await kill(a, 'SIGKILL');
    const id = view.runId!;

    // A's lease was renewed at most LEASE_RENEW_MS ago: it still stands, and B leaves the run alone.
    expect((await stored(b, id)).run.status).toBe('running');
    await expect.poll(async () => (await stored(b, id)).run.status, { timeout: 30_000, interval: 250 }).toBe('interrupted');

    const { run, events: log } = await stored(b, id);
    expect(run.error).toBe('The server stopped during this run.');
    // Write-ahead: everything the client was sent is stored, then exactly one interruption.
    expect(log.filter((e) => e.type === 'run-interrupted')).toHaveLength(1);
    expect(log.at(-1)!.type).toBe('run-interrupted');
    const kept = reduceEvents(log);
    for (const [i, agent] of view.layers[0].entries()) expect(kept.layers[0][i].text.startsWith(agent.text)).toBe(true);
    expect(kept.status).toBe('interrupted');

    a = await ready(start('A', PORT_BASE));
  }, 180_000);

  it('limits are shared: 11 run starts over A and B from one client with a burst of 10 → the 11th is 429; run slots count across both', async () => {
    const one = client(3);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await post(i % 2 ? b : a, one, TINY);
      statuses.push(response.status);
      if (response.ok) for await (const _ of readRunEvents(response.body!));
      else expect(await response.json()).toMatchObject({ error: 'Too many runs from your address.', code: 'rate_limit:requests' });
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);

    // 4 runs at once per client (the default), counted over both instances.
    const other = client(4);
    const stop = new AbortController();
    const open = await Promise.all([a, b, a, b].map((s) => post(s, other, LONG, stop.signal)));
    expect(open.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const fifth = await post(b, other, LONG);
    expect(fifth.status).toBe(429);
    expect(await fifth.json()).toMatchObject({ error: 'You already have 4 runs going.', code: 'rate_limit:runs' });
    stop.abort();
  }, 180_000);

  it('SIGTERM mid-run: no new runs (503), the running one finishes within the grace period, then a clean exit; past the grace, runs are interrupted', async () => {
    const c = await ready(start('C', PORT_BASE + 2, { SHUTDOWN_GRACE_MS: '30000' }));
    const response = await post(c, client(5), LONG);
    expect(response.status).toBe(200);
    const events = readRunEvents(response.body!);
    const seen: RunEvent[] = [];
    await readUntil(events, seen, proposersWrote);

    c.child.kill('SIGTERM');
    await expect.poll(async () => (await fetch(`${c.base}/api/ready`)).status, { timeout: 10_000, interval: 100 }).toBe(503);
    const refused = await post(c, client(5), TINY);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ code: 'unavailable:shutting-down' });

    const end = await readUntil(events, seen, () => false);
    expect(end.status).toBe('finished');
    expect(await exited(c.child)).toMatchObject({ signal: null });
    expect(c.log()).toContain('[server] shut down cleanly.');
    expect((await stored(a, end.runId!)).run.status).toBe('finished');

    // A grace too short for the run: it is closed as interrupted, by its own server, and its client is told.
    const d = await ready(start('D', PORT_BASE + 2, { SHUTDOWN_GRACE_MS: '500' }));
    const cut = await post(d, client(6), LONG);
    const cutSeen: RunEvent[] = [];
    const cutEvents = readRunEvents(cut.body!);
    await readUntil(cutEvents, cutSeen, proposersWrote);
    d.child.kill('SIGTERM');
    const cutEnd = await readUntil(cutEvents, cutSeen, () => false);
    expect(cutEnd.status).toBe('interrupted');
    expect(cutSeen.at(-1)!.type).toBe('run-interrupted');
    expect(await exited(d.child)).toMatchObject({ signal: null });
    const { run, events: log } = await stored(a, cutEnd.runId!);
    expect(run).toMatchObject({ status: 'interrupted', error: 'The server shut down before this run finished.' });
    expect(shown(reduceEvents(log))).toEqual(shown(cutEnd));
  }, 240_000);
});
