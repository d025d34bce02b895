'use client';

import { memo } from 'react';
import { roleOf } from '@/lib/builder/board';
import type { Strategy } from '@/lib/moa/config';
import { useConfig } from '@/lib/stores/config-store';

const H = 132;
const COL = 76;
const PAD = 14;

const NODE_CLASS = {
  proposer: 'fill-zinc-400 dark:fill-zinc-500',
  refiner: 'fill-sky-500 dark:fill-sky-400',
  aggregator: 'fill-indigo-600 dark:fill-indigo-400',
  judge: 'fill-amber-500 dark:fill-amber-400',
  ranker: 'fill-teal-500 dark:fill-teal-400',
} as const;

/** The layers as nodes; every agent reads every answer of the layer before, so edges fan in. */
export const GraphPreview = memo(function GraphPreview() {
  const counts = useConfig((s) => s.config.layers.map((l) => l.agents.length).join(','))
    .split(',')
    .map(Number);
  // A string, so the selector result is stable between renders.
  const strategies = useConfig((s) => s.config.layers.map((l) => l.strategy ?? '').join(','))
    .split(',')
    .map((s) => (s || undefined) as Strategy | undefined);
  const layers = counts.length;
  const width = COL * (layers + 1) + 2 * PAD;
  const x = (column: number) => PAD + COL * column + 10;
  const ys = (n: number) => (n === 1 ? [H / 2] : Array.from({ length: n }, (_, i) => PAD + 6 + (i * (H - 2 * PAD - 24)) / (n - 1)));
  const columns = counts.map((n, l) => ({ x: x(l + 0.5), ys: ys(n), role: roleOf(l, layers, strategies[l]) }));
  const promptX = x(0) - 4;
  const answerX = x(layers + 0.5) - 14;
  const parts = [
    `the prompt goes to ${layers === 1 ? 'one agent, which writes the answer' : `${counts[0]} ${counts[0] === 1 ? 'proposer' : 'proposers'}`}`,
    ...counts.slice(1, -1).map((n, i) => (columns[i + 1].role === 'judge'
        ? `layer ${i + 2} has a judge that keeps the best answers`
        : columns[i + 1].role === 'ranker'
          ? `layer ${i + 2} is a council of ${n} ${n === 1 ? 'ranker' : 'rankers'}`
          : `layer ${i + 2} has ${n} ${n === 1 ? 'refiner' : 'refiners'}`)),
    ...(layers > 1 ? [columns[layers - 1].role === 'judge' ? 'a judge keeps the best answer as the final one' : 'one aggregator writes the final answer'] : []),
  ];
  const label = `Graph preview: ${parts.join('; ')}. Each agent reads every answer of the layer before it.`;

  return (
    <figure className="min-w-0" data-testid="graph-preview">
      <svg viewBox={`0 0 ${width} ${H}`} className="h-32 w-full" role="img" aria-label={label} preserveAspectRatio="xMidYMid meet">
        <g className="stroke-zinc-300 dark:stroke-zinc-700" strokeWidth={counts.some((n) => n > 6) ? 0.6 : 1}>
          {columns[0].ys.map((y, i) => (
            <line key={`p${i}`} x1={promptX} y1={H / 2} x2={columns[0].x} y2={y} />
          ))}
          {columns.slice(1).map((column, l) =>
            columns[l].ys.flatMap((y1, i) => column.ys.map((y2, j) => <line key={`${l}-${i}-${j}`} x1={columns[l].x} y1={y1} x2={column.x} y2={y2} />)),
          )}
          <line x1={columns[layers - 1].x} y1={H / 2} x2={answerX} y2={H / 2} />
        </g>
        <rect x={promptX - 8} y={H / 2 - 8} width={16} height={16} rx={3} className="fill-zinc-700 dark:fill-zinc-300" />
        <rect x={answerX - 8} y={H / 2 - 8} width={16} height={16} rx={3} className="fill-indigo-600 dark:fill-indigo-400" />
        {columns.map((column, l) =>
          column.ys.map((y, i) => (
            <circle key={`${l}-${i}`} cx={column.x} cy={y} r={column.role === 'aggregator' ? 8 : column.ys.length > 8 ? 4 : 5.5} className={NODE_CLASS[column.role]} />
          )),
        )}
        <g className="fill-zinc-500 text-[9px] dark:fill-zinc-400" textAnchor="middle">
          <text x={promptX} y={H - 2}>prompt</text>
          {columns.map((column, l) => (
            <text key={l} x={column.x} y={H - 2}>
              {column.role === 'aggregator' ? 'aggregator' : column.role === 'judge' ? 'top-k judge' : `L${l + 1} × ${column.ys.length}`}
            </text>
          ))}
          <text x={answerX} y={H - 2}>answer</text>
        </g>
      </svg>
    </figure>
  );
});
