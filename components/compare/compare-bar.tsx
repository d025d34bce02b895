'use client';

import { forwardRef } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { configOf, MAX_PANES } from '@/lib/compare/panes';
import { useConfig } from '@/lib/stores/config-store';
import { useCompareStore } from '@/lib/stores/compare-store';
import { useModelPicker } from '../builder/model-picker';
import { buttonClass } from '../builder/ui';
import { PromptForm, RunStopButton } from '../prompt-form';

/** The one prompt of a comparison, its panes and judge, and Run / Stop. */
export const CompareBar = forwardRef<HTMLTextAreaElement, { onRun: () => void }>(function CompareBar({ onRun }, ref) {
  const prompt = useConfig((s) => s.prompt);
  const setPrompt = useConfig((s) => s.setPrompt);
  const board = useConfig((s) => s.config);
  const models = useConfig((s) => s.models);
  const hydrated = useConfig((s) => s.hydrated);
  const panes = useCompareStore((s) => s.panes);
  const running = useCompareStore((s) => s.running);
  const judgeEnabled = useCompareStore((s) => s.judgeEnabled);
  const judgeModel = useCompareStore((s) => s.judgeModel);
  const { stop, addPane, setJudge } = useCompareStore.getState();
  const openPicker = useModelPicker();
  const calls = panes.reduce((n, p) => n + callsPerRun(configOf(p.source, board, models)), 0);
  const judge = judgeModel ?? board.layers.at(-1)!.agents[0].model;

  return (
    <PromptForm id="compare-prompt" ref={ref} value={prompt} onChange={setPrompt} onRun={onRun} rows={2} placeholder="One prompt for every pane… e.g. What are the trade-offs of microservices versus a monolith?">
      {hydrated && (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="compare-summary">
          {panes.length} panes · {calls} model calls
        </span>
      )}
      <button type="button" className={buttonClass} onClick={() => addPane(models)} disabled={running || panes.length >= MAX_PANES} data-testid="add-pane">
        + Add pane
      </button>
      <span className="h-4 border-l border-zinc-200 dark:border-zinc-700" aria-hidden />
      <label className="flex items-center gap-1.5 text-xs text-zinc-700 dark:text-zinc-300">
        <input type="checkbox" checked={judgeEnabled} onChange={(e) => setJudge({ judgeEnabled: e.target.checked })} className="accent-indigo-600" data-testid="judge-enabled" />
        Judge the answers with
      </label>
      <button
        type="button"
        className={`${buttonClass} max-w-64 font-mono`}
        disabled={!hydrated}
        onClick={() =>
          openPicker({
            title: 'Judge model',
            current: judge,
            onPick: (id) => {
              setJudge({ judgeModel: id, judgeEnabled: true });
              return null;
            },
          })
        }
        title="Choose the judge model"
        data-testid="judge-model"
      >
        <span className="truncate">{hydrated ? judge : '…'}</span>
      </button>
      <span className="ml-auto" />
      <RunStopButton
        running={running}
        canRun={!!prompt.trim() && hydrated}
        onStop={stop}
        runLabel="Compare"
        stopLabel="Stop all"
        testIds={{ run: 'compare-run', stop: 'compare-stop' }}
      />
    </PromptForm>
  );
});
