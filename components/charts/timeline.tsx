'use client';

import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMs, formatRate, formatTokens } from '@/lib/format';
import type { RunStats } from '@/lib/run-stats';
import { AXIS, agentLabel, ChartCard, COLORS, GRID, rowTooltip } from './chart-card';

type Row = {
  label: string;
  model: string;
  status: string;
  start: number;
  /** Request to first token (or to the end, when no token came). */
  wait: number;
  /** First token to the first answer token, for an agent that reasoned first. */
  think: number;
  /** First answer token (or first token) to last token. */
  gen: number;
  ttft?: number;
  firstAnswer?: number;
  latency: number;
  output: number;
  rate?: number;
};

const ROW_PX = 20;

/** A Gantt of every agent from request to last token; the pale part is the wait for the first token. */
export const TimelineChart = memo(function TimelineChart({ stats }: { stats: RunStats }) {
  const rows: Row[] = stats.agents.flatMap((a) => {
    if (a.startT === undefined || a.endT === undefined) return [];
    const first = a.firstTokenT ?? a.endT;
    const answerAt = a.firstAnswerMs !== undefined ? Math.min(a.endT, a.startT + a.firstAnswerMs) : first;
    return [{
      label: agentLabel(a), model: a.model, status: a.status, start: a.startT,
      wait: Math.max(0, first - a.startT), think: Math.max(0, answerAt - first), gen: Math.max(0, a.endT - Math.max(first, answerAt)),
      ttft: a.ttftMs, firstAnswer: a.firstAnswerMs, latency: a.latencyMs ?? a.endT - a.startT, output: a.outputTokens, rate: a.tokensPerSecond,
    }];
  });

  return (
    <ChartCard
      title="Timeline"
      testId="chart-timeline"
      empty={rows.length ? undefined : 'Each agent’s bar appears when its request is sent.'}
      note={
        rows.length > 0 && (
          <>
            <Swatch color={COLORS.waiting} /> waiting for the first token ·{' '}
            {rows.some((r) => r.think > 0) && (
              <>
                <Swatch color={COLORS.reasoning} /> reasoning ·{' '}
              </>
            )}
            <Swatch color={COLORS.input} /> generating · critical path{' '}
            <span className="font-mono whitespace-nowrap">{formatMs(stats.criticalPathMs)}</span> of{' '}
            <span className="font-mono whitespace-nowrap">{formatMs(stats.wallMs)}</span> wall time
          </>
        )
      }
      table={{
        caption: 'Timeline: run-relative ms of each agent’s request, first token and last token',
        columns: ['Agent', 'Model', 'Status', 'Request at', 'Time to first token', 'Time to first answer token', 'Latency'],
        rows: rows.map((r) => [
          r.label, r.model, r.status, formatMs(r.start), r.ttft === undefined ? '' : formatMs(r.ttft), r.firstAnswer !== undefined ? formatMs(r.firstAnswer) : r.ttft !== undefined ? formatMs(r.ttft) : '', formatMs(r.latency),
        ]),
      }}
    >
      <BarChart
        data={rows}
        layout="vertical"
        responsive
        style={{ width: '100%', height: Math.max(80, rows.length * ROW_PX + 36) }}
        margin={{ top: 4, right: 12, bottom: 0, left: 0 }}
        barCategoryGap={3}
      >
        <CartesianGrid {...GRID} horizontal={false} />
        <XAxis type="number" {...AXIS} tickFormatter={(v: number) => formatMs(v)} domain={[0, 'dataMax']} />
        <YAxis type="category" dataKey="label" {...AXIS} width={44} interval={0} />
        <Tooltip
          {...rowTooltip((r: Row) => ({
            title: `${r.label} ${r.model}`,
            lines: [
              ['Request at', formatMs(r.start)],
              ['Time to first token', r.ttft === undefined ? '–' : formatMs(r.ttft)],
              ...(r.firstAnswer !== undefined ? [['First answer token', formatMs(r.firstAnswer)] as [string, string]] : []),
              ['Latency', formatMs(r.latency)],
              ['Output tokens', formatTokens(r.output)],
              ...(r.rate ? [['Speed', formatRate(r.rate)] as [string, string]] : []),
              ['Status', r.status],
            ],
          }))}
        />
        <Bar dataKey="start" stackId="g" fill="transparent" isAnimationActive={false} />
        <Bar dataKey="wait" stackId="g" fill={COLORS.waiting} isAnimationActive={false} />
        <Bar dataKey="think" stackId="g" fill={COLORS.reasoning} isAnimationActive={false} />
        <Bar dataKey="gen" stackId="g" isAnimationActive={false}>
          {rows.map((r, i) => (
            <Cell key={i} fill={r.status === 'failed' || r.status === 'cancelled' ? COLORS.failed : COLORS.input} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
});

const Swatch = ({ color }: { color: string }) => <span className="inline-block size-2 rounded-sm align-middle" style={{ background: color }} />;
