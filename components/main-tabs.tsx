'use client';

import { startTransition, useEffect, useRef, useState } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { useConfig } from '@/lib/stores/config-store';
import { useRunStore } from '@/lib/stores/run-store';

type Tab = 'graph' | 'run';
const TABS: { id: Tab; label: string; key: string }[] = [
  { id: 'graph', label: 'Graph', key: 'G' },
  { id: 'run', label: 'Run', key: 'R' },
];

/**
 * "Graph" (the builder) and "Run" (the grid). A run starting shows Run; Alt+G and Alt+R switch
 * from anywhere. The grid stays mounted (it keeps its scroll positions); the board's state lives
 * in its store, so it can leave the page while hidden.
 */
export function MainTabs({ graph, run }: { graph: (active: boolean) => React.ReactNode; run: React.ReactNode }) {
  const [tab, setTab] = useState<Tab>('graph');
  const running = useRunStore((s) => s.running);
  // A run shown without starting one here (a conversation restored on reload) shows Run too.
  const shownRun = useRunStore((s) => s.view.runId);
  const agents = useConfig((s) => callsPerRun(s.config));
  const hydrated = useConfig((s) => s.hydrated);
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ graph: null, run: null });

  // A transition: mounting the grid (and letting the board go) is spread over frames instead of
  // blocking the run's first ones.
  useEffect(() => {
    if (running || shownRun) startTransition(() => setTab('run'));
  }, [running, shownRun]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const next = e.code === 'KeyG' ? 'graph' : e.code === 'KeyR' ? 'run' : null;
      if (!next) return;
      e.preventDefault();
      setTab(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onTabKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next: Tab = e.key === 'Home' ? 'graph' : e.key === 'End' ? 'run' : tab === 'graph' ? 'run' : 'graph';
    setTab(next);
    tabs.current[next]?.focus();
  };

  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div role="tablist" aria-label="Board and run" className="flex items-center gap-1 border-b border-zinc-200 dark:border-zinc-800" onKeyDown={onTabKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[t.id] = el;
            }}
            id={`tab-${t.id}`}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            aria-keyshortcuts={`Alt+${t.key}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            title={`${t.label} (Alt+${t.key})`}
            data-testid={`tab-${t.id}`}
            className="-mb-px flex items-center gap-2 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-selected:border-indigo-600 aria-selected:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:aria-selected:border-indigo-400 dark:aria-selected:text-zinc-100"
          >
            {t.label}
            {t.id === 'graph' && hydrated && <span className="rounded-full bg-zinc-200 px-1.5 text-[11px] text-zinc-700 tabular-nums dark:bg-zinc-800 dark:text-zinc-300">{agents}</span>}
            {t.id === 'run' && running && (
              <>
                <span className="size-2 animate-pulse rounded-full bg-indigo-500" aria-hidden />
                <span className="sr-only">(running)</span>
              </>
            )}
          </button>
        ))}
        <span className="ml-auto hidden text-[11px] text-zinc-500 sm:inline dark:text-zinc-400">
          <kbd className="font-mono">Alt+G</kbd> / <kbd className="font-mono">Alt+R</kbd> to switch
        </span>
      </div>
      {/* The board leaves the page while the grid shows: a run then streams into a small DOM. */}
      <div role="tabpanel" id="panel-graph" aria-labelledby="tab-graph" hidden={tab !== 'graph'}>
        {tab === 'graph' && graph(true)}
      </div>
      <div role="tabpanel" id="panel-run" aria-labelledby="tab-run" hidden={tab !== 'run'}>
        {run}
      </div>
    </div>
  );
}
