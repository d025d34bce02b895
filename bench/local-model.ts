/**
 * Benchmark — the embedded llama.cpp provider on random-weight models generated here (into
 * bench/models/, git-ignored): time to first token and decode tokens/s of one agent, against
 * the sum of three agents' decode rates at once (3 sequences of one context). Both rates count
 * only the tokens after each answer's first, over the time after it: prompt processing is
 * measured apart, as time to first token.
 * Models: the test suite's tiny llama (dim 64, 2 layers), a ~30M-parameter one (dim 512, 8
 * layers), and Qwen2.5-0.5B's shapes (hidden 896, 24 layers, 14 query / 2 KV heads, FFN 4864,
 * 151,936 tokens, tied embeddings) in Q8_0 and Q4_0. On the 0.5B shapes it also runs a 3-1 MoA
 * (128 output tokens a call) through the engine, with the proposers at once and, for the
 * baseline, one after another (a single sequence); and it prints the aggregator's prompt
 * processing. Each model and thread count runs in its own process (llama.cpp's thread pool is
 * per process).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { streamText } from 'ai';
import { moaConfigSchema } from '../lib/moa/config';
import { runMoA } from '../lib/moa/engine';
import type { RunEvent } from '../lib/moa/events';
import { createLocalModels } from '../lib/models/local';
import { getLocalRuntime } from '../lib/models/local/runtime';
import { writeTinyGguf, type TinyGgufOptions } from '../tests/fixtures/tiny-gguf';
import { median, report, round, type Figure } from './lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MOA_RUNS = Number(process.env.BENCH_MOA_RUNS ?? 2);
const THREADS = (process.env.BENCH_LOCAL_THREADS ?? '1,2').split(',').map(Number);
const TOKENS = 128;
const PROMPT = 'Write a long story about a lighthouse keeper.';
const QWEN_05B: TinyGgufOptions = { dim: 896, layers: 24, headDim: 64, kvHeads: 2, ff: 4864, vocabSize: 151_936 };
const MODELS = {
  tiny: { dim: 64, layers: 2 },
  small: { dim: 512, layers: 8 },
  'qwen0.5b-q8_0': { ...QWEN_05B, quant: 'q8_0' },
  'qwen0.5b-q4_0': { ...QWEN_05B, quant: 'q4_0' },
} satisfies Record<string, TinyGgufOptions>;
type ModelName = keyof typeof MODELS;
const moaModel = (name: ModelName) => name.startsWith('qwen');
const MODELS_DIR = join(import.meta.dirname, 'models');

type Sample = { ttftMs: number; tokensPerSecond: number };
type Moa = {
  /** Wall time of the run with its proposers at once, and the sum of the four calls made one after another (ms). */
  concurrentMs: number;
  sequentialCallsMs: number;
  ratio: number;
  /** Prompt tokens / s: the tokens computed (not read from the cache) ÷ time to first token. */
  aggregator: { promptTokens: number; ttftMs: number; promptTokensPerSecond: number };
};
type Result = {
  model: ModelName;
  threads: number;
  single: Sample;
  /** Sum of the three agents' decode rates (each after its first token). */
  concurrent3: number;
  /** All tokens of the three ÷ the wall time from the start to the last end (first tokens included). */
  concurrent3Wall: number;
  /** The provider's step timing at load: what decided whether the sequences batch. */
  decoding?: { policy: string; aloneMs: number; togetherMs: number };
  moa?: Moa;
};

/** One streamed answer: ms to the first text, then tokens per second after it. */
async function measure(model: ReturnType<ReturnType<typeof createLocalModels>['resolve']>, seed: number) {
  const start = performance.now();
  let first = 0;
  const result = streamText({ model, prompt: PROMPT, maxOutputTokens: TOKENS, temperature: 0.8, seed });
  for await (const _ of result.textStream) first ||= performance.now();
  const end = performance.now();
  const tokens = (await result.usage).outputTokens ?? 0;
  return { ttftMs: first - start, tokensPerSecond: ((tokens - 1) / (end - first)) * 1000, tokens, start, end };
}

