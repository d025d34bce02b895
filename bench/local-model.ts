/**
 * Benchmark — the embedded llama.cpp provider on random-weight models generated here: time to
 * first token and tokens per second of one agent, with llama.cpp on 1 and on 2 threads, and
 * the combined rate of 3 agents at once (3 sequences of one context, batched).
 * Models: the test suite's tiny llama (dim 64, 2 layers) and a larger one (dim 512, 8 layers,
 * ~30M parameters) whose per-token work is closer to a real small model's.
 * Each thread count runs in its own process: llama.cpp's thread pool is per process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamText } from 'ai';
import { createLocalModels } from '../lib/models/local';
import { writeTinyGguf } from '../tests/fixtures/tiny-gguf';
import { median, report, round, type Figure } from './lib';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TOKENS = 128;
const MODELS = { tiny: { dim: 64, layers: 2 }, small: { dim: 512, layers: 8 } } as const;
type Sample = { ttftMs: number; tokensPerSecond: number };
type Result = { model: keyof typeof MODELS; threads: number; single: Sample; concurrent3: number };

/** One streamed answer: ms to the first text, then tokens per second after it. */
async function measure(model: ReturnType<ReturnType<typeof createLocalModels>['resolve']>, seed: number): Promise<Sample & { tokens: number; endedAt: number }> {
  const start = performance.now();
  let first = 0;
  const result = streamText({ model, prompt: 'Write a long story about a lighthouse keeper.', maxOutputTokens: TOKENS, temperature: 0.8, seed });
  for await (const _ of result.textStream) first ||= performance.now();
  const end = performance.now();
  const tokens = (await result.usage).outputTokens ?? 0;
  return { ttftMs: first - start, tokensPerSecond: ((tokens - 1) / (end - first)) * 1000, tokens, endedAt: end };
}

async function child(name: keyof typeof MODELS, threads: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-local-'));
  writeTinyGguf(join(dir, `${name}.gguf`), MODELS[name]);
  const local = createLocalModels({ modelsDir: dir, threads, contextSize: 1024, sequences: 3, servers: {} }, { probe: false });
  const model = local.resolve('local', name);
  await measure(model, 0); // load and warm up
  const samples: Sample[] = [];
  for (let i = 1; i <= RUNS; i++) samples.push(await measure(model, i));
  const rates: number[] = [];
  for (let i = 1; i <= Math.max(2, Math.ceil(RUNS / 2)); i++) {
    const start = performance.now();
    const three = await Promise.all([0, 1, 2].map((k) => measure(model, 100 * i + k)));
    rates.push((three.reduce((n, r) => n + r.tokens, 0) / (Math.max(...three.map((r) => r.endedAt)) - start)) * 1000);
  }
  rmSync(dir, { recursive: true, force: true });
  const result: Result = {
    model: name,
    threads,
    single: { ttftMs: median(samples.map((s) => s.ttftMs)), tokensPerSecond: median(samples.map((s) => s.tokensPerSecond)) },
    concurrent3: median(rates),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[2] === '--child') {
  await child(process.argv[3] as keyof typeof MODELS, Number(process.argv[4]));
  process.exit(0);
}

const results: Result[] = [];
for (const name of Object.keys(MODELS) as (keyof typeof MODELS)[]) {
  for (const threads of [1, 2]) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', name, String(threads)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const line = run.stdout.trim().split('\n').at(-1);
    if (run.status !== 0 || !line) throw new Error(`The ${name} / ${threads}-thread run failed (exit ${run.status}).`);
    results.push(JSON.parse(line) as Result);
  }
}

const figures: Figure[] = results.flatMap((r) => [
  { name: `${r.model} model, ${r.threads} thread${r.threads > 1 ? 's' : ''}: time to first token`, value: round(r.single.ttftMs, 1), unit: 'ms' },
  { name: `${r.model} model, ${r.threads} thread${r.threads > 1 ? 's' : ''}: tokens/s, one agent`, value: round(r.single.tokensPerSecond, 0), unit: 'tok/s' },
  { name: `${r.model} model, ${r.threads} thread${r.threads > 1 ? 's' : ''}: tokens/s, 3 agents at once (sum)`, value: round(r.concurrent3, 0), unit: 'tok/s' },
]);
// Threads contend with everything else on the machine: the load says how quiet it was.
const { availableParallelism, loadavg } = await import('node:os');
report('local-model', figures, { runs: RUNS, tokensPerAnswer: TOKENS, models: MODELS, cores: availableParallelism(), loadAverage1m: round(loadavg()[0], 1), results });
