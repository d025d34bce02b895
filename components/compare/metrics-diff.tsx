'use client';

import { useStore } from 'zustand';
import { formatRatio, paneFigures, ratio, type PaneFigures } from '@/lib/compare/diff';
import { sourceLabel } from '@/lib/compare/panes';
import { formatMs, formatTokens, formatUsd, formatUsdExact } from '@/lib/format';
import { useConfig } from '@/lib/stores/config-store';
import { useCompareStore, type Pane } from '@/lib/stores/compare-store';
import { PANE_COLUMNS } from './columns';
import { VerdictBadge } from './verdict';

/** A JSON string, so the selector's result is stable between deltas that change no figure. */
const usePaneFigures = (pane: Pane): PaneFigures => JSON.parse(useStore(pane.run, (s) => JSON.stringify(paneFigures(s.view))));

/** Each pane's cost, tokens and times, and their ratio to the baseline's (the first pane). */
export function MetricsDiff() {
  const panes = useCompareStore((s) => s.panes);
  return (
    <section aria-label="Metrics, against the baseline" className={`grid grid-cols-1 gap-4 ${PANE_COLUMNS[panes.length]}`} data-testid="metrics-diff">
      {panes.map((pane, i) => (
        <DiffCell key={pane.id} pane={pane} baseline={panes[0]} index={i} />
      ))}
    </section>
  );
}

function DiffCell({ pane, baseline, index }: { pane: Pane; baseline: Pane; index: number }) {
  const models = useConfig((s) => s.models);
  const mine = usePaneFigures(pane);
  const base = usePaneFigures(baseline);
  const status = useStore(pane.run, (s) => s.view.status);
  const isBaseline = pane === baseline;
  const started = status !== 'idle';
  const cost = mine.costUsd === null ? (mine.unpriced && started ? 'price unknown' : '–') : started ? formatUsd(mine.costUsd) : '–';

  return (
    <div
      className="rounded-lg border border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="diff-cell"
      data-pane={index + 1}
      aria-label={`Pane ${index + 1}: ${sourceLabel(pane.source, models)}`}
      role="group"
    >
      <div className="mb-1 flex items-center gap-2 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        <span className="truncate">{sourceLabel(pane.source, models)}</span>
        {isBaseline ? <span className="rounded bg-zinc-100 px-1 normal-case dark:bg-zinc-800">baseline</span> : <VerdictBadge judge={pane.judge} />}
      </div>
      <dl className="grid grid-cols-2 gap-x-3 gap-y-1 sm:grid-cols-4 md:grid-cols-2 2xl:grid-cols-4">
        <Figure label="Cost" value={cost} title={mine.costUsd !== null && started ? formatUsdExact(mine.costUsd) : undefined} r={started ? ratio(mine.costUsd, base.costUsd) : null} baseline={isBaseline} id="cost" />
        <Figure label="Tokens" value={started ? formatTokens(mine.totalTokens) : '–'} title={started ? mine.totalTokens.toLocaleString('en-US') : undefined} r={started ? ratio(mine.totalTokens, base.totalTokens) : null} baseline={isBaseline} id="tokens" />
        <Figure label="Wall time" value={started ? formatMs(mine.wallMs) : '–'} r={status === 'finished' ? ratio(mine.wallMs, base.wallMs) : null} baseline={isBaseline} id="wall" />
        <Figure
          label="First final token"
          value={mine.firstFinalTokenMs !== undefined ? formatMs(mine.firstFinalTokenMs) : '–'}
          r={ratio(mine.firstFinalTokenMs, base.firstFinalTokenMs)}
          baseline={isBaseline}
          id="ttft"
          hint="From the start of the run to the aggregator's first token"
        />
      </dl>
    </div>
  );
}

function Figure({ label, value, title, r, baseline, id, hint }: { label: string; value: string; title?: string; r: number | null; baseline: boolean; id: string; hint?: string }) {
  return (
    <div className="min-w-0">
      <dt className="truncate text-[10px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400" title={hint}>
        {label}
      </dt>
      <dd className="flex items-baseline gap-1.5 font-mono text-sm tabular-nums">
        <span data-testid={`diff-${id}`} title={title}>
          {value}
        </span>
        {!baseline && r !== null && (
          <span
            className={`text-xs ${r > 1.05 ? 'text-amber-700 dark:text-amber-400' : r < 0.95 ? 'text-emerald-700 dark:text-emerald-400' : 'text-zinc-500'}`}
            title={`${r.toFixed(3)} × the baseline`}
            data-testid={`diff-${id}-ratio`}
          >
            {formatRatio(r)}
          </span>
        )}
      </dd>
    </div>
  );
}