/** A 3-1 MoA on `local:<name>`; resolves the events of the run. */
async function runLocalMoA(local: ReturnType<typeof createLocalModels>, name: string, run: number) {
  const agent = { model: `local:${name}`, temperature: 0.8, maxOutputTokens: TOKENS };
  const config = moaConfigSchema.parse({ layers: [{ agents: [agent, agent, agent] }, { agents: [agent] }] });
  const events: RunEvent[] = [];
  for await (const event of runMoA(config, `${PROMPT} (${run})`, { resolveModel: (id) => local.resolve('local', id.slice('local:'.length)), maxRetries: 0 })) events.push(event);
  const end = events.at(-1)!;
  if (end.type !== 'run-finished') throw new Error(`The local MoA ended with ${end.type}: ${'error' in end ? end.error : ''}`);
  const finished = events.filter((e): e is Extract<RunEvent, { type: 'agent-finished' }> => e.type === 'agent-finished');
  return { wallMs: end.t, finished, aggregator: finished.find((e) => e.layer === 1)! };
}

async function child(name: ModelName, threads: number) {
  const settings = { modelsDir: MODELS_DIR, threads, contextSize: 2048, sequences: 3, servers: {} };
  const local = createLocalModels(settings, { probe: false });
  const model = local.resolve('local', name);
  await measure(model, 0); // load and warm up
  const samples: Sample[] = [];
  for (let i = 1; i <= RUNS; i++) samples.push(await measure(model, i));
  const rates: number[] = [];
  const wallRates: number[] = [];
  for (let i = 1; i <= Math.max(2, Math.ceil(RUNS / 2)); i++) {
    const three = await Promise.all([0, 1, 2].map((k) => measure(model, 100 * i + k)));
    rates.push(three.reduce((n, r) => n + r.tokensPerSecond, 0));
    wallRates.push((three.reduce((n, r) => n + r.tokens, 0) / (Math.max(...three.map((r) => r.end)) - Math.min(...three.map((r) => r.start)))) * 1000);
  }
  const ready = await local.folder.ready(name);
  const { decoding } = await getLocalRuntime(settings).load(ready.path, ready.version);

  let moa: Moa | undefined;
  if (moaModel(name) && threads === 1) {
    // The baseline: the same engine on one sequence, so the pool runs the proposers one by one.
    const oneByOne = createLocalModels({ ...settings, sequences: 1 }, { probe: false });
    await measure(oneByOne.resolve('local', name), 0);
    const runs: { concurrent: Awaited<ReturnType<typeof runLocalMoA>>; sequential: Awaited<ReturnType<typeof runLocalMoA>> }[] = [];
    for (let i = 1; i <= MOA_RUNS; i++) runs.push({ concurrent: await runLocalMoA(local, name, i), sequential: await runLocalMoA(oneByOne, name, i) });
    const aggregators = runs.flatMap((r) => [r.concurrent.aggregator, r.sequential.aggregator]);
    const ttfts = aggregators.map((a) => a.firstTokenMs ?? NaN);
    const promptTokens = aggregators.map((a) => a.usage.inputTokens);
    // A prefix already in the sequence's cache (the synthesis instruction of the previous run) is not computed again.
    const evaluated = aggregators.map((a) => a.usage.inputTokens - (a.usage.cachedInputTokens ?? 0));
    // On one sequence the calls run back to back, so that run's wall time is the sum of its calls
    // (their own latencies would count each proposer's wait in the queue too).
    moa = {
      concurrentMs: median(runs.map((r) => r.concurrent.wallMs)),
      sequentialCallsMs: median(runs.map((r) => r.sequential.wallMs)),
      ratio: median(runs.map((r) => r.concurrent.wallMs / r.sequential.wallMs)),
      aggregator: {
        promptTokens: median(promptTokens),
        ttftMs: median(ttfts),
        promptTokensPerSecond: median(evaluated.map((n, i) => (n / ttfts[i]) * 1000)),
      },
    };
  }
  const result: Result = {
    model: name,
    threads,
    single: { ttftMs: median(samples.map((s) => s.ttftMs)), tokensPerSecond: median(samples.map((s) => s.tokensPerSecond)) },
    concurrent3: median(rates),
    concurrent3Wall: median(wallRates),
    decoding: { policy: decoding.policy, aloneMs: round(decoding.aloneMs, 2), togetherMs: round(decoding.togetherMs, 2) },
    moa,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as ModelName, Number(process.argv[4]));
  process.exit(0);
}

