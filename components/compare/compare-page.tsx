'use client';

import { useRef } from 'react';
import type { ModelInfo } from '@/lib/models/types';
import { ConfigStoreProvider, useConfigStoreApi } from '@/lib/stores/config-store';
import { useCompareStore } from '@/lib/stores/compare-store';
import { ModePage } from '../mode-page';
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
        <CompareLayout models={models} />
      </ModelPickerProvider>
    </ConfigStoreProvider>
  );
}

function CompareLayout({ models }: { models: ModelInfo[] }) {
  const configStore = useConfigStoreApi();
  const panes = useCompareStore((s) => s.panes);
  const promptBox = useRef<HTMLTextAreaElement>(null);

  const run = () => {
    const { config, prompt, models } = configStore.getState();
    if (prompt.trim() && !useCompareStore.getState().running) void useCompareStore.getState().start(config, models, prompt);
  };

  usePageShortcuts(promptBox, COMPARE_STOP); // Esc stops every pane

  return (
    <ModePage title="Compare" description="One prompt through every pane at once. The left pane is the baseline the others are measured against." models={models}>
      <CompareBar ref={promptBox} onRun={run} />
      <MetricsDiff />
      <div className={`grid grid-cols-1 items-start gap-4 ${PANE_COLUMNS[panes.length]}`} data-testid="compare-panes">
        {panes.map((pane, i) => (
          <ComparePane key={pane.id} pane={pane} index={i} count={panes.length} />
        ))}
      </div>
      <JudgePanel />
    </ModePage>
  );
}
