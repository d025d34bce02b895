/**
 * Benchmark 2 — streaming UI: headless Chromium (1280×800) runs a board against the fake
 * provider, every agent streaming one word per delta at 100 tokens/s, and the page's own
 * PerformanceObserver reports long tasks. Scenarios: the 4-layer 8-8-8-1 run, and a
 * 12-1 run (the widest layer allowed) at 200 tokens/s whose first layer streams 2,400 deltas/s
 * at once: the peak the UI must absorb.
 * Figures per scenario: longest main-thread task, total blocking time per second of streaming
 * (Σ over long tasks of the part above 50 ms), and whether every cell ends with exactly the
 * text the provider sent.
 */
import { chromium, type Page } from '@playwright/test';
import { encodeConfig } from '../lib/builder/url-codec';
import { moaConfigSchema } from '../lib/moa/config';
import { startFakeOpenAI } from '../tests/fake-openai/server';
import { startApp } from './app-server';
import { observeLongTasks, report, round, type Figure } from './lib';

const WORDS = Number(process.env.BENCH_UI_WORDS ?? 300); // 3 s of streaming per agent at 100 tokens/s
const PROPOSERS = 12; // the widest layer a config may have
const SPEEDS = [100, 200]; // tokens/s: model `ui<speed>-<k>` streams text k at that pace
const textOf = (k: number) => Array.from({ length: WORDS }, (_, i) => `a${k}w${i}`).join(' ');
const modelIds = SPEEDS.flatMap((speed) => Array.from({ length: PROPOSERS + 1 }, (_, k) => ({ id: `ui${speed}-${k}`, k, speed })));

const fake = await startFakeOpenAI({
  port: Number(process.env.BENCH_FAKE_PORT ?? 4292),
  models: Object.fromEntries(modelIds.map(({ id, k, speed }) => [id, { text: textOf(k), firstTokenMs: 100, tokensPerSecond: speed }])),
});
const app = await startApp(Number(process.env.BENCH_PORT ?? 3293), {
  OPENAI_COMPATIBLE_BASE_URL: fake.url,
  OPENAI_COMPATIBLE_NAME: 'fake',
  OPENAI_COMPATIBLE_MODELS: modelIds.map((m) => m.id).join(','),
  RUN_BURST: '1000',
  RUNS_PER_MINUTE: '1000',
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });

/** Agent k of every layer streams text k; the aggregator text PROPOSERS. */
function board(shape: number[], speed: number) {
  const layers = shape.map((n, l) => ({
    agents: Array.from({ length: n }, (_, k) => ({ model: `fake:ui${speed}-${l === shape.length - 1 ? PROPOSERS : k}`, maxOutputTokens: 2048 })),
  }));
  return moaConfigSchema.parse({ layers });
}

async function scenario(page: Page, name: string, shape: number[], speed: number) {
  const config = board(shape, speed);
  await page.goto(`${app.url}/#c=${encodeConfig(config)}`);
  await page.getByLabel('Prompt', { exact: true }).fill(`Benchmark ${name}`);
  // Let the page settle: its load is not what this measures.
  await page.waitForTimeout(1500);
  const startedAt = await page.evaluate(() => performance.now());
  await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');
  await page.locator('[data-testid=final-answer][data-status=finished]').waitFor({ timeout: 180_000 });
  const endedAt = await page.evaluate(() => performance.now());
  const tasks = (await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks)).filter(
    (t) => t.start >= startedAt && t.start <= endedAt,
  );
  if (process.env.BENCH_DEBUG) console.log(name, tasks.map((t) => `${Math.round(t.start - startedAt)}+${Math.round(t.duration)}`).join(' '));
  const seconds = (endedAt - startedAt) / 1000;
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  const blockingPerSecond = tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0) / seconds;

  // Every cell's final text, against what its model sent.
  const cells = await page.locator('[data-testid=agent-cell]').evaluateAll((els) =>
    els.map((el) => ({
      layer: Number((el as HTMLElement).dataset.layer),
      agent: Number((el as HTMLElement).dataset.agent),
      text: (el.querySelector('[data-testid=agent-text]')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })),
  );
  const mismatched = cells.filter((c) => c.text !== textOf(c.layer === shape.length ? PROPOSERS : c.agent - 1));
  const peakDeltasPerSecond = Math.max(...shape) * speed;
  const figures: Figure[] = [
    { name: `${name}: longest main-thread task`, value: round(longest, 0), unit: 'ms', target: '≤ 100 ms', met: longest <= 100 },
    { name: `${name}: blocking time per second of streaming`, value: round(blockingPerSecond, 1), unit: 'ms/s', target: '< 150 ms/s', met: blockingPerSecond < 150 },
    {
      name: `${name}: cells whose final text differs from what was sent`,
      value: mismatched.length,
      unit: `of ${cells.length}`,
      target: '0',
      met: mismatched.length === 0 && cells.length === shape.reduce((a, b) => a + b, 0),
    },
  ];
  return { figures, details: { shape, tokensPerSecond: speed, seconds: round(seconds, 1), peakDeltasPerSecond, longTasks: tasks.length } };
}

const figures: Figure[] = [];
const details: Record<string, unknown> = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(observeLongTasks);
  const page = await context.newPage();
  // One small run first, unmeasured: the server loads the route's code on its first request.
  await scenario(page, 'warm-up', [1, 1], 100);
  for (const [name, shape, speed] of [
    ['8-8-8-1 at 100 tokens/s', [8, 8, 8, 1], 100],
    ['12-1 at 200 tokens/s', [12, 1], 200],
  ] as const) {
    const result = await scenario(page, name, [...shape], speed);
    figures.push(...result.figures);
    details[name] = result.details;
  }
} finally {
  await browser.close();
  await app.stop();
  await fake.close();
}
report('streaming-ui', figures, { wordsPerAgent: WORDS, scenarios: details });
