/**
 * Benchmark 1 — orchestration overhead. A 3-layer 6-6-1 MoA runs in-process through the real
 * OpenAI-compatible provider against the fake server, whose models have a fixed time to first
 * token and token rate. Figures: wall time ÷ critical path (the sum over layers of the slowest
 * agent's own time), and the gap from a layer's last agent finishing to the next layer's
 * requests being sent.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { moaConfigSchema } from '../lib/moa/config';
import { runMoA } from '../lib/moa/engine';
import type { RunEvent } from '../lib/moa/events';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { median, report, round } from './lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WORDS = 60;
const behaviour = { firstTokenMs: 200, tokensPerSecond: 100, text: Array.from({ length: WORDS }, (_, i) => `word${i}`).join(' ') };

const server = await startFakeOpenAI({ models: { 'bench-a': behaviour, 'bench-b': behaviour, 'bench-agg': behaviour } });
// Stamp each request as the client sends it: that is when the next layer has really started.
const sentAt: { at: number; body: string }[] = [];
const provider = createOpenAICompatible({
  name: 'fake',
  baseURL: server.url,
  apiKey: 'bench',
  includeUsage: true,
  fetch: (input, init) => {
    sentAt.push({ at: performance.now(), body: String(init?.body ?? '') });
    return fetch(input, init);
  },
});

const proposers = Array.from({ length: 6 }, (_, i) => ({ model: `fake:bench-${i % 2 ? 'b' : 'a'}`, temperature: 0.7 }));
const config = moaConfigSchema.parse({ layers: [{ agents: proposers }, { agents: proposers }, { agents: [{ model: 'fake:bench-agg' }] }] });

const ratios: number[] = [];
const gaps: number[] = [];
for (let run = 0; run < RUNS; run++) {
  sentAt.length = 0;
  const events: (RunEvent & { receivedAt: number })[] = [];
  for await (const event of runMoA(config, `Benchmark prompt ${run}`, { resolveModel: (id) => provider.chatModel(id.slice(5)), maxRetries: 0 })) {
    events.push({ ...event, receivedAt: performance.now() });
  }
  const end = events.at(-1)!;
  if (end.type !== 'run-finished') throw new Error(`Run ${run} ended with ${end.type}`);
  const finished = events.filter((e): e is Extract<RunEvent, { type: 'agent-finished' }> & { receivedAt: number } => e.type === 'agent-finished');
  const criticalPath = config.layers.reduce((sum, _, layer) => sum + Math.max(...finished.filter((e) => e.layer === layer).map((e) => e.latencyMs)), 0);
  ratios.push(end.t / criticalPath);
  // Requests are sent in layer order: 6, then 6, then 1.
  for (const layer of [1, 2]) {
    const lastFinish = Math.max(...finished.filter((e) => e.layer === layer - 1).map((e) => e.receivedAt));
    const firstSend = sentAt[layer === 1 ? 6 : 12].at;
    gaps.push(firstSend - lastFinish);
  }
}
await server.close();

const ratio = round(median(ratios), 3);
const gap = round(median(gaps), 2);
report(
  'orchestration',
  [
    { name: 'wall time ÷ critical path (median)', value: ratio, unit: '×', target: '≤ 1.03', met: ratio <= 1.03 },
    { name: 'layer hand-off: last agent done → next requests sent (median)', value: gap, unit: 'ms', target: '≤ 5 ms', met: gap <= 5 },
  ],
  { runs: RUNS, shape: '6-6-1', behaviour: { firstTokenMs: behaviour.firstTokenMs, tokensPerSecond: behaviour.tokensPerSecond, words: WORDS }, ratios, gaps },
);
