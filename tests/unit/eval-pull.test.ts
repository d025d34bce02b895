// `npm run evalsets:pull`: public sets from a local stand-in for GitHub and Hugging Face, and
// a clear, immediate failure that writes nothing when the hosts cannot be reached.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PullError } from '@/lib/models/local/pull';
import { publicSet, pullPublicSet } from '@/lib/evals/public-sets';
import { readSetFile } from '@/lib/evals/set-files';
import { closedPort, closeServer, listenOnLoopback } from './helpers/loopback';
import { runScript } from './helpers/run-script';

const MT_BENCH_PATH = '/lm-sys/FastChat/b494d0c6b4e7935f1764f8439e75da3e66beccc7/fastchat/llm_judge/data/mt_bench/question.jsonl';
const ALPACA_PATH = '/datasets/tatsu-lab/alpaca_eval/resolve/57530fed23a308e771c06bba55cb49b7e7625711/alpaca_eval.json';
const CATEGORIES = ['writing', 'roleplay', 'reasoning', 'math', 'coding', 'extraction', 'stem', 'humanities'];

/** MT-Bench's shape: 80 questions, two turns each, references (one per turn) for some. */
const mtBench = (count = 80) =>
  Array.from({ length: count }, (_, i) => {
    const category = CATEGORIES[Math.floor(i / 10)];
    const reference = category === 'math' ? { reference: [`Answer ${i}`, `Second answer ${i}`] } : category === 'roleplay' ? { reference: ['', ''] } : {};
    return JSON.stringify({ question_id: 81 + i, category, turns: [`First turn of question ${81 + i}.`, `Now revise answer ${81 + i}.`], ...reference });
  }).join('\n') + '\n';

/** AlpacaEval's shape: a JSON array of {instruction, output, generator, dataset}. */
const alpaca = (count = 805) =>
  JSON.stringify(
    Array.from({ length: count }, (_, i) => ({
      instruction: `Instruction ${i + 1}: explain something.`,
      output: `Baseline answer ${i + 1}`,
      generator: 'gpt4_1106_preview',
      dataset: ['helpful_base', 'koala', 'oasst', 'selfinstruct', 'vicuna'][i % 5],
    })),
  );

