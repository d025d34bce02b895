/**
 * Follow across instances: two `next start` processes on one PostgreSQL; runs start on A and
 * are followed live from B (a share link served by another instance). The fake provider stamps
 * every chunk with its send time; each text delta's delay to A's own client and to B's follower
 * is measured on one clock. The difference is what following through the database adds
 * (commit on A, NOTIFY, B reading the new events).
 */
import { readRunEvents } from '../lib/browser/read-stream';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { startApp } from './app-server';
import { percentile, report, round } from './lib';
import { startPostgres } from './postgres';

const RUNS = Number(process.env.BENCH_FOLLOW_RUNS ?? 5);
const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
const fake = await startFakeOpenAI({
  port: Number(process.env.BENCH_FAKE_PORT ?? 4294),
  models: { 'bench-stamped': { text: words, firstTokenMs: 50, tokensPerSecond: 30, stampChunks: true } },
});
const pg = startPostgres(Number(process.env.BENCH_PG_PORT ?? 55439));
const env = {
  DATABASE_URL: pg.url,
  DATA_DIR: '',
  RUN_BURST: '1000',
  RUNS_PER_MINUTE: '1000',
  MAX_CONCURRENT_RUNS_PER_CLIENT: '1000',
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_NAME: 'fake',
  OPENAI_COMPATIBLE_MODELS: 'bench-stamped',
};
const basePort = Number(process.env.BENCH_PORT ?? 3295);
const a = await startApp(basePort, env);
const b = await startApp(basePort + 1, env);
const now = () => performance.timeOrigin + performance.now();
const STAMP = /⟦(\d+\.\d+)⟧/g;

const agent = { model: 'fake:bench-stamped', maxOutputTokens: 512 };
const body = JSON.stringify({ config: { layers: [{ agents: [agent, agent, agent] }, { agents: [agent] }] }, prompt: 'Benchmark: following across instances.' });
const viaA: number[] = [];
const viaB: number[] = [];
/** From B's follow request to its first event: the follower joining, apart from the steady delay. */
const joinB: number[] = [];
let errors = 0;

async function collect(stream: ReadableStream<Uint8Array>, into: number[], joinFrom?: number) {
  let finished = false;
  for await (const event of readRunEvents(stream)) {
    if (joinFrom !== undefined) joinB.push(now() - joinFrom), (joinFrom = undefined);
    if (event.type === 'agent-delta') {
      const arrived = now();
      for (const [, sent] of event.text.matchAll(STAMP)) into.push(arrived - Number(sent));
    } else if (event.type === 'run-finished') finished = true;
  }
  if (!finished) throw new Error('the stream ended without run-finished');
}

async function oneRun() {
  try {
    const response = await fetch(`${a.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!response.ok || !response.body) throw new Error(`A answered HTTP ${response.status}`);
    const [own, copy] = response.body.tee();
    // The run id is in the first event: B follows from there on.
    const reader = copy.getReader();
    let head = '';
    while (!/"runId":"([A-Za-z0-9_-]{22})"/.test(head)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('no run id');
      head += new TextDecoder().decode(value);
    }
    void reader.cancel();
    const runId = /"runId":"([A-Za-z0-9_-]{22})"/.exec(head)![1];
    const joinFrom = now();
    const follow = await fetch(`${b.url}/api/runs/${runId}/stream`);
    if (!follow.ok || !follow.body) throw new Error(`B answered HTTP ${follow.status}`);
    await Promise.all([collect(own, viaA), collect(follow.body, viaB, joinFrom)]);
  } catch (error) {
    errors++;
    console.error('run error:', error instanceof Error ? error.message : error);
  }
}

try {
  // Warm-up at the measured concurrency: a fresh server's first requests run cold code (V8 compiles it
  // on first use) and took 40–420 ms to answer a follower (2026-12-05); a server that has served a few runs does not.
  for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: RUNS }, oneRun));
  viaA.length = 0;
  viaB.length = 0;
  joinB.length = 0;
  errors = 0;
  await Promise.all(Array.from({ length: RUNS }, oneRun));
} finally {
  await Promise.all([a.stop(), b.stop()]);
  await fake.close();
  pg.stop();
}

const p = (values: number[], q: number) => round(percentile(values, q), 1);
const p99 = p(viaB, 99);
report(
  'follow-delay',
  [
    { name: `text delta delay, provider → a follower on instance B (${RUNS} concurrent 3-1 runs on A, PostgreSQL), p50`, value: p(viaB, 50), unit: 'ms' },
    { name: 'same, p99', value: p99, unit: 'ms', target: '< 100 ms', met: p99 < 100 },
    { name: "the run's own client on A, p50 / p99", value: p(viaA, 50), unit: `/ ${p(viaA, 99)} ms` },
    { name: "a follower joining on B: request → first event, p50 / max", value: p(joinB, 50), unit: `/ ${round(Math.max(...joinB), 1)} ms` },
    { name: 'errors', value: errors, unit: '', target: '0', met: errors === 0 },
  ],
  { deltasViaA: viaA.length, deltasViaB: viaB.length },
);
