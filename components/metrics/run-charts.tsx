'use client';

import { CostByAgentChart } from '@/components/charts/cost-by-agent';
import { CumulativeCostChart } from '@/components/charts/cumulative-cost';
import { TimelineChart } from '@/components/charts/timeline';
import { TokensByLayerChart } from '@/components/charts/tokens-by-layer';
import type { RunStats } from '@/lib/run-stats';

/** The four charts of a run. Its own module so recharts loads only once a run has figures. */
export default function RunCharts({ stats, budgetUsd }: { stats: RunStats; budgetUsd?: number }) {
  return (
    <>
      <CostByAgentChart stats={stats} />
      <TokensByLayerChart stats={stats} />
      <TimelineChart stats={stats} />
      <CumulativeCostChart stats={stats} budgetUsd={budgetUsd} />
    </>
  );
}
