'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTokens } from '@/lib/format';
import type { RunStats } from '@/lib/run-stats';
import { AXIS, ChartCard, COLORS, GRID, rowTooltip } from './chart-card';

type Row = { label: string; input: number; cached: number; output: number; reasoning: number; estimated: boolean };

/** Tokens per layer: uncached input, cached input and output (reasoning is part of output). */
export const TokensByLayerChart = memo(function TokensByLayerChart({ stats }: { stats: RunStats }) {
  const rows: Row[] = stats.layers.map((l) => ({
    label: `Layer ${l.layer + 1}`,
    input: l.inputTokens - l.cachedTokens,
    cached: l.cachedTokens,
    output: l.outputTokens,
    reasoning: l.reasoningTokens,
    estimated: l.estimated,
  }));
  const any = rows.some((r) => r.input + r.cached + r.output > 0);
  const hasCached = rows.some((r) => r.cached > 0);
  const n = (v: number) => v.toLocaleString('en-US');

  return (
    <ChartCard
      title="Tokens by layer"
      testId="chart-tokens-by-layer"
      empty={any ? undefined : 'Token counts appear as agents finish.'}
      note={rows.some((r) => r.estimated) && '* some counts are tokenizer estimates'}
      table={{
        caption: 'Tokens by layer',
        columns: ['Layer', 'Input', 'Cached input', 'Output', 'Reasoning'],
        rows: rows.map((r) => [r.label, n(r.input + r.cached), n(r.cached), n(r.output), n(r.reasoning)]),
      }}
    >
      <BarChart data={rows} responsive style={{ width: '100%', height: 200 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} vertical={false} />
        <XAxis dataKey="label" {...AXIS} />
        <YAxis {...AXIS} width={44} tickFormatter={(v: number) => formatTokens(v)} />
        <Tooltip
          {...rowTooltip((r: Row) => ({
            title: `${r.label}${r.estimated ? ' (some estimated)' : ''}`,
            lines: [
              ['Input', n(r.input + r.cached)],
              ...(r.cached ? [['of which cached', n(r.cached)] as [string, string]] : []),
              ['Output', n(r.output)],
              ...(r.reasoning ? [['of which reasoning', n(r.reasoning)] as [string, string]] : []),
            ],
          }))}
        />
        <Bar dataKey="input" name="Input" stackId="t" fill={COLORS.input} isAnimationActive={false} />
        {hasCached && <Bar dataKey="cached" name="Cached input" stackId="t" fill={COLORS.cached} isAnimationActive={false} />}
        <Bar dataKey="output" name="Output" stackId="t" fill={COLORS.output} radius={[2, 2, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
});
