/** The figures a comparison sets side by side, and their ratios to the baseline pane. */
import { agentStats, knownCostUsd, sumAgentStats } from '../run-stats';
import { finalAgent, type RunView } from '../run-view';

export type PaneFigures = {
  /** USD; null when some call had no known price (a ratio would mislead). */
  costUsd: number | null;
  /** Some calls have no price: the cost is unknown or partial. */
  unpriced: number;
  totalTokens: number;
  /** Run start to its last event. */
  wallMs: number;
  /** Run start to the aggregator's first token: when a reader sees the answer begin. */
  firstFinalTokenMs?: number;
};

export function paneFigures(view: RunView): PaneFigures {
  const totals = sumAgentStats(view.layers.flat().map((a) => agentStats(a, view.lastT, view.parameters)));
  const aggregator = finalAgent(view);
  return {
    costUsd: knownCostUsd(totals),
    unpriced: totals.unpriced,
    totalTokens: totals.inputTokens + totals.outputTokens,
    wallMs: view.lastT,
    ...(aggregator?.startedT !== undefined && aggregator.firstTokenMs !== undefined && { firstFinalTokenMs: Math.round(aggregator.startedT + aggregator.firstTokenMs) }),
  };
}

/** value ÷ baseline, or null when either is unknown or the baseline is zero. */
export function ratio(value: number | null | undefined, baseline: number | null | undefined): number | null {
  if (value === null || value === undefined || baseline === null || baseline === undefined || baseline <= 0) return null;
  return value / baseline;
}

/** "5.8×", "12×", "0.45×". */
export function formatRatio(r: number): string {
  if (r >= 10) return `${Math.round(r)}×`;
  if (r >= 1) return `${(Math.round(r * 10) / 10).toFixed(1)}×`;
  return `${r.toPrecision(2)}×`;
}
