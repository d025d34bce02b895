'use client';

import { CostByAgentChart } from '@/components/charts/cost-by-agent';
import { CumulativeCostChart } from '@/components/charts/cumulative-cost';
import { TimelineChart } from '@/components/charts/timeline';
import { TokensByLayerChart } from '@/components/charts/tokens-by-layer';
import { useFrameTurn } from '@/components/use-frame-turn';
import type { RunStats } from '@/lib/run-stats';

/** The four charts of a run. Its own module so recharts loads only once a run has figures. */
export default function RunCharts({ stats, budgetUsd }: { stats: RunStats; budgetUsd?: number }) {
  return (
    <>
      <InItsOwnFrame>
        <CostByAgentChart stats={stats} />
      </InItsOwnFrame>
      <InItsOwnFrame>
        <TokensByLayerChart stats={stats} />
      </InItsOwnFrame>
      <InItsOwnFrame>
        <TimelineChart stats={stats} />
      </InItsOwnFrame>
      <InItsOwnFrame>
        <CumulativeCostChart stats={stats} budgetUsd={budgetUsd} />
      </InItsOwnFrame>
    </>
  );
}

/**
 * Mounts a chart in an animation frame of its own (lib/browser/frame-queue.ts): the four mounting
 * together, as a run ends, were one 150-200 ms task. Until then, a frame of the card's size.
 */
function InItsOwnFrame({ children }: { children: React.ReactNode }) {
  const turn = useFrameTurn();
  if (turn) return children;
  return <div aria-hidden className="h-[250px] rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" />;
}
