'use client';

import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import { callsPerRun } from '@/lib/moa/config';
import { configOf, sourceFromKey, sourceKey, sourceLabel, sourceOptions } from '@/lib/compare/panes';
import { answerOf, finalAgent } from '@/lib/run-view';
import { useConfig } from '@/lib/stores/config-store';
import { useCompareStore, type Pane } from '@/lib/stores/compare-store';
import { buttonClass } from '../builder/ui';
import { Markdown } from '../markdown';
import { RunGrid } from '../run-grid';
import { RunViewStoreProvider, useRunView } from '../run-view-context';
import { StatusPill } from '../status-pill';
import { AttributionStrip } from './attribution-strip';

/** One configuration of the comparison: what it runs, its final answer, attribution and grid. */
export function ComparePane({ pane, index, count }: { pane: Pane; index: number; count: number }) {
  const board = useConfig((s) => s.config);
  const models = useConfig((s) => s.models);
  const hydrated = useConfig((s) => s.hydrated);
  const running = useCompareStore((s) => s.running);
  const status = useStore(pane.run, (s) => s.view.status);
  const ranConfig = useStore(pane.run, (s) => s.view.config);
  const requestError = useStore(pane.run, (s) => s.requestError);
  const config = ranConfig ?? configOf(pane.source, board, models);
  const calls = callsPerRun(config);
  const [gridOpen, setGridOpen] = useState<boolean | null>(null);
  const showGrid = gridOpen ?? calls > 1;
  const finalBox = useRef<HTMLDivElement>(null);
  const label = sourceLabel(pane.source, models);
  const { setSource, makeBaseline, removePane } = useCompareStore.getState();

  return (
    <section
      aria-labelledby={`${pane.id}-title`}
      className="flex min-w-0 flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="compare-pane"
      data-pane={index + 1}
      data-status={status}
    >
      <header className="flex flex-wrap items-center gap-2">
        <h2 id={`${pane.id}-title`} className="sr-only">
          Pane {index + 1}: {label}
          {index === 0 ? ' (baseline)' : ''}
        </h2>
        <select
          aria-label={`What pane ${index + 1} runs`}
          value={sourceKey(pane.source)}
          onChange={(e) => setSource(pane.id, sourceFromKey(e.target.value))}
          disabled={running}
          className="min-w-0 max-w-full flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs font-medium text-zinc-900 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
          data-testid="pane-source"
        >
          {sourceOptions(models).map((o) => (
            <option key={o.key} value={o.key}>
              {o.label}
            </option>
          ))}
        </select>
        <StatusPill status={status} />
        {index === 0 ? (
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">baseline</span>
        ) : (
          <button type="button" className={buttonClass} onClick={() => makeBaseline(pane.id)} disabled={running} title="Measure the other panes against this one">
            Make baseline
          </button>
        )}
        {count > 2 && (
          <button type="button" className={buttonClass} onClick={() => removePane(pane.id)} disabled={running} aria-label={`Remove pane ${index + 1}`} data-testid="remove-pane">
            ✕
          </button>
        )}
      </header>
      {hydrated && (
        <p className="-mt-1 truncate text-[11px] text-zinc-500 dark:text-zinc-400" data-testid="pane-summary">
          {config.layers.length} {config.layers.length === 1 ? 'layer' : 'layers'} · {calls} {calls === 1 ? 'call' : 'calls'} · aggregator{' '}
          <span className="font-mono">{config.layers.at(-1)!.agents[0].model}</span>
        </p>
      )}
      <RunViewStoreProvider store={pane.run}>
        <PaneAnswer boxRef={finalBox} />
        {requestError && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="pane-error">
            <p className="font-medium">{requestError.message}</p>
            {requestError.details?.map((d) => <p key={d}>{d}</p>)}
            {requestError.needsPassword && <p>Enter the app password on the board (Run once there), then compare again.</p>}
          </div>
        )}
        {config.layers.length > 1 && <AttributionStrip finalBox={finalBox} />}
        <button
          type="button"
          className="self-start text-xs font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300"
          aria-expanded={showGrid}
          aria-controls={`${pane.id}-grid`}
          onClick={() => setGridOpen(!showGrid)}
          data-testid="toggle-grid"
        >
          {showGrid ? '▾ Collapse to the final answer' : `▸ Show every agent (${calls})`}
        </button>
        <div id={`${pane.id}-grid`} hidden={!showGrid}>
          {showGrid && <RunGrid config={config} idPrefix={`${pane.id}-`} />}
        </div>
      </RunViewStoreProvider>
    </section>
  );
}

/** The pane's final answer, streamed; the box attribution highlights in. */
function PaneAnswer({ boxRef }: { boxRef: React.RefObject<HTMLDivElement | null> }) {
  const status = useRunView((v) => v.status);
  const aggregator = useRunView((v) => finalAgent(v));
  const layers = useRunView((v) => v.layers.length);
  const error = useRunView((v) => v.error);
  const text = aggregator ? answerOf(aggregator) : ''; // a ranker's answer is its pick, a judge's its best kept

  return (
    <div className="rounded-lg border border-zinc-100 bg-zinc-50/60 dark:border-zinc-800 dark:bg-zinc-950/40">
      <div className="flex items-center gap-2 border-b border-zinc-100 px-3 py-1.5 text-[11px] font-medium tracking-wide text-zinc-500 uppercase dark:border-zinc-800 dark:text-zinc-400">
        Final answer
      </div>
      <div ref={boxRef} className="h-52 overflow-y-auto px-3 py-2 text-sm leading-relaxed" data-testid="pane-final" data-status={aggregator?.status ?? status}>
        {status === 'idle' ? (
          <p className="text-zinc-500 dark:text-zinc-400">Type a prompt above and press Compare: this pane’s answer streams here.</p>
        ) : aggregator?.status === 'streaming' ? (
          <p className="whitespace-pre-wrap">{text || <span className="text-zinc-400">Waiting for the first token…</span>}</p>
        ) : text ? (
          <Markdown text={text} />
        ) : status === 'running' ? (
          <p className="text-zinc-500 dark:text-zinc-400">{layers > 1 ? 'The aggregator starts when the layers before it finish…' : 'Waiting for the model…'}</p>
        ) : null}
        {error && (
          <p role="alert" className="mt-2 text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
