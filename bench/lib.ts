import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Figure = { name: string; value: number; unit: string; target?: string; met?: boolean };

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
export const median = (values: number[]) => percentile(values, 50);
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Prints each figure against its target and writes them to bench/results/<name>.json. */
export function report(bench: string, figures: Figure[], details: Record<string, unknown> = {}) {
  console.log(`\n== ${bench}`);
  for (const f of figures) {
    const verdict = f.met === undefined ? '' : f.met ? '  ✓ target met' : '  ✗ target missed';
    console.log(`  ${f.name}: ${f.value} ${f.unit}${f.target ? `  (target ${f.target})` : ''}${verdict}`);
  }
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${bench}.json`), JSON.stringify({ bench, at: new Date().toISOString(), figures, ...details }, null, 2));
}

/** For a page's init script: records every long task (≥ 50 ms) of the main thread in window.__longTasks. */
export function observeLongTasks() {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Chromium trace categories that give every task of a thread its wall and CPU (thread) time. */
export const TASK_TRACE_CATEGORIES = ['toplevel', 'disabled-by-default-devtools.timeline'];

type TraceEvent = { name: string; ph: string; pid: number; tid: number; dur?: number; tdur?: number; args?: { name?: string } };

/**
 * The page's main-thread tasks in a Chromium trace (`browser.stopTracing()`), in ms: `wall` is what
 * a long task measures, `cpu` the time the thread ran. On a busy machine they part: a task
 * preempted by other processes is long in wall time without the page doing more.
 */
export function mainThreadTasks(trace: Buffer): { wall: number; cpu: number }[] {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const threadKey = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map(threadKey));
  const byThread = new Map<string, { wall: number; cpu: number }[]>();
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !mains.has(threadKey(e))) continue;
    const tasks = byThread.get(threadKey(e)) ?? [];
    tasks.push({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000 });
    byThread.set(threadKey(e), tasks);
  }
  // The page's renderer is the one that worked most.
  return [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}
