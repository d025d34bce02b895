'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ConfigResults } from '@/lib/evals/results';
import { AXIS, ChartCard, GRID } from '../charts/chart-card';

/** One hue per configuration, readable on white and on zinc-900. */
const SERIES = ['#6366f1', '#f59e0b', '#10b981', '#ec4899', '#0ea5e9', '#a855f7', '#84cc16'];
const percent = (v: number) => `${Math.round(v * 100)}%`;

/** Win rate against the baseline per category, a bar per configuration; the 50% line is the baseline's. */
export const CategoryChart = memo(function CategoryChart({ configs }: { configs: ConfigResults[] }) {
  const categories = [...new Set(configs.flatMap((c) => c.byCategory.map((b) => b.category ?? 'none')))];
  type Row = { category: string; summaries: (ConfigResults['byCategory'][number]['summary'] | undefined)[] };
  const rows: Row[] = categories.map((category) => ({ category, summaries: configs.map((c) => c.byCategory.find((b) => (b.category ?? 'none') === category)?.summary) }));
  const rate = (s: Row['summaries'][number]) => s?.winRate ?? null;
  return (
    <ChartCard
      title="Win rate by category"
      testId="chart-win-rate-category"
      empty={rows.length ? undefined : 'Bars appear as items are judged.'}
      note="Dashed line: the baseline (50%). Few items per category make wide intervals: read small differences with care."
      table={{
        caption: 'Win rate against the baseline by category',
        columns: ['Category', ...configs.map((c) => c.label)],
        rows: rows.map((r) => [r.category, ...r.summaries.map((s) => (rate(s) === null ? '—' : `${percent(rate(s)!)} (n=${s!.n})`))]),
      }}
    >
      <BarChart data={rows} responsive style={{ width: '100%', height: 240 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...GRID} vertical={false} />
        <XAxis dataKey="category" {...AXIS} interval={0} />
        <YAxis {...AXIS} width={40} domain={[0, 1]} tickFormatter={percent} />
        <ReferenceLine y={0.5} stroke="currentColor" strokeOpacity={0.5} strokeDasharray="4 3" />
        <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.06 }} isAnimationActive={false} formatter={(v) => (typeof v === 'number' ? percent(v) : '—')} />
        <Legend wrapperStyle={{ fontSize: 10 }} />
        {configs.map((c, i) => (
          <Bar key={c.id} dataKey={(r: Row) => rate(r.summaries[i])} name={c.label} fill={SERIES[i % SERIES.length]} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
});
