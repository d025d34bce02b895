'use client';

import Link from 'next/link';
import { useRef } from 'react';
import type { ModelInfo } from '@/lib/models/types';
import { ConfigStoreProvider, useConfigStoreApi } from '@/lib/stores/config-store';
import { useCompareStore } from '@/lib/stores/compare-store';
import { AppHeader } from '../app-header';
import { usePageShortcuts } from '../use-page-shortcuts';
import { ModelPickerProvider } from '../builder/model-picker';
import { PANE_COLUMNS } from './columns';
import { CompareBar } from './compare-bar';
import { ComparePane } from './compare-pane';
import { JudgePanel } from './judge-panel';
import { MetricsDiff } from './metrics-diff';

const COMPARE_STOP = { running: () => useCompareStore.getState().running, stop: () => useCompareStore.getState().stop() };

export function ComparePlayground({ models }: { models: ModelInfo[] }) {
  return (
    <ConfigStoreProvider models={models}>
      <ModelPickerProvider>
        <CompareLayout offlineOnly={models.every((m) => m.kind === 'offline' || m.unavailable)} />
      </ModelPickerProvider>
    </ConfigStoreProvider>
  );
}

function CompareLayout({ offlineOnly }: { offlineOnly: boolean }) {
  const configStore = useConfigStoreApi();
  const panes = useCompareStore((s) => s.panes);
  const promptBox = useRef<HTMLTextAreaElement>(null);

  const run = () => {
    const { config, prompt, models } = configStore.getState();
    if (prompt.trim() && !useCompareStore.getState().running) void useCompareStore.getState().start(config, models, prompt);
  };

  usePageShortcuts(promptBox, COMPARE_STOP); // Esc stops every pane

  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader offlineOnly={offlineOnly} brandIsHeading={false}>
        <Link
          href="/"
          className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          data-testid="back-to-board"
        >
          ← Board
        </Link>
      </AppHeader>
      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col gap-3 p-4">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 className="text-base font-semibold tracking-tight">Compare</h1>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">One prompt through every pane at once. The left pane is the baseline the others are measured against.</p>
        </div>
        <CompareBar ref={promptBox} onRun={run} />
        <MetricsDiff />
        <div className={`grid grid-cols-1 items-start gap-4 ${PANE_COLUMNS[panes.length]}`} data-testid="compare-panes">
          {panes.map((pane, i) => (
            <ComparePane key={pane.id} pane={pane} index={i} count={panes.length} />
          ))}
        </div>
        <JudgePanel />
      </main>
    </div>
  );
}
