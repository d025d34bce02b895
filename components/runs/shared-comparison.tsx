import Link from 'next/link';
import { formatMs, formatTokens, formatUsd } from '@/lib/format';
import { PRESETS } from '@/lib/moa/presets';
import type { SharedComparison as Data } from '@/lib/runs/shared';
import { Figure } from '../figure';
import MarkdownView from '../markdown-view';
import { StatusPill } from '../status-pill';
import { SharedPage } from './shared-page';

const COLUMNS = ['', 'lg:grid-cols-1', 'lg:grid-cols-2', 'lg:grid-cols-3', 'lg:grid-cols-4'];

/** A stored comparison, read-only and rendered on the server: its runs side by side, each opening its own grid. */
export function SharedComparison({ runs }: { runs: Data['runs'] }) {
  const [first] = runs;
  return (
    <SharedPage newHref="/compare" newLabel="New comparison">
      <section aria-labelledby="comparison-title" className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 id="comparison-title" className="text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          Comparison of {runs.length} runs
        </h1>
        <p className="mt-1 max-h-40 overflow-y-auto px-1 text-sm whitespace-pre-wrap" data-testid="comparison-prompt">
          {first.prompt}
        </p>
      </section>
      <div className={`grid grid-cols-1 gap-4 ${COLUMNS[Math.min(runs.length, 4)]}`} data-testid="comparison-panes">
        {runs.map((run, i) => {
          const preset = PRESETS.find((p) => p.id === run.presetId)?.label;
          const usage = run.totals?.usage;
          return (
            <article
              key={run.id}
              className="flex min-w-0 flex-col rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
              data-testid="comparison-pane"
              data-status={run.status}
            >
              <header className="flex items-center gap-2 border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
                <h2 className="min-w-0 truncate text-sm font-semibold" title={run.shape.models.join(', ')}>
                  {preset ?? (run.shape.calls === 1 ? `Single · ${run.shape.models[0]}` : `${run.shape.layers} layers · ${run.shape.calls} calls`)}
                </h2>
                {i === 0 && (
                  <span className="shrink-0 rounded-full bg-indigo-50 px-2 py-0.5 text-[11px] font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">baseline</span>
                )}
                <span className="ml-auto" />
                <StatusPill status={run.status} />
              </header>
              {/* Figures first, so they line up across panes whatever the answers' lengths. */}
              <dl className="grid grid-cols-3 gap-2 border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
                <Figure label="Tokens" value={usage ? `${formatTokens(usage.totalTokens)}${usage.estimated ? '*' : ''}` : '—'} />
                <Figure label="Cost" value={run.totals?.costUsd !== undefined ? formatUsd(run.totals.costUsd) : 'unknown'} />
                <Figure label="Wall time" value={run.totals ? formatMs(run.totals.durationMs) : '—'} />
              </dl>
              <div className="min-h-24 px-3 py-2 text-sm" data-testid="comparison-answer">
                {run.finalText ? <MarkdownView text={run.finalText} /> : <p className="text-zinc-500 italic">No final answer ({run.status}).</p>}
              </div>
              <Link href={`/r/${run.id}`} className="mt-auto border-t border-zinc-100 px-3 py-2 text-xs font-medium text-indigo-700 hover:underline dark:border-zinc-800 dark:text-indigo-300" data-testid="open-run">
                Open this run’s grid →
              </Link>
            </article>
          );
        })}
      </div>
    </SharedPage>
  );
}
