'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ConfigResults } from '@/lib/evals/results';
import { EVAL_LIMITS } from '@/lib/evals/spec';
import { AXIS, ChartCard, GRID } from '../charts/chart-card';
import { percent, WIN_RATE_AXIS } from './win-rate-chart';

/** One hue per configuration, readable on white and on zinc-900. */
const SERIES = ['#6366f1', '#f59e0b', '#10b981', '#ec4899', '#0ea5e9', '#a855f7', '#84cc16'];
// Module constants: recharts 3 re-registers an axis or series (a synchronous re-render of the
// chart) whenever a prop's identity changes.
const CHART_STYLE = { width: '100%', height: 240 };
const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
const CURSOR = { fill: 'currentColor', fillOpacity: 0.06 };
const BAR_RADIUS: [number, number, number, number] = [2, 2, 0, 0];
type Row = { category: string; summaries: (ConfigResults['byCategory'][number]['summary'] | undefined)[] };
const rate = (s: Row['summaries'][number]) => s?.winRate ?? null;
/** One accessor per series, made once: a new dataKey function each render would re-register the bar. */
const RATE_OF = Array.from({ length: EVAL_LIMITS.maxConfigs }, (_, i) => (r: Row) => rate(r.summaries[i]));
const formatRate = (v: unknown) => (typeof v === 'number' ? percent(v) : '—');

/** Win rate against the baseline per category, a bar per configuration; the 50% line is the baseline's. */
export const CategoryChart = memo(function CategoryChart({ configs }: { configs: ConfigResults[] }) {
  const categories = [...new Set(configs.flatMap((c) => c.byCategory.map((b) => b.category ?? 'none')))];
  const rows: Row[] = categories.map((category) => ({ category, summaries: configs.map((c) => c.byCategory.find((b) => (b.category ?? 'none') === category)?.summary) }));
  return (
    <ChartCard
      title="Win rate by category"
      testId="chart-win-rate-category"
      empty={rows.length ? undefined : 'Bars appear as items are judged.'}
      note={
        <>
          {/* In HTML, not recharts' Legend: that one measures itself in the DOM and redraws the chart to fit. */}
          <span className="mb-1 flex flex-wrap justify-center gap-x-3 gap-y-0.5" data-testid="category-legend">
            {configs.map((c, i) => (
              <span key={c.id} className="inline-flex items-center gap-1">
                <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ background: SERIES[i % SERIES.length] }} />
                {c.label}
              </span>
            ))}
          </span>
          Dashed line: the baseline (50%). Few items per category make wide intervals: read small differences with care.
        </>
      }
      table={{
        caption: 'Win rate against the baseline by category',
        columns: ['Category', ...configs.map((c) => c.label)],
        rows: rows.map((r) => [r.category, ...r.summaries.map((s) => (rate(s) === null ? '—' : `${percent(rate(s)!)} (n=${s!.n})`))]),
      }}
    >
      <BarChart data={rows} responsive style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid {...GRID} vertical={false} />
        <XAxis dataKey="category" {...AXIS} interval={0} />
        <YAxis {...WIN_RATE_AXIS} />
        <ReferenceLine y={0.5} stroke="currentColor" strokeOpacity={0.5} strokeDasharray="4 3" />
        <Tooltip cursor={CURSOR} isAnimationActive={false} formatter={formatRate} />
        {configs.map((c, i) => (
          <Bar key={c.id} dataKey={RATE_OF[i]} name={c.label} fill={SERIES[i % SERIES.length]} radius={BAR_RADIUS} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartCard>
  );
});
