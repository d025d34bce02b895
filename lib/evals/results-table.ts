/**
 * An evaluation's results as plain-text tables, for a terminal or a text export: per
 * configuration, per category, and the Pareto front. Pure: figures come from deriveResults.
 */
import { formatMs, formatPercent, formatTokens, formatUsd } from '../format';
import type { ConfigResults, EvaluationResults } from './results';

const dash = '—'; // missing, as the evaluation page shows it
const ms = (value: number | null) => (value === null ? dash : formatMs(value));
const usd = (value: number | null) => (value === null ? 'unknown' : formatUsd(value));
const wtl = (c: Pick<NonNullable<ConfigResults['pairwise']>, 'wins' | 'ties' | 'losses'>) => `${c.wins}/${c.ties}/${c.losses}`;

function winRate(summary: ConfigResults['pairwise']): string {
  if (!summary || summary.winRate === null) return dash;
  const interval = summary.interval ? ` [${formatPercent(summary.interval.low)}–${formatPercent(summary.interval.high)}]` : '';
  return `${formatPercent(summary.winRate)}${interval}`;
}

/** Columns padded to their widest cell; numbers (all but the first column) aligned right. */
export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd()).join('\n');
}

/** "7.4 [6.9–7.9]": the mean rating and its 95% t interval. */
export function formatScore(grades: ConfigResults['grades']): string {
  if (!grades || grades.mean === null) return dash;
  return `${grades.mean.toFixed(1)}${grades.interval ? ` [${grades.interval.low.toFixed(1)}–${grades.interval.high.toFixed(1)}]` : ''}`;
}

/** "4.1k": mean tokens (input and output) a run, "*" where some are tokenizer estimates. */
export function formatTokensPerItem(c: Pick<ConfigResults, 'usage' | 'runs'>): string {
  if (!c.usage || !c.runs) return dash;
  return `${formatTokens(Math.round(c.usage.totalTokens / c.runs))}${c.usage.estimated ? '*' : ''}`;
}

export function formatResultsTable(results: EvaluationResults): string {
  const graded = results.configs.some((c) => c.grades);
  const header = ['configuration', 'W/T/L', 'win rate [95% CI]', 'consistency', ...(graded ? ['score 1–10 [95% CI]'] : []), 'mean length', 'cost/item', 'tokens/item', 'latency p50/p95', 'first final token p50', 'failed'];
  const rows = results.configs.map((c) => [
    c.label,
    c.pairwise ? wtl(c.pairwise) : 'baseline',
    c.isBaseline ? dash : winRate(c.pairwise),
    c.pairwise?.consistency == null ? dash : formatPercent(c.pairwise.consistency, 0),
    ...(graded ? [formatScore(c.grades)] : []),
    c.meanLength === null ? dash : `${Math.round(c.meanLength).toLocaleString('en-US')} chars`,
    usd(c.costPerItemUsd),
    formatTokensPerItem(c),
    `${ms(c.latencyMs.p50)} / ${ms(c.latencyMs.p95)}`,
    ms(c.firstFinalTokenMs.p50),
    String(c.failedItems.length),
  ]);
  return textTable([header, ...rows]);
}

/** Win rates by category, a column per candidate; empty when the set has no categories. */
export function formatCategoryTable(results: EvaluationResults): string {
  const candidates = results.configs.filter((c) => !c.isBaseline);
  const categories = [...new Set(candidates.flatMap((c) => c.byCategory.map((b) => b.category)))];
  if (!categories.some((category) => category !== null)) return '';
  const rows = categories.map((category) => [
    category ?? '(none)',
    ...candidates.map((c) => {
      const summary = c.byCategory.find((b) => b.category === category)?.summary;
      return summary ? `${wtl(summary)} ${summary.winRate === null ? dash : formatPercent(summary.winRate, 0)}` : dash;
    }),
  ]);
  return textTable([['category', ...candidates.map((c) => c.label)], ...rows]);
}

/** "Pareto front (win rate vs cost/item): A ($0.001, 50.0%) → B (…)", with what could not be placed. */
export function formatParetoLine(results: EvaluationResults): string {
  const { front, unknownCost } = results.pareto;
  const points = front.map((p) => `${p.label} (${formatUsd(p.cost!)}, ${formatPercent(p.winRate)})`).join(' → ') || dash;
  const unplaced = unknownCost.length ? `; cost unknown: ${unknownCost.map((p) => p.label).join(', ')}` : '';
  return `Pareto front (win rate vs cost/item, cheapest first): ${points}${unplaced}`;
}
