import { sumUsage, type TokenUsage } from '../moa/events';
import { agentStats, knownCostUsd, sumAgentStats } from '../run-stats';
import type { RunView } from '../run-view';

/** A run's figures at a glance, kept on its row for the history list. */
export type RunTotals = {
  usage?: TokenUsage;
  /** USD, when prices are known for every model used. */
  costUsd?: number;
  durationMs: number;
  calls: number;
  failedCalls: number;
  layers: number;
};

/** Summarises a reduced run: the server stores it, the history list shows it. */
export function runTotalsOf(view: RunView): RunTotals {
  const agents = view.layers.flat();
  const usage = view.usage ?? sumUsage(agents.flatMap((a) => (a.usage ? [a.usage] : [])));
  // Costs come from the prices the run started with (run-started), as on screen.
  const costUsd = knownCostUsd(sumAgentStats(agents.map((a) => agentStats(a, view.lastT, undefined))));
  return {
    usage,
    ...(costUsd !== null && { costUsd }),
    durationMs: view.lastT,
    // Agents an early stop skipped made no call.
    calls: agents.filter((a) => a.status !== 'skipped').length,
    failedCalls: agents.filter((a) => a.status === 'failed').length,
    layers: view.layers.length,
  };
}
