import { sumUsage, type TokenUsage } from '../moa/events';
import { agentStats, knownCostUsd, sumAgentStats } from '../run-stats';
import type { AgentView, RunView } from '../run-view';

/** A run's figures at a glance, kept on its row for the history list. */
export type RunTotals = {
  usage?: TokenUsage;
  /** USD, when prices are known for every model used. */
  costUsd?: number;
  durationMs: number;
  /** Model requests: retries, re-asked rankings and a sliding window's steps each count. */
  calls: number;
  failedCalls: number;
  layers: number;
};

/**
 * Requests an agent made: its attempts (a retry, or a ranking asked for again) and a sliding
 * window's earlier steps; none when an early stop skipped it.
 */
export const modelCallsOf = (agent: AgentView): number =>
  agent.status === 'skipped' || agent.status === 'waiting' ? 0 : (agent.retry?.attempt ?? 1) + (agent.windows?.length ?? 0);

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
    calls: agents.reduce((sum, a) => sum + modelCallsOf(a), 0),
    failedCalls: agents.filter((a) => a.status === 'failed').length,
    layers: view.layers.length,
  };
}
