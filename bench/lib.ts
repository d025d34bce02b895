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
