import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startFakeOpenAI, type FakeOpenAIServer, type RecordedRequest } from '../fake-openai/server';
import { withoutProviders } from '../isolated-env';

// A server of this test's own (5000 + 10 × the checkout's port offset + 2), killed with kill -9, and
// a fake provider of its own in this process: it outlives the server, so its request log spans both.
const PORT = 5002 + Number(process.env.E2E_PORT_OFFSET ?? 0) * 10;
const BASE = `http://127.0.0.1:${PORT}`;

const PROMPTS = ['Why is the sky blue?', 'How do tides work?', 'What is a prime number?', 'How do I brew green tea?', 'Why do cats purr?', 'What is inflation?', 'How does a bicycle stay upright?', 'What causes seasons?'];
// Each configuration's models are its own, so a request names its unit: the model says the
// configuration (or the judge), the prompt in its messages says the item.
const CALLS: Record<string, Record<string, number>> = {
  'run:0': { 'crash-single': 1 },
  'run:1': { 'crash-p1': 1, 'crash-p2': 1, 'crash-agg': 1 },
  'judge:1': { 'crash-judge': 2 },
};
const agent = (model: string) => ({ model: `fake:${model}`, maxOutputTokens: 120 });
const spec = {
  set: { id: 'eight', name: 'Eight', description: 'Eight short questions.', items: PROMPTS.map((prompt, i) => ({ id: `q${i + 1}`, prompt })) },
  configs: [
    { id: 'single', label: 'Single', config: { layers: [{ agents: [agent('crash-single')] }] } },
    { id: 'lite', label: 'Lite', config: { layers: [{ agents: [agent('crash-p1'), agent('crash-p2')] }, { agents: [agent('crash-agg')] }] } },
  ],
  judge: { model: 'fake:crash-judge' },
  concurrency: 2,
};

function startServer(dataDir: string, fake: FakeOpenAIServer): { child: ChildProcess; ready: Promise<void> } {
  let log = '';
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      ...withoutProviders(),
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      RUN_BURST: '1000',
      OPENAI_COMPATIBLE_BASE_URL: fake.url,
      OPENAI_COMPATIBLE_NAME: 'fake',
      OPENAI_COMPATIBLE_MODELS: Object.values(CALLS).flatMap(Object.keys).join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const ready = (async () => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
      if (await fetch(`${BASE}/api/models`).then((r) => r.ok, () => false)) return;
    }
    throw new Error(`The server did not start:\n${log}`);
  })();
  return { child, ready };
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));

/** The model calls a unit made, by model: its configuration's (or the judge's) models, with its item's prompt. */
function callsOf(requests: RecordedRequest[], key: string): Record<string, number> {
  const [kind, item, config] = key.split(':');
  const calls: Record<string, number> = {};
  for (const model of Object.keys(CALLS[`${kind}:${config}`])) {
    calls[model] = requests.filter((r) => r.model === model && JSON.stringify(r.body.messages).includes(PROMPTS[Number(item)])).length;
  }
  return calls;
}

type Unit = { key: string; status: string; runId: string | null };

test('an evaluation on an HTTP provider survives kill -9: it resumes, and the provider sees every unit’s calls exactly once, none again after it was done', async () => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-eval-crash-'));
  // ~0.5 s a call: the kill lands with some units done and others under way.
  const pace = { firstTokenMs: 100, tokensPerSecond: 40 };
  const text = Array.from({ length: 16 }, (_, i) => `word${i}`).join(' ');
  const fake = await startFakeOpenAI({
    models: {
      ...Object.fromEntries(['crash-single', 'crash-p1', 'crash-p2', 'crash-agg'].map((m) => [m, { ...pace, text: `${m}: ${text}` }])),
      'crash-judge': { ...pace, text: 'Verdict: B\nRationale: B is more complete.' },
    },
  });
  let server = startServer(dataDir, fake);
  try {
    await server.ready;
    const created = await fetch(`${BASE}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    expect(created.status).toBe(201);
    const cookie = created.headers.get('set-cookie')!.split(';')[0];
    const { id } = (await created.json()) as { id: string };
    const units = async () => ((await (await fetch(`${BASE}/api/evaluations/${id}`, { headers: { cookie } })).json()) as { units: Unit[]; evaluation: { status: string } });

    // Kill it once a few units are done and others are under way.
    await expect.poll(async () => (await units()).units.filter((u) => u.status === 'done').length, { timeout: 60_000, intervals: [200] }).toBeGreaterThanOrEqual(4);
    const before = (await units()).units;
    expect(before.some((u) => u.status !== 'done')).toBe(true);
    server.child.kill('SIGKILL');
    await exited(server.child);
    // Every request from here on is the restarted server's.
    const killedAt = fake.requests.length;
    expect(killedAt).toBeGreaterThan(0);

    server = startServer(dataDir, fake);
    await server.ready;
    await expect.poll(async () => (await units()).evaluation.status, { timeout: 90_000, intervals: [500] }).toBe('finished');
    const after = (await units()).units;
    expect(after).toHaveLength(24);
    expect(after.every((u) => u.status === 'done')).toBe(true);

    const restarted = fake.requests.slice(killedAt);
    expect(restarted.length).toBeGreaterThan(0);
    const doneBefore = new Set(before.filter((u) => u.status === 'done').map((u) => u.key));
    for (const unit of after) {
      const [kind, , config] = unit.key.split(':');
      const expected = CALLS[`${kind}:${config}`];
      const none = Object.fromEntries(Object.keys(expected).map((m) => [m, 0]));
      const sinceRestart = callsOf(restarted, unit.key);
      if (doneBefore.has(unit.key)) {
        // Done before the kill: the provider saw it exactly once in all, and never after the restart.
        expect(sinceRestart, `${unit.key} after the restart`).toEqual(none);
        expect(callsOf(fake.requests, unit.key), unit.key).toEqual(expected);
        expect(unit.runId).toBe(before.find((u) => u.key === unit.key)!.runId);
      } else if (Object.values(sinceRestart).some(Boolean)) {
        // Under way or waiting at the kill: the restarted server made its calls once (an attempt the kill cut short came before).
        expect(sinceRestart, `${unit.key} after the restart`).toEqual(expected);
      } else {
        // Done in the moment between the last look and the kill: all its calls came before.
        expect(callsOf(fake.requests.slice(0, killedAt), unit.key), unit.key).toEqual(expected);
      }
    }
    // Every call after the restart is one of those.
    const unitCalls = after.reduce((sum, u) => sum + Object.values(callsOf(restarted, u.key)).reduce((a, b) => a + b, 0), 0);
    expect(unitCalls).toBe(restarted.length);

    // Every item ran to the end exactly once per configuration; a run the kill cut short is kept, marked interrupted.
    const runs = ((await (await fetch(`${BASE}/api/runs?limit=200`, { headers: { cookie } })).json()) as { runs: { id: string; status: string }[] }).runs;
    const finished = runs.filter((r) => r.status === 'finished').map((r) => r.id).sort();
    const unitRuns = after.filter((u) => u.key.startsWith('run:')).map((u) => u.runId).sort();
    expect(finished).toEqual(unitRuns);
    expect(finished).toHaveLength(16);
    expect(runs.filter((r) => r.status !== 'finished').every((r) => r.status === 'interrupted')).toBe(true);
  } finally {
    server.child.kill('SIGKILL');
    await exited(server.child);
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
