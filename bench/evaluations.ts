/**
 * Benchmark 7 — evaluations, through the real durable path: `next start` with its pg-boss job
 * and PGlite store, the real OpenAI-compatible provider against the fake server.
 * (a) 200 items × 2 configurations at concurrency 16: wall time (the evaluation's stored
 *     created → finished) ÷ the ideal schedule (Σ of every unit's own time ÷ concurrency; a
 *     unit's time is what it measured itself: a run's start to its last event, a judgement's
 *     two calls). Also from the first model request to the last unit, without the job's pickup.
 * (b) A 500-item evaluation updating while headless Chromium (1280×800) shows /evals/<id>:
 *     longest main-thread task and blocking time per second while units finish, and from a
 *     Chromium trace the most CPU time any task took (the page's own work, apart from preemption).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { startApp } from './app-server';
import { mainThreadTasks, observeLongTasks, report, round, TASK_TRACE_CATEGORIES, type Figure } from './lib';

const ITEMS = Number(process.env.BENCH_EVAL_ITEMS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_EVAL_CONCURRENCY ?? 16);
const UI_ITEMS = Number(process.env.BENCH_EVAL_UI_ITEMS ?? 500);
const UI_SECONDS = Number(process.env.BENCH_EVAL_UI_SECONDS ?? 120);
const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');

const fake = await startFakeOpenAI({
  port: Number(process.env.BENCH_FAKE_PORT ?? 4293),
  models: {
    // (a): a run of the single model ~0.5 s, of the 2-1 MoA ~1 s; a judgement ~0.2 s (two calls at once).
    'ev-a': { text: words(40, 'a'), firstTokenMs: 100, tokensPerSecond: 100 },
    'ev-b': { text: words(40, 'b'), firstTokenMs: 100, tokensPerSecond: 100 },
    'ev-judge': { text: 'Verdict: B\nRationale: B is more complete.', firstTokenMs: 100, tokensPerSecond: 100 },
    // (b): quick units, so that many finish between two polls of the page.
    'ev-fast': { text: words(12, 'f'), firstTokenMs: 50, tokensPerSecond: 200 },
  },
});
const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-bench-evals-'));
const app = await startApp(Number(process.env.BENCH_PORT ?? 3294), {
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  RUN_BURST: '1000',
  RUNS_PER_MINUTE: '1000',
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_NAME: 'fake',
  OPENAI_COMPATIBLE_MODELS: 'ev-a,ev-b,ev-judge,ev-fast',
});

const CATEGORIES = ['reasoning', 'coding', 'writing', 'knowledge'];
const set = (n: number) => ({
  id: `bench-${n}`,
  name: `Bench ${n}`,
  items: Array.from({ length: n }, (_, i) => ({ id: `q${i + 1}`, prompt: `Benchmark question ${i + 1}: explain topic ${i + 1} briefly.`, category: CATEGORIES[i % CATEGORIES.length] })),
});
const agent = (model: string) => ({ model: `fake:${model}`, maxOutputTokens: 256 });

type Unit = { key: string; status: string; result: { latencyMs?: number } | null };
type Evaluation = { evaluation: { status: string; createdAt: string; finishedAt: string | null }; units: Unit[] };

/** Its id, its owner's cookie, and `act` to pause it as its owner. */
async function start(spec: unknown) {
  const response = await fetch(`${app.url}/api/evaluations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  if (response.status !== 201) throw new Error(`Creating the evaluation: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0];
  const { id } = (await response.json()) as { id: string };
  const act = async (action: 'pause') => {
    const answer = await fetch(`${app.url}/api/evaluations/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ action }) });
    if (!answer.ok) throw new Error(`${action}: ${answer.status} ${await answer.text()}`);
  };
  return { id, act, cookie };
}
const create = async (spec: unknown) => (await start(spec)).id;
const load = async (id: string) => (await (await fetch(`${app.url}/api/evaluations/${id}`)).json()) as Evaluation;
async function waitFinished(id: string, timeoutMs: number): Promise<Evaluation> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    const data = await load(id);
    if (!['queued', 'running'].includes(data.evaluation.status)) return data;
  }
  throw new Error(`Evaluation ${id} did not finish in ${timeoutMs / 1000} s.`);
}

async function schedule(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const configs = [
    { id: 'single', label: 'Single', config: { layers: [{ agents: [agent('ev-a')] }] } },
    { id: 'moa', label: 'MoA 2-1', config: { layers: [{ agents: [agent('ev-a'), agent('ev-b')] }, { agents: [agent('ev-a')] }] } },
  ];
  // Unmeasured warm-up: the first evaluation loads the routes' code and starts the queue.
  await waitFinished(await create({ set: set(4), configs, judge: { model: 'fake:ev-judge' }, concurrency: 4 }), 60_000);

  const requestsBefore = fake.requests.length;
  const id = await create({ set: set(ITEMS), configs, judge: { model: 'fake:ev-judge' }, concurrency: CONCURRENCY });
  const data = await waitFinished(id, 600_000);
  const done = data.units.filter((u) => u.status === 'done').length;
  const unitMs = data.units.reduce((sum, u) => sum + (u.result?.latencyMs ?? 0), 0);
  const ideal = unitMs / CONCURRENCY;
  const createdAt = new Date(data.evaluation.createdAt).getTime();
  const finishedAt = new Date(data.evaluation.finishedAt!).getTime();
  const wall = finishedAt - createdAt;
  const firstRequest = fake.requests[requestsBefore].at;
  const ratio = round(wall / ideal, 3);
  const fromFirst = round((finishedAt - firstRequest) / ideal, 3);
  return {
    figures: [
      { name: `${ITEMS} items × 2 configurations at concurrency ${CONCURRENCY}: wall time ÷ ideal schedule`, value: ratio, unit: '×', target: '≤ 1.10', met: ratio <= 1.1 },
      { name: 'same, from the first model request (without the job pickup)', value: fromFirst, unit: '×' },
      { name: 'units done', value: done, unit: `of ${data.units.length}`, target: 'all', met: done === data.units.length },
    ],
    details: { items: ITEMS, concurrency: CONCURRENCY, wallMs: wall, idealMs: round(ideal, 0), sumUnitMs: unitMs, pickupMs: firstRequest - createdAt, status: data.evaluation.status },
  };
}

async function resultsPage(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const configs = [
    { id: 'single', label: 'Single', config: { layers: [{ agents: [agent('ev-fast')] }] } },
    { id: 'other', label: 'Other', config: { layers: [{ agents: [agent('ev-fast')] }] } },
  ];
  // Paused at once and resumed from the page once it is loaded (as its owner): the page sees the
  // evaluation from its first results to its end.
  const { id, act, cookie } = await start({ set: set(UI_ITEMS), configs, judge: { model: 'fake:ev-fast' }, concurrency: 32 });
  await act('pause');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(observeLongTasks);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: app.url }]);
    const page = await context.newPage();
    const loadStart = Date.now();
    await page.goto(`${app.url}/evals/${id}`);
    await page.getByTestId('evaluation-progress').waitFor();
    const loadMs = Date.now() - loadStart;
    // Its load is not what this measures; what follows is the page updating.
    await page.waitForTimeout(1500);
    const doneAt = async () => Number(await page.getByRole('progressbar', { name: 'Evaluation progress' }).getAttribute('aria-valuenow'));
    const startDone = await doneAt();
    const startedAt = await page.evaluate(() => performance.now());
    await browser.startTracing(page, { categories: TASK_TRACE_CATEGORIES });
    await page.getByTestId('evaluation-resume').click();
    // The page follows it to its end (at most BENCH_EVAL_UI_SECONDS).
    await page.getByTestId('evaluation-status').and(page.locator('[data-status=finished]')).waitFor({ timeout: UI_SECONDS * 1000 }).catch(() => {});
    await page.waitForTimeout(1000);
    const endedAt = await page.evaluate(() => performance.now());
    const traced = mainThreadTasks(await browser.stopTracing());
    const endDone = await doneAt();
    const all = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    const tasks = all.filter((t) => t.start >= startedAt && t.start <= endedAt);
    const loadTasks = all.filter((t) => t.start < startedAt);
    if (process.env.BENCH_DEBUG) console.log('updating:', tasks.map((t) => `${Math.round(t.start - startedAt)}+${Math.round(t.duration)}`).join(' '));
    const longest = Math.max(0, ...tasks.map((t) => t.duration));
    const seconds = (endedAt - startedAt) / 1000;
    const blocking = tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0) / seconds;
    const total = UI_ITEMS * 3;
    // What the page itself did: a task's CPU time, whatever else the machine ran meanwhile.
    const mostCpu = Math.max(0, ...traced.map((t) => t.cpu));
    return {
      figures: [
        { name: `${UI_ITEMS}-item evaluation updating: longest main-thread task`, value: round(longest, 0), unit: 'ms', target: '< 100 ms', met: longest < 100 },
        { name: 'same: blocking time per second', value: round(blocking, 1), unit: 'ms/s' },
        { name: 'same, from a Chromium trace: most CPU time of any main-thread task', value: round(mostCpu, 0), unit: 'ms' },
        { name: 'units finished while measured', value: endDone - startDone, unit: `of ${total}`, target: '> 0', met: endDone > startDone },
      ],
      details: { items: UI_ITEMS, seconds: round(seconds, 1), longTasks: tasks.length, loadMs, longestLoadTaskMs: round(Math.max(0, ...loadTasks.map((t) => t.duration)), 0), doneAtStart: startDone, doneAtEnd: endDone },
    };
  } finally {
    await browser.close();
  }
}

const figures: Figure[] = [];
const details: Record<string, unknown> = {};
try {
  if (!process.env.BENCH_EVAL_ONLY || process.env.BENCH_EVAL_ONLY === 'schedule') {
    const a = await schedule();
    figures.push(...a.figures);
    details.schedule = a.details;
  }
  if (!process.env.BENCH_EVAL_ONLY || process.env.BENCH_EVAL_ONLY === 'ui') {
    const b = await resultsPage();
    figures.push(...b.figures);
    details.resultsPage = b.details;
  }
} finally {
  await app.stop();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
}
report('evaluations', figures, details);
