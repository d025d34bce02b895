'use client';

import { memo, useCallback, useMemo } from 'react';
import { CartesianGrid, ComposedChart, Scatter, Tooltip, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import { formatPercent } from '@/lib/format';
import { AXIS, ChartCard, COLORS, GRID, TooltipCard } from '../charts/chart-card';

/** A configuration as a point: its win rate against the baseline (with its interval) over a cost or a time. */
export type WinRatePoint = { id: string; label: string; x: number | null; winRate: number | null; low: number | null; high: number | null };

type DrawnPoint = WinRatePoint & { x: number; winRate: number };
type TooltipContentProps = { active?: boolean; payload?: readonly { payload?: unknown }[] };

/** Win rates as the axes and tooltips of the evaluation charts show them: whole percent. */
export const percent = (v: number) => formatPercent(v, 0);
// Module constants: recharts 3 re-registers an axis or series in its store (a synchronous
// re-render of the chart) whenever a prop's identity changes, so literal objects cost an update each.
const WIN_RATE_TICKS = [0, 0.25, 0.5, 0.75, 1];
const WIN_RATE_DOMAIN = [0, 1];
/** The win-rate axis of both evaluation charts: fixed ticks, so recharts computes none (niceTicks 'none'). */
export const WIN_RATE_AXIS = { ...AXIS, interval: 0, width: 40, domain: WIN_RATE_DOMAIN, ticks: WIN_RATE_TICKS, tickFormatter: percent, niceTicks: 'none' } as const;
// From zero: a cost or a time is read against nothing spent; and a lone point (or points a few ms
// apart) on an auto domain got ticks that all read the same ("2.4 s" five times).
const X_DOMAIN: Readonly<[number, string]> = [0, 'auto'];
const CHART_STYLE = { width: '100%', height: 240 };
const CHART_MARGIN = { top: 12, right: 110, bottom: 8, left: 0 };

// A point, its interval and its label are one mark, and the front one path: recharts' ErrorBar,
// LabelList and Line each register in its store, and every registration re-rendered the chart
// synchronously on its first drawing (the evaluation page's longest task, bench/evaluations.ts).
const pointMark = (props: unknown) => <PointMark {...(props as PointMarkProps)} />;

type PointMarkProps = { cx?: number; cy?: number; payload?: DrawnPoint };

function PointMark({ cx, cy, payload }: PointMarkProps) {
  const y = useYAxisScale();
  if (cx === undefined || cy === undefined || !payload) return null;
  const { low, high, label } = payload;
  const top = y && high !== null ? y(high) : undefined;
  const bottom = y && low !== null ? y(low) : undefined;
  return (
    <g>
      {top !== undefined && bottom !== undefined && (
        <path d={`M${cx - 2},${top}h4M${cx},${top}V${bottom}M${cx - 2},${bottom}h4`} stroke={COLORS.input} fill="none" />
      )}
      <circle cx={cx} cy={cy} r={4.5} fill={COLORS.input} />
      <text x={cx + 8} y={cy} dy="0.355em" fontSize={10} fill="currentColor">
        {label}
      </text>
    </g>
  );
}

/** The Pareto front, in order of x, as one dashed path. */
function FrontLine({ points }: { points: DrawnPoint[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const at = x && y ? points.map((p) => [x(p.x), y(p.winRate)]).filter((xy): xy is number[] => xy.every((v) => v !== undefined)) : [];
  if (at.length < 2) return null;
  const d = at.map(([px, py], i) => `${i ? 'L' : 'M'}${px},${py}`).join('');
  return <path d={d} stroke={COLORS.line} strokeWidth={1.5} strokeDasharray="4 3" fill="none" data-testid="pareto-front" />;
}

/**
 * Win rate against a measure of what it takes (cost per item, latency): the paper's Fig. 5.
 * `front` (ids, in order of x) is drawn as a line: the configurations no other beats on both.
 */
export const WinRateChart = memo(function WinRateChart({
  title, testId, points, front, xLabel, formatX, empty,
}: {
  title: string;
  testId: string;
  points: WinRatePoint[];
  front?: string[];
  xLabel: string;
  formatX: (v: number) => string;
  empty?: string;
}) {
  const drawn = points.filter((p): p is DrawnPoint => p.x !== null && p.winRate !== null);
  const frontLine = (front ?? []).flatMap((id) => drawn.filter((p) => p.id === id));
  // Stable unless its axis changes (see the module constants).
  const tooltip = useCallback(
    ({ active, payload }: TooltipContentProps) => {
      const p = active ? (payload?.[0]?.payload as DrawnPoint | undefined) : undefined;
      return p ? (
        <TooltipCard
          title={p.label}
          lines={[
            [xLabel, formatX(p.x)],
            ['Win rate', percent(p.winRate)],
            ['95% interval', p.low === null || p.high === null ? '—' : `${percent(p.low)}–${percent(p.high)}`],
          ]}
        />
      ) : null;
    },
    [xLabel, formatX],
  );
  const missing = points.filter((p) => p.x === null || p.winRate === null);
  // Offline simulations cost $0 each: one column of points trades nothing off.
  const flat = drawn.length > 1 && drawn.every((p) => p.x === drawn[0].x);
  // Under its empty state the chart is not seen: it keeps its last drawing instead of redrawing
  // on every update (recharts redraws synchronously; an offline evaluation's $0 costs stay flat).
  const hidden = !drawn.length || flat;
  // Stands for the points and the front in the memo's dependencies.
  const drawing = hidden ? 'hidden' : JSON.stringify([drawn, frontLine]);
  const chart = useMemo(
    () => (
      <ComposedChart responsive style={CHART_STYLE} margin={CHART_MARGIN}>
        <CartesianGrid {...GRID} />
        {/* interval 0: every tick shown, none measured (measuring forced a layout of the whole page each update). */}
        <XAxis type="number" dataKey="x" name={xLabel} {...AXIS} interval={0} domain={X_DOMAIN} tickFormatter={formatX} />
        <YAxis type="number" dataKey="winRate" {...WIN_RATE_AXIS} />
        <Tooltip isAnimationActive={false} content={tooltip} />
        {frontLine.length > 1 && <FrontLine points={frontLine} />}
        <Scatter data={drawn} isAnimationActive={false} shape={pointMark} />
      </ComposedChart>
    ),
    [drawing, tooltip, xLabel, formatX],
  );
  return (
    <ChartCard
      title={title}
      testId={testId}
      empty={!drawn.length ? (empty ?? 'Points appear as items are judged.') : flat ? `Every configuration has the same ${xLabel.toLowerCase()} (${formatX(drawn[0].x)}): nothing to trade off.` : undefined}
      note={
        <>
          {front && front.length > 0 && drawn.length > 0 && !flat && 'Line: the Pareto front (no configuration does better on both). '}
          Bars: 95% interval. {missing.length > 0 && `Not drawn (no ${xLabel.toLowerCase()} or no verdict yet): ${missing.map((p) => p.label).join(', ')}.`}
        </>
      }
      table={{
        caption: `${title}: win rate against the baseline by ${xLabel.toLowerCase()}`,
        columns: ['Configuration', xLabel, 'Win rate', '95% interval', 'On the front'],
        rows: points.map((p) => [
          p.label,
          p.x === null ? 'unknown' : formatX(p.x),
          p.winRate === null ? '—' : percent(p.winRate),
          p.low === null || p.high === null ? '—' : `${percent(p.low)}–${percent(p.high)}`,
          front?.includes(p.id) ? 'yes' : 'no',
        ]),
      }}
    >
      {chart}
    </ChartCard>
  );
});
