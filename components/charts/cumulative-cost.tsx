'use client';

import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMs, formatUsd, formatUsdExact } from '@/lib/format';
import type { RunStats } from '@/lib/run-stats';
import { AXIS, ChartCard, COLORS, GRID, TooltipCard } from './chart-card';

/** Spend over run time, one step per priced call as it ends; the budget, when set, as a line. */
export const CumulativeCostChart = memo(function CumulativeCostChart({ stats, budgetUsd }: { stats: RunStats; budgetUsd?: number }) {
  const points = stats.costCurve;
  const spent = points.at(-1)?.usd ?? 0;
  // A far-off budget would flatten the curve: draw its line only when it is on a comparable scale.
  const showBudget = budgetUsd !== undefined && budgetUsd <= Math.max(spent * 3, 0);
  return (
    <ChartCard
      title="Cumulative cost"
      testId="chart-cumulative-cost"
      empty={spent > 0 ? undefined : points.length > 1 ? 'Nothing spent so far: every priced call cost $0.' : 'The curve starts when the first priced agent finishes.'}
      note={budgetUsd !== undefined && `Budget ${formatUsd(budgetUsd)}${showBudget ? ' (dashed line)' : ''}`}
      table={{
        caption: 'Cumulative cost by run time',
        columns: ['Run time', 'Call', 'Spent so far'],
        rows: points.slice(1).map((p) => [formatMs(p.t), p.label, formatUsdExact(p.usd)]),
      }}
    >
      <LineChart data={points} responsive style={{ width: '100%', height: 200 }} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} />
        <XAxis type="number" dataKey="t" {...AXIS} domain={[0, 'dataMax']} tickFormatter={(v: number) => formatMs(v)} />
        <YAxis {...AXIS} width={56} domain={[0, 'auto']} tickFormatter={(v: number) => formatUsd(v)} />
        <Tooltip
          isAnimationActive={false}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as RunStats['costCurve'][number] | undefined) : undefined;
            return p ? <TooltipCard title={p.label} lines={[['At', formatMs(p.t)], ['Spent so far', formatUsdExact(p.usd)]]} /> : null;
          }}
        />
        {showBudget && <ReferenceLine y={budgetUsd} stroke={COLORS.budget} strokeDasharray="4 3" ifOverflow="extendDomain" />}
        <Line type="stepAfter" dataKey="usd" stroke={COLORS.line} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
});
