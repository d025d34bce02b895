'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUsd, formatUsdExact } from '@/lib/format';
import type { RunStats } from '@/lib/run-stats';
import { AXIS, agentLabel, ChartCard, COLORS, GRID, rowTooltip } from './chart-card';

type Row = { label: string; model: string; input: number; cached: number; output: number; total: number; estimated: boolean };

/** USD per agent, stacked by input, cached input and output. Unpriced calls are listed, not drawn as $0. */
export const CostByAgentChart = memo(function CostByAgentChart({ stats }: { stats: RunStats }) {
  const used = stats.agents.filter((a) => a.cost !== undefined);
  const rows: Row[] = used.flatMap((a) =>
    a.cost
      ? [{ label: agentLabel(a), model: a.model, input: a.cost.inputUsd, cached: a.cost.cachedInputUsd, output: a.cost.outputUsd, total: a.cost.totalUsd, estimated: a.estimated }]
      : [],
  );
  const unpriced = used.filter((a) => a.cost === null);
  const hasCached = rows.some((r) => r.cached > 0);

  return (
    <ChartCard
      title="Cost by agent"
      testId="chart-cost-by-agent"
      // An all-zero scale is no chart (and recharts cannot lay one out).
      empty={
        rows.some((r) => r.total > 0)
          ? undefined
          : rows.length
            ? `${rows.length === 1 ? 'The call' : `All ${rows.length} calls`} cost $0 (the offline models are free).`
            : unpriced.length
              ? 'No call has a known price.'
              : 'Costs appear as agents finish.'
      }
      note={unpriced.length > 0 && `Not drawn, price unknown: ${[...new Set(unpriced.map((a) => a.model))].join(', ')} (${unpriced.length} ${unpriced.length === 1 ? 'call' : 'calls'}).`}
      table={{
        caption: 'Cost by agent, USD',
        columns: ['Agent', 'Model', 'Input', 'Cached input', 'Output', 'Total'],
        rows: [
          ...rows.map((r) => [r.label, r.model, formatUsdExact(r.input), formatUsdExact(r.cached), formatUsdExact(r.output), formatUsdExact(r.total)]),
          ...unpriced.map((a) => [agentLabel(a), a.model, '', '', '', 'price unknown']),
        ],
      }}
    >
      <BarChart data={rows} responsive style={{ width: '100%', height: 200 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} interval="preserveStartEnd" />
        <YAxis {...AXIS} width={56} tickFormatter={(v: number) => formatUsd(v)} />
        <Tooltip
          {...rowTooltip((r: Row) => ({
            title: `${r.label} ${r.model}`,
            lines: [
              ['Input', formatUsdExact(r.input)],
              ...(r.cached ? [['Cached input', formatUsdExact(r.cached)] as [string, string]] : []),
              ['Output', formatUsdExact(r.output)],
              [r.estimated ? 'Total (estimated tokens)' : 'Total', formatUsdExact(r.total)],
            ],
          }))}
        />
        <Bar dataKey="input" name="Input" stackId="usd" fill={COLORS.input} isAnimationActive={false} />
        {hasCached && <Bar dataKey="cached" name="Cached input" stackId="usd" fill={COLORS.cached} isAnimationActive={false} />}
        <Bar dataKey="output" name="Output" stackId="usd" fill={COLORS.output} radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
});
