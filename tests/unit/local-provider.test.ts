// The embedded llama.cpp provider, on a tiny random-weight GGUF written at test time.
import { generateText, streamText } from 'ai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalModels, type LocalModels } from '@/lib/models/local';
import { probeModel } from '@/lib/models/local/probe';
import { getLocalRuntime, type LoadedModel } from '@/lib/models/local/runtime';
import { tinyGguf, writeTinyGguf } from '../fixtures/tiny-gguf';

const dir = mkdtempSync(join(tmpdir(), 'local-provider-'));
const settings = { modelsDir: dir, threads: 1, contextSize: 1024, sequences: 2, servers: {} };
let local: LocalModels;
let loaded: LoadedModel;

beforeAll(async () => {
  writeTinyGguf(join(dir, 'tiny.gguf'));
  const whole = tinyGguf({ seed: 3 });
  writeFileSync(join(dir, 'cut.gguf'), whole.subarray(0, whole.length - 5000));
  writeTinyGguf(join(dir, 'dup-vocab.gguf'), { duplicateToken: true });
  writeTinyGguf(join(dir, 'alien.gguf'), { architecture: 'no-such-arch' });
  local = createLocalModels(settings);
  const ready = await local.folder.ready('tiny');
  loaded = await getLocalRuntime(settings).load(ready.path, ready.version);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = () => local.resolve('local', 'tiny');
const quiet = () => {};

/** Text deltas and the finish part, in order, with a shared clock for interleaving checks. */
async function run(options: { prompt?: string; maxOutputTokens?: number; seed?: number; stopSequences?: string[]; abortSignal?: AbortSignal; log?: string[]; tag?: string }) {
  const result = streamText({
    model: model(),
    system: 'Be brief.',
    prompt: options.prompt ?? 'Why is the sky blue?',
    maxOutputTokens: options.maxOutputTokens ?? 24,
    temperature: 0.8,
    seed: options.seed,
    stopSequences: options.stopSequences,
    abortSignal: options.abortSignal,
    onError: quiet,
  });
  const parts: string[] = [];
  const deltas: string[] = [];
  let error: unknown;
  try {
    for await (const part of result.stream) {
      parts.push(part.type);
      if (part.type === 'text-delta') {
        deltas.push(part.text);
        options.log?.push(`${options.tag}:delta`);
      }
      if (part.type === 'error') error = part.error;
      if (part.type === 'abort') error = new DOMException('aborted', 'AbortError');
    }
  } catch (e) {
    error = e;
  }
  options.log?.push(`${options.tag}:end`);
  if (error) return { parts, deltas, error };
  return { parts, deltas, text: await result.text, usage: await result.usage, finishReason: await result.finishReason };
}

describe('the embedded llama.cpp provider', () => {
  it('lists usable files as local models and broken ones as unavailable, with the reason', async () => {
    const models = await local.list();
    const byId = Object.fromEntries(models.map((m) => [m.id, m]));
    expect(byId['local:tiny']).toMatchObject({ kind: 'local', provider: 'local', label: 'tiny' });
    expect(byId['local:tiny'].unavailable).toBeUndefined();
    expect(byId['local:tiny'].description).toMatch(/Tiny random llama · \d+K params · F16/);
    expect(byId['local:cut'].unavailable).toMatch(/truncated: tensor .* needs bytes up to/);
    expect(byId['local:dup-vocab'].unavailable).toMatch(/token "▁the" appears twice/);
    // Passes the header check; only the trial load in a child process can tell.
    await expect(local.folder.ready('alien')).rejects.toThrow(/local:alien cannot be used: llama.cpp could not load it: unknown model architecture: 'no-such-arch'/);
    expect(local.check('local', 'alien')).toMatch(/unknown model architecture/);
    expect(local.check('local', 'nope')).toMatch(/there is no model file "nope.gguf"/);
  }, 120_000);

  it('keeps the server alive when llama.cpp aborts on a file: the trial load dies, not us', async () => {
    // The header check would refuse this file; the child-process load is the second line of defence.
    const verdict = await probeModel(join(dir, 'dup-vocab.gguf'));
    expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/llama\.cpp crashed \(SIGABRT\) while loading this file: GGML_ASSERT\(.*\) failed/) });
    expect(await probeModel(join(dir, 'tiny.gguf'))).toEqual({ ok: true, trainContextSize: 4096 });
  }, 120_000);

  it('streams text parts and reports usage counted by the model’s own tokenizer', async () => {
    const result = await run({ maxOutputTokens: 24, seed: 1 });
    expect(result.error).toBeUndefined();
    expect(result.parts.slice(0, 2)).toEqual(['start', 'start-step']);
    expect(result.parts.filter((p) => p === 'text-delta').length).toBeGreaterThan(5);
    expect(result.parts.indexOf('text-start')).toBeLessThan(result.parts.indexOf('text-delta'));
    expect(result.parts.lastIndexOf('text-end')).toBeGreaterThan(result.parts.lastIndexOf('text-delta'));
    expect(result.text!.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('length');
    expect(result.usage!.outputTokens).toBe(24);
    // The prompt as llama.cpp sees it: BOS + the GGUF's ChatML template, tokenised independently here.
    const rendered = '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhy is the sky blue?<|im_end|>\n<|im_start|>assistant\n';
    expect(result.usage!.inputTokens).toBe(1 + loaded.model.tokenize(rendered, true).length);
    expect(result.usage!.totalTokens).toBe(result.usage!.inputTokens! + 24);
  }, 60_000);

  it('stops at a stop sequence with finish reason "stop"', async () => {
    const result = await run({ maxOutputTokens: 200, seed: 42, stopSequences: [' '] });
    expect(result.finishReason).toBe('stop');
    expect(result.text).not.toContain(' ');
    expect(result.usage!.outputTokens).toBeLessThan(200);
  }, 60_000);

  it('aborts mid-stream and frees its sequence for the next agent', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const pending = run({ maxOutputTokens: 400, abortSignal: controller.signal, log, tag: 'a' });
    while (!log.includes('a:delta')) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const result = await pending;
    expect((result.error as Error).name).toBe('AbortError');
    expect(result.deltas.length).toBeLessThan(400);
    // The sequence is released once llama.cpp's evaluation loop notices the abort.
    await expect.poll(() => loaded.sequences.free, { timeout: 10_000 }).toBe(2);
    const next = await run({ maxOutputTokens: 8 });
    expect(next.usage!.outputTokens).toBe(8);
  }, 60_000);

  it('serves two agents at once on two sequences, interleaved', async () => {
    const log: string[] = [];
    const [a, b] = await Promise.all([
      run({ maxOutputTokens: 40, seed: 1, log, tag: 'a' }),
      run({ maxOutputTokens: 40, seed: 2, log, tag: 'b' }),
    ]);
    expect(a.usage!.outputTokens).toBe(40);
    expect(b.usage!.outputTokens).toBe(40);
    expect(a.usage!.inputTokens).toBe(b.usage!.inputTokens);
    expect(a.text).not.toBe(b.text);
    // Both were generating at once: each one's first token came before the other's last.
    expect(log.indexOf('b:delta')).toBeLessThan(log.lastIndexOf('a:delta'));
    expect(log.indexOf('a:delta')).toBeLessThan(log.lastIndexOf('b:delta'));
  }, 60_000);

  it('queues a third agent until a sequence is free', async () => {
    const log: string[] = [];
    const results = await Promise.all(['a', 'b', 'c'].map((tag, i) => run({ maxOutputTokens: 20, seed: i + 1, log, tag })));
    for (const r of results) expect(r.usage!.outputTokens).toBe(20);
    const firstDelta = ['a', 'b', 'c'].map((t) => log.indexOf(`${t}:delta`));
    const ends = ['a', 'b', 'c'].map((t) => log.indexOf(`${t}:end`));
    // The last agent to start only started once another had finished.
    expect(Math.max(...firstDelta)).toBeGreaterThan(Math.min(...ends));
  }, 60_000);

  it('refuses a prompt longer than the context with a clear error', async () => {
    const long = 'word '.repeat(3000);
    await expect(generateText({ model: model(), prompt: long, maxOutputTokens: 8 })).rejects.toThrow(/holds 1,024 per agent.*LOCAL_CONTEXT_SIZE/);
    expect(loaded.sequences.free).toBe(2);
  }, 60_000);

  it('answers with generateText too', async () => {
    const { text, usage, finishReason } = await generateText({ model: model(), prompt: 'Hello', maxOutputTokens: 6 });
    expect(text.length).toBeGreaterThan(0);
    expect(usage.outputTokens).toBe(6);
    expect(finishReason).toBe('length');
  }, 60_000);
});
