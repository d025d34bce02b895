/**
 * Benchmark 3 — concurrent runs: 50 concurrent 3-layer (4-4-1) runs on one `next start`
 * process against the fake provider (and, first, 5: the load this machine serves on target). The fake server stamps every chunk with its send time;
 * the client side (this process, same clock) measures when each stamp arrives in the run
 * stream. Figures: p50/p99 delivery delay, peak RSS of the server, errors — and (benchmark 5,
 * storage) how many run events per second the server wrote to its PGlite database meanwhile:
 * recording is write-ahead, so the delays above already include it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { readRunEvents } from '../lib/browser/read-stream';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { startApp } from './app-server';
import { percentile, report, round } from './lib';

const RUNS = Number(process.env.BENCH_CONCURRENT_RUNS ?? 50);
// A lighter load on the same server, measured first: where the delay target holds on this machine.
const LIGHT_RUNS = Number(process.env.BENCH_LIGHT_RUNS ?? 5);
const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
const fake = await startFakeOpenAI({
  port: Number(process.env.BENCH_FAKE_PORT ?? 4290),
  models: { 'bench-stamped': { text: words, firstTokenMs: 100, tokensPerSecond: 25, stampChunks: true } },
});
// Runs are recorded into a fresh PGlite folder, or into PostgreSQL with BENCH_DATABASE_URL.
const databaseUrl = process.env.BENCH_DATABASE_URL ?? '';
const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-bench-runs-'));
const app = await startApp(Number(process.env.BENCH_PORT ?? 3291), {
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  RUN_BURST: '1000',
  RUNS_PER_MINUTE: '1000',
  MAX_CONCURRENT_RUNS_PER_CLIENT: '1000',
  MAX_CONCURRENT_RUNS: '1000',
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_NAME: 'fake',
  OPENAI_COMPATIBLE_MODELS: 'bench-stamped',
});

const agent = { model: 'fake:bench-stamped', maxOutputTokens: 512 };
const body = JSON.stringify({
  config: { layers: [{ agents: [agent, agent, agent, agent] }, { agents: [agent, agent, agent, agent] }, { agents: [agent] }] },
  prompt: 'Benchmark: concurrent runs.',
});
const now = () => performance.timeOrigin + performance.now();
const STAMP = /⟦(\d+\.\d+)⟧/g;

const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))?.[1] ?? 0);
// utime + stime of the server (all its threads), in ms: /proc/<pid>/stat counts clock ticks of 10 ms.
const serverCpuMs = () => {
  const fields = readFileSync(`/proc/${app.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
let peakRssKb = 0;
const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, rssKb())), 100);

let delays: number[] = [];
let errors = 0;
async function oneRun() {
  try {
    const response = await fetch(`${app.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': process.env.BENCH_ENCODING ?? 'gzip, deflate' }, body });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    let finished = false;
    for await (const event of readRunEvents(response.body)) {
      if (event.type === 'agent-delta') {
        const arrived = now();
        for (const [, sent] of event.text.matchAll(STAMP)) delays.push(arrived - Number(sent));
      } else if (event.type === 'run-finished') finished = true;
      else if (event.type === 'run-failed' || event.type === 'agent-failed') throw new Error(event.error);
    }
    if (!finished) throw new Error('stream ended without run-finished');
  } catch (error) {
    errors++;
    console.error('run error:', error instanceof Error ? error.message : error);
  }
}

let wallMs = 0;
let idleRssKb = 0;
let cpuMs = 0;
let benchCpuMs = 0;
let light: number[] = [];
try {
  // A round unmeasured first: the server loads the route's code on its first request, then warms up.
  const warmUp = () => fetch(`${app.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
  await Promise.all(Array.from({ length: LIGHT_RUNS }, warmUp));
  idleRssKb = rssKb();
  await Promise.all(Array.from({ length: LIGHT_RUNS }, oneRun));
  [light, delays] = [delays, []];
  const cpuBefore = serverCpuMs();
  const benchCpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: RUNS }, oneRun));
  wallMs = performance.now() - started;
  cpuMs = serverCpuMs() - cpuBefore;
  const benchCpu = process.cpuUsage(benchCpuBefore);
  benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
} finally {
  clearInterval(sampler);
  await app.stop();
  await fake.close();
}
const wallS = round(wallMs / 1000, 1);

// What the server stored, read once it has stopped (PGlite allows one process at a time).
const COUNTS = 'select (select count(*) from run_events)::int as events, (select count(*) from runs)::int as stored';
let events = 0;
let stored = 0;
if (databaseUrl) {
  const sql = postgres(databaseUrl, { max: 1 });
  [{ events, stored }] = await sql.unsafe<{ events: number; stored: number }[]>(COUNTS);
  await sql.end();
} else {
  const db = new PGlite(dataDir);
  ({ events, stored } = (await db.query<{ events: number; stored: number }>(COUNTS)).rows[0]);
  await db.close();
}
rmSync(dataDir, { recursive: true, force: true });
const storage = databaseUrl ? 'PostgreSQL' : 'PGlite';
const eventsPerSecond = round(events / (wallMs / 1000), 0);
const p50 = round(percentile(delays, 50), 1);
const p99 = round(percentile(delays, 99), 1);
const rssMb = round(peakRssKb / 1024, 0);
const lightP99 = round(percentile(light, 99), 1);
// Where the time goes: the server's CPU per delta (the fake provider and the clients run here, not there).
const cpuPerDeltaUs = round((cpuMs * 1000) / Math.max(1, delays.length), 0);
const cpuShare = round((100 * cpuMs) / wallMs, 0);
const benchCpuShare = round((100 * benchCpuMs) / wallMs, 0);
report(
  'concurrent-runs',
  [
    { name: `delta delivery delay p50 (${RUNS} concurrent 4-4-1 runs, recorded to ${databaseUrl ? 'PostgreSQL' : 'PGlite'})`, value: p50, unit: 'ms' },
    { name: 'delta delivery delay p99', value: p99, unit: 'ms', target: '< 50 ms', met: p99 < 50 },
    { name: 'peak RSS of the server', value: rssMb, unit: 'MB', target: '< 500 MB', met: rssMb < 500 },
    { name: `delta delivery delay p50 / p99 at ${LIGHT_RUNS} concurrent runs`, value: round(percentile(light, 50), 1), unit: `/ ${lightP99} ms`, target: 'p99 < 50 ms', met: lightP99 < 50 },
    { name: 'RSS of the server before the runs (after the warm-up)', value: round(idleRssKb / 1024, 0), unit: 'MB' },
    { name: 'errors', value: errors, unit: '', target: '0', met: errors === 0 },
    { name: 'server CPU per delta delivered (all threads)', value: cpuPerDeltaUs, unit: 'µs' },
    { name: 'server CPU use during the runs (200% = both cores)', value: cpuShare, unit: '%' },
    { name: 'this process (fake provider + clients) CPU use meanwhile', value: benchCpuShare, unit: '%' },
    { name: `run events written to ${storage} per second, during the above`, value: eventsPerSecond, unit: 'events/s' },
    { name: 'runs stored', value: stored, unit: `of ${RUNS + 2 * LIGHT_RUNS}`, target: 'all', met: stored === RUNS + 2 * LIGHT_RUNS },
  ],
  { runs: RUNS, deltasMeasured: delays.length, wallSeconds: wallS, eventsStored: events },
);
