'use client';

/** A table of the exact figures a chart draws: read by screen readers (and tests) instead of the SVG. */
export type ChartTable = { caption: string; columns: string[]; rows: string[][] };

/** A chart's frame: title, the chart, an empty state, and its data as an accessible table. */
export function ChartCard({
  title, testId, table, empty, note, className = '', children,
}: {
  title: string;
  testId: string;
  table: ChartTable;
  /** Shown instead of the chart while there is nothing to draw. */
  empty?: string;
  note?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <figure
      data-testid={testId}
      className={`flex min-w-0 flex-col rounded-lg border [contain:content] border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <figcaption className="mb-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">{title}</figcaption>
      {/* The chart stays mounted under its empty state: mounting recharts mid-run costs more than updating it. */}
      <div className="relative text-zinc-500 dark:text-zinc-400">
        <div aria-hidden className={empty ? 'invisible' : undefined}>
          {children}
        </div>
        {empty && <p className="absolute inset-0 flex items-center justify-center px-4 text-center text-xs text-zinc-400 dark:text-zinc-500">{empty}</p>}
      </div>
      {note && <p className="mt-1 text-[11px] text-zinc-500 dark:text-zinc-400">{note}</p>}
      <table className="sr-only" data-testid={`${testId}-table`}>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The hover card every chart uses: a title and label/value lines with exact figures. */
export function TooltipCard({ title, lines }: { title: string; lines: [string, string][] }) {
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-[11px] shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <div className="mb-0.5 font-medium text-zinc-900 dark:text-zinc-100">{title}</div>
      {lines.map(([label, value]) => (
        <div key={label} className="flex justify-between gap-4 text-zinc-600 dark:text-zinc-300">
          <span>{label}</span>
          <span className="font-mono tabular-nums">{value}</span>
        </div>
      ))}
    </div>
  );
}

/** Tooltip props for a chart whose hover card describes the hovered row of its data. */
export function rowTooltip<Row>(card: (row: Row) => { title: string; lines: [string, string][] }) {
  return {
    cursor: { fill: 'currentColor', fillOpacity: 0.06 },
    isAnimationActive: false,
    content: ({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) => {
      const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
      return row ? <TooltipCard {...card(row)} /> : null;
    },
  };
}

/** Colours readable on white and on zinc-900. */
export const COLORS = {
  input: '#6366f1',
  cached: '#a5b4fc',
  output: '#f59e0b',
  waiting: '#cbd5e1',
  reasoning: '#a78bfa',
  failed: '#ef4444',
  line: '#10b981',
  budget: '#ef4444',
} as const;

type TickProps = { x?: number | string; y?: number | string; textAnchor?: string; verticalAnchor?: string; payload?: { value: unknown }; index?: number; tickFormatter?: (value: never, index: number) => string };

/**
 * A tick label as plain SVG text. recharts' own passes the axis width to its Text, which then
 * measures every label in the DOM to wrap it: a forced layout of the whole page per update.
 */
function plainTick({ x, y, textAnchor = 'middle', verticalAnchor = 'middle', payload, index = 0, tickFormatter }: TickProps) {
  const value = tickFormatter ? tickFormatter(payload?.value as never, index) : String(payload?.value ?? '');
  const dy = verticalAnchor === 'start' ? '0.71em' : verticalAnchor === 'end' ? '0' : '0.355em';
  return (
    <text x={x} y={y} dy={dy} textAnchor={textAnchor as 'start' | 'middle' | 'end'} fill="currentColor" fontSize={10} className="recharts-text">
      {value}
    </text>
  );
}

/** Axis and grid styling that follows the text colour (light and dark). */
export const AXIS = { tick: plainTick, stroke: 'currentColor', strokeOpacity: 0.3 } as const;
export const GRID = { stroke: 'currentColor', strokeOpacity: 0.12, strokeDasharray: '3 3' } as const;

export const agentLabel = (a: { layer: number; agent: number }) => `L${a.layer + 1}·${a.agent + 1}`;