mkdirSync(MODELS_DIR, { recursive: true });
for (const [name, options] of Object.entries(MODELS)) writeTinyGguf(join(MODELS_DIR, `${name}.gguf`), options);

const only = process.env.BENCH_LOCAL_MODELS?.split(',') as ModelName[] | undefined;
const results: Result[] = [];
for (const name of only ?? (Object.keys(MODELS) as ModelName[])) {
  for (const threads of THREADS) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', name, String(threads)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const line = run.stdout.trim().split('\n').at(-1);
    if (run.status !== 0 || !line) throw new Error(`The ${name} / ${threads}-thread run failed (exit ${run.status}).`);
    results.push(JSON.parse(line) as Result);
  }
}

const ACCEPTANCE: ModelName = 'qwen0.5b-q8_0';
const figures: Figure[] = results.flatMap((r) => {
  const at = `${r.model} model, ${r.threads} thread${r.threads > 1 ? 's' : ''}`;
  const gain = r.concurrent3 / r.single.tokensPerSecond;
  const gated = r.model === ACCEPTANCE && r.threads === 1;
  const list: Figure[] = [
    { name: `${at}: time to first token`, value: round(r.single.ttftMs, 1), unit: 'ms' },
    { name: `${at}: tokens/s after the first, one agent`, value: round(r.single.tokensPerSecond, 1), unit: 'tok/s' },
    { name: `${at}: tokens/s after the first, 3 agents at once (sum)`, value: round(r.concurrent3, 1), unit: 'tok/s' },
    { name: `${at}: 3 agents ÷ one agent`, value: round(gain, 2), unit: '×', ...(gated ? { target: '≥ 2', met: gain >= 2 } : {}) },
    { name: `${at}: 3 agents, all tokens ÷ wall time (first tokens included)`, value: round(r.concurrent3Wall, 1), unit: 'tok/s' },
  ];
  if (r.decoding) {
    const { policy, aloneMs, togetherMs } = r.decoding;
    list.push({ name: `${at}: llama.cpp one-token step, 3 sequences ÷ 1 (${aloneMs} · ${togetherMs} ms; sequences ${policy === 'together' ? 'batched' : 'take turns'})`, value: round(togetherMs / aloneMs, 2), unit: '×' });
  }
  if (r.moa) {
    list.push(
      { name: `${at}: 3-1 MoA wall time · sum of its 4 calls one after another`, value: round(r.moa.concurrentMs / 1000, 2), unit: `s · ${round(r.moa.sequentialCallsMs / 1000, 2)} s` },
      { name: `${at}: 3-1 MoA wall time ÷ sum of its calls one after another`, value: round(r.moa.ratio, 2), unit: '×', ...(r.model === ACCEPTANCE ? { target: '≤ 0.6', met: r.moa.ratio <= 0.6 } : {}) },
      { name: `${at}: aggregator prompt (${r.moa.aggregator.promptTokens} tokens): time to first token`, value: round(r.moa.aggregator.ttftMs, 0), unit: 'ms' },
      { name: `${at}: aggregator prompt processing`, value: round(r.moa.aggregator.promptTokensPerSecond, 0), unit: 'tok/s' },
    );
  }
  return list;
});
// Threads contend with everything else on the machine: the load says how quiet it was.
report('local-model', figures, { runs: RUNS, moaRuns: MOA_RUNS, tokensPerAnswer: TOKENS, models: MODELS, cores: availableParallelism(), loadAverage1m: round(loadavg()[0], 1), results });
