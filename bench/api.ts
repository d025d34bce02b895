/**
 * The OpenAI-compatible API's cost over the app's own run endpoint, on one `next start` against
 * the fake provider: time to the first content token through `POST /api/v1/chat/completions`
 * (the official `openai` client) against the same config through `POST /api/runs`, alternated;
 * then 20 concurrent API streams of a MoA-Lite whose chunks carry their send time: errors and
 * the delay of each content delta from the provider to the client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { readRunEvents } from '../lib/browser/read-stream';
import type { MoAConfig } from '../lib/moa/config';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { startApp } from './app-server';
import { median, percentile, report, round } from './lib';

const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 30);
const STREAMS = Number(process.env.BENCH_API_STREAMS ?? 20);
const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
const fake = await startFakeOpenAI({
  port: Number(process.env.BENCH_FAKE_PORT ?? 4292),
  models: { 'bench-stamped': { text: words, firstTokenMs: 20, tokensPerSecond: 200, stampChunks: true } },
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-bench-api-'));
const app = await startApp(Number(process.env.BENCH_PORT ?? 3293), {
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  RUN_BURST: '10000',
  RUNS_PER_MINUTE: '10000',
  MAX_CONCURRENT_RUNS_PER_CLIENT: '1000',
  MAX_CONCURRENT_RUNS: '1000',
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_NAME: 'fake',
  OPENAI_COMPATIBLE_MODELS: 'bench-stamped',
});
const now = () => performance.timeOrigin + performance.now();
const STAMP = /⟦(\d+\.\d+)⟧/g;

let apiTtft: number[] = [];
let runsTtft: number[] = [];
const delays: number[] = [];
let errors = 0;
let streamsWallMs = 0;
try {
  const made = await fetch(`${app.url}/api/keys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench' }) });
  if (made.status !== 201) throw new Error(`could not make a key: HTTP ${made.status} ${await made.text()}`);
  const { key } = (await made.json()) as { key: string };
  const client = new OpenAI({ apiKey: key, baseURL: `${app.url}/api/v1`, maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: 'Benchmark: the API.' }];

  // The config moa/single runs, read back from its stored run, so both paths run the same board.
  const { response } = await client.chat.completions.create({ model: 'moa/single', messages }).withResponse();
  const runId = response.headers.get('x-moa-run-id');
  const config = ((await (await fetch(`${app.url}/api/runs/${runId}`)).json()) as { run: { config: MoAConfig } }).run.config;

  const throughApi = async () => {
    const started = now();
    const stream = await client.chat.completions.create({ model: 'moa/single', messages, stream: true });
    let first = 0;
    for await (const chunk of stream) if (!first && chunk.choices[0]?.delta.content) first = now() - started;
    return first;
  };
  const throughRuns = async () => {
    const started = now();
    const res = await fetch(`${app.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config, prompt: messages[0].content }) });
    let first = 0;
    for await (const event of readRunEvents(res.body!)) if (!first && event.type === 'agent-delta') first = now() - started;
    return first;
  };
  // Warm-up (route code loads on first use), then alternate so drift hits both alike.
  for (let i = 0; i < 5; i++) await Promise.all([throughApi(), throughRuns()]);
  for (let i = 0; i < ROUNDS; i++) {
    apiTtft.push(await throughApi());
    runsTtft.push(await throughRuns());
  }

  const oneStream = async () => {
    try {
      const stream = await client.chat.completions.create({ model: 'moa/moa-lite', messages, stream: true });
      let finished = false;
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta.content;
        if (text) {
          const arrived = now();
          for (const [, sent] of text.matchAll(STAMP)) delays.push(arrived - Number(sent));
        }
        if (chunk.choices[0]?.finish_reason) finished = true;
      }
      if (!finished) throw new Error('stream ended without a finish reason');
    } catch (error) {
      errors++;
      console.error('stream error:', error instanceof Error ? error.message : error);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: STREAMS }, oneStream));
  streamsWallMs = performance.now() - started;
} finally {
  await app.stop();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}

apiTtft = apiTtft.filter((t) => t > 0);
runsTtft = runsTtft.filter((t) => t > 0);
const overhead = round(median(apiTtft) - median(runsTtft), 1);
report(
  'api',
  [
    { name: `time to first content token through the API (openai client), median of ${apiTtft.length}`, value: round(median(apiTtft), 1), unit: 'ms' },
    { name: 'the same config through POST /api/runs, median', value: round(median(runsTtft), 1), unit: 'ms' },
    { name: 'API overhead (difference of the medians)', value: overhead, unit: 'ms', target: '≤ 5 ms', met: overhead <= 5 },
    { name: `${STREAMS} concurrent API streams (MoA-Lite, 7 calls each): errors`, value: errors, unit: '', target: '0', met: errors === 0 },
    { name: 'content delta delay, provider → client, p50', value: round(percentile(delays, 50), 1), unit: 'ms' },
    { name: 'content delta delay p99', value: round(percentile(delays, 99), 1), unit: 'ms' },
    { name: 'wall time of the concurrent streams', value: round(streamsWallMs / 1000, 1), unit: 's' },
  ],
  { apiTtftMs: apiTtft, runsTtftMs: runsTtft, deltas: delays.length },
);