type Mode = { status?: number; mtBench?: string; alpaca?: string; hang?: boolean; cut?: boolean };
let mode: Mode = {};
let server: Server;
let base: string;
let closed: string;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (mode.hang) return; // accepts and never answers
    if (mode.status) return void res.writeHead(mode.status).end('nope');
    const body = req.url === MT_BENCH_PATH ? (mode.mtBench ?? mtBench()) : req.url === ALPACA_PATH ? (mode.alpaca ?? alpaca()) : undefined;
    if (body === undefined) return void res.writeHead(404).end();
    if (mode.cut) {
      res.writeHead(200, { 'content-length': String(body.length) });
      return void res.write(body.slice(0, 100), () => res.destroy());
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  base = await listenOnLoopback(server);
  closed = await closedPort();
});
afterAll(() => closeServer(server));
beforeEach(() => {
  mode = {};
  requests.length = 0;
  dir = mkdtempSync(join(tmpdir(), 'evalsets-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ GITHUB_RAW_ENDPOINT: base, HF_ENDPOINT: `${base}/` });
const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as PullError);

describe('pulling a public set', () => {
  it('takes MT-Bench’s first turns, categories and first references, from the pinned commit', async () => {
    const set = await pullPublicSet('mt-bench', { env: env() });
    expect(requests).toEqual([MT_BENCH_PATH]);
    expect(set.items).toHaveLength(80);
    expect(set.items[0]).toEqual({ id: '81', prompt: 'First turn of question 81.', category: 'writing' });
    expect(set.items[30]).toEqual({ id: '111', prompt: 'First turn of question 111.', reference: 'Answer 30', category: 'math' });
    expect(set.items[10].reference).toBeUndefined(); // an empty reference is none
    expect(JSON.stringify(set)).not.toContain('Now revise'); // second turns are dropped
    expect(set.source).toEqual({ url: `${base}${MT_BENCH_PATH}`, license: 'Apache-2.0 (FastChat)', retrievedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('takes AlpacaEval’s 805 instructions with their source as category, and not the baseline outputs', async () => {
    const set = await pullPublicSet('alpaca-eval', { env: env() });
    expect(requests).toEqual([ALPACA_PATH]);
    expect(set.items).toHaveLength(805);
    expect(set.items[1]).toEqual({ id: '2', prompt: 'Instruction 2: explain something.', category: 'koala' });
    expect(JSON.stringify(set)).not.toContain('Baseline answer');
    expect(set.source?.license).toMatch(/CC BY-NC 4\.0/);
  });

  it('uses huggingface.co and raw.githubusercontent.com unless told otherwise', () => {
    expect(publicSet('alpaca-eval')!.url({})).toBe(`https://huggingface.co${ALPACA_PATH}`);
    expect(publicSet('mt-bench')!.url({ HF_ENDPOINT: 'http://mirror' })).toBe(`https://raw.githubusercontent.com${MT_BENCH_PATH}`);
  });

  it('refuses a file that is not the pinned one', async () => {
    mode = { mtBench: mtBench(79) };
    const short = await failure(pullPublicSet('mt-bench', { env: env() }));
    expect(short?.message).toBe(`${base}${MT_BENCH_PATH} holds 79 items where MT-Bench (80 questions) has 80: not the pinned file.`);
    mode = { mtBench: `${mtBench(79)}{"question_id": 200, "turns": []}\n` };
    expect((await failure(pullPublicSet('mt-bench', { env: env() })))?.message).toMatch(/is not what MT-Bench \(80 questions\) should be: line 80: No prompt/);
    mode = { alpaca: '{"not": "an array"}' };
    expect((await failure(pullPublicSet('alpaca-eval', { env: env() })))?.message).toMatch(/expected a JSON array/);
  });

  it('reports an HTTP error as such, not as being offline', async () => {
    mode = { status: 503 };
    const error = await failure(pullPublicSet('alpaca-eval', { env: env() }));
    expect(error).toBeInstanceOf(PullError);
    expect(error?.offline).toBe(false);
    expect(error?.message).toMatch(/^127\.0\.0\.1:\d+ answered HTTP 503 for AlpacaEval \(805 instructions\): try again later\./);
  });

  it('says at once that there is no internet when the host cannot be reached', async () => {
    const started = performance.now();
    const error = await failure(pullPublicSet('mt-bench', { env: { GITHUB_RAW_ENDPOINT: closed } }));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error?.offline).toBe(true);
    expect(error?.message).toMatch(/^No internet connection: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Nothing was written\.$/);
  });

  it('gives up on a host that never answers after the timeout', async () => {
    mode = { hang: true };
    const error = await failure(pullPublicSet('mt-bench', { env: env(), timeoutMs: 300 }));
    expect(error?.offline).toBe(true);
    expect(error?.message).toMatch(/could not reach 127\.0\.0\.1:\d+ \(no answer within 0\.3 s\)/);
  });

  it('reports a download that breaks off', async () => {
    mode = { cut: true };
    const error = await failure(pullPublicSet('alpaca-eval', { env: env() }));
    expect(error?.offline).toBe(false);
    expect(error?.message).toMatch(/^The download of AlpacaEval \(805 instructions\) from 127\.0\.0\.1:\d+ broke off/);
  });
});

describe('npm run evalsets:pull', () => {
  const run = (args: string[], extraEnv: Record<string, string>) => runScript('evalsets-pull.ts', args, { env: { EVALSETS_DIR: join(dir, 'out'), ...extraEnv } });

  it('writes every set into EVALSETS_DIR as a valid prompt-set file', async () => {
    const { code, stdout } = await run([], env());
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['alpaca-eval.json', 'mt-bench.json']);
    expect((await readSetFile(join(dir, 'out', 'mt-bench.json'))).items).toHaveLength(80);
    expect((await readSetFile(join(dir, 'out', 'alpaca-eval.json'))).items).toHaveLength(805);
    expect(stdout).toMatch(/✓ MT-Bench \(80 questions\): 80 items, 8 categories, 10 with a reference →/);
  });

  it('fails at once without internet, exit code 1, writing nothing', async () => {
    const { code, stderr, ms } = await run(['mt-bench'], { GITHUB_RAW_ENDPOINT: closed });
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ mt-bench: No internet connection: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(ms).toBeLessThan(15_000); // the start of node + tsx included
  });

  it('writes nothing when one of the sets fails', async () => {
    const { code, stderr } = await run(['mt-bench', 'alpaca-eval'], { GITHUB_RAW_ENDPOINT: base, HF_ENDPOINT: closed });
    expect(code).toBe(1);
    expect(stderr).toMatch(/✗ alpaca-eval: No internet connection/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('names the sets it knows when given another', async () => {
    const { code, stderr } = await run(['gsm8k'], env());
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown set gsm8k. Choose from: mt-bench, alpaca-eval.');
  });
});
