import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { RunEvent } from '../../lib/moa/events';
import { reduceEvents, type RunView } from '../../lib/run-view';
import { readRunEvents } from '../../lib/browser/read-stream';
import { withoutProviders } from '../isolated-env';

// A server of this test's own (5000 + 10 × the checkout's port offset), on a data folder of its own.
const PORT = 5000 + Number(process.env.E2E_PORT_OFFSET ?? 0) * 10;
const BASE = `http://127.0.0.1:${PORT}`;

function startServer(dataDir: string): { child: ChildProcess; ready: Promise<void>; log: () => string } {
  let log = '';
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
    env: { ...process.env, ...withoutProviders(), DATABASE_URL: '', DATA_DIR: dataDir, OFFLINE_TOKENS_PER_SECOND: '12', OFFLINE_FIRST_TOKEN_MS: '50' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const ready = (async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${log}`);
      try {
        if ((await fetch(`${BASE}/api/models`)).ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`The server did not start:\n${log}`);
  })();
  return { child, ready, log: () => log };
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));

const config = {
  layers: [
    { agents: ['offline:concise', 'offline:stepwise', 'offline:sceptic', 'offline:explainer'].map((model) => ({ model, maxOutputTokens: 400 })) },
    { agents: [{ model: 'offline:synth', maxOutputTokens: 400 }] },
  ],
};

test('a server killed mid-run (kill -9) comes back with the run marked interrupted and every streamed text kept', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-crash-'));
  let server = startServer(dataDir);
  try {
    await server.ready;
    const response = await fetch(`${BASE}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config, prompt: 'How do tides work, and why are there two a day?' }),
    });
    expect(response.status).toBe(200);

    // Read the stream until every proposer has shown some text, then kill the server outright.
    const events: RunEvent[] = [];
    let seen: RunView = reduceEvents([]);
    for await (const event of readRunEvents(response.body!)) {
      events.push(event);
      seen = reduceEvents([event], seen);
      const proposers = seen.layers[0] ?? [];
      if (proposers.length && proposers.every((a) => a.text.length > 40) && proposers.some((a) => a.status === 'streaming')) break;
    }
    server.child.kill('SIGKILL');
    await exited(server.child);
    const runId = seen.runId!;
    expect(runId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(seen.status).toBe('running');

    server = startServer(dataDir);
    await server.ready;
    const run = (await (await fetch(`${BASE}/api/runs/${runId}`)).json()).run;
    expect(run.status).toBe('interrupted');

    const stored = reduceEvents((await (await fetch(`${BASE}/api/runs/${runId}/events`)).json()).events);
    expect(stored.status).toBe('interrupted');
    for (const [i, agent] of seen.layers[0].entries()) {
      const kept = stored.layers[0][i];
      // Everything streamed to the client before the kill was on disk.
      expect(kept.text.startsWith(agent.text), `proposer ${i + 1}`).toBe(true);
      expect(kept.text.length).toBeGreaterThan(40);
      expect(['done', 'failed']).toContain(kept.status);
      if (kept.status === 'failed') expect(kept.error).toMatch(/Interrupted/);
    }
    expect(stored.layers.flat().filter((a) => a.status === 'streaming' || a.status === 'waiting')).toEqual([]);

    // The share page shows it as it was left: nothing still "streaming".
    await page.goto(`${BASE}/r/${runId}`);
    await expect(page.getByTestId('final-answer')).toHaveAttribute('data-status', 'interrupted');
    await expect(page.getByTestId('final-answer')).toContainText('The server stopped during this run');
    await expect(page.locator('[data-testid=agent-cell][data-status=streaming], [data-testid=agent-cell][data-status=waiting]')).toHaveCount(0);
    const failed = page.locator('[data-testid=agent-cell][data-status=failed]');
    expect(await failed.count()).toBeGreaterThan(0);
    await expect(failed.first().getByTestId('agent-error')).toContainText('Interrupted');
    const firstCell = page.locator('[data-testid=agent-cell][data-layer="1"][data-agent="1"]').getByTestId('agent-text');
    expect((await firstCell.innerText()).length).toBeGreaterThan(40);
  } finally {
    server.child.kill('SIGTERM');
    await exited(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a server killed (kill -9) during turn 2 of a conversation keeps turn 1 whole and turn 2’s streamed text, interrupted', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-crash-'));
  let server = startServer(dataDir);
  try {
    await server.ready;
    // The owner cookie the server issues on a first request: only the owner may follow up.
    const cookie = (await fetch(`${BASE}/api/models`)).headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const start = (body: object) => fetch(`${BASE}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ config, ...body }) });

    let first: RunView = reduceEvents([]);
    for await (const event of readRunEvents((await start({ prompt: 'What makes sourdough rise?' })).body!)) first = reduceEvents([event], first);
    expect(first.status).toBe('finished');

    const second = await start({ prompt: 'And why does it taste sour?', parentRunId: first.runId });
    expect(second.status).toBe(200);
    let seen: RunView = reduceEvents([]);
    for await (const event of readRunEvents(second.body!)) {
      seen = reduceEvents([event], seen);
      if ((seen.layers[0] ?? []).some((a) => a.text.length > 40)) break;
    }
    server.child.kill('SIGKILL');
    await exited(server.child);
    expect(seen.history?.map((m) => m.content)).toEqual(['What makes sourdough rise?', first.finalText]);

    server = startServer(dataDir);
    await server.ready;
    const turns = (await (await fetch(`${BASE}/api/runs/${seen.runId}/conversation`)).json()).turns as { id: string; events: RunEvent[] }[];
    expect(turns.map((t) => t.id)).toEqual([first.runId, seen.runId]);
    const [kept1, kept2] = turns.map((t) => reduceEvents(t.events));
    expect(kept1.status).toBe('finished');
    expect(kept1.finalText).toBe(first.finalText);
    expect(kept2.status).toBe('interrupted');
    for (const [i, agent] of seen.layers[0].entries()) expect(kept2.layers[0][i].text.startsWith(agent.text), `proposer ${i + 1}`).toBe(true);

    // Its page shows the conversation: turn 1 before it, turn 2 as it was left.
    await page.goto(`${BASE}/r/${seen.runId}`);
    await expect(page.getByTestId('conversation-turn')).toHaveCount(1);
    await expect(page.getByTestId('conversation-turn')).toContainText('What makes sourdough rise?');
    await expect(page.getByTestId('final-answer')).toHaveAttribute('data-status', 'interrupted');
  } finally {
    server.child.kill('SIGTERM');
    await exited(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
