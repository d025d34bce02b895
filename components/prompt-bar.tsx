'use client';

import { forwardRef } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { useConfig } from '@/lib/stores/config-store';
import { useRunStore } from '@/lib/stores/run-store';
import { BudgetField } from './budget-field';
import { PromptForm } from './prompt-form';

/** The prompt, what a run of the board makes, and Run / Stop. */
export const PromptBar = forwardRef<HTMLTextAreaElement, { onRun: () => void }>(function PromptBar({ onRun }, ref) {
  const prompt = useConfig((s) => s.prompt);
  const setPrompt = useConfig((s) => s.setPrompt);
  const hydrated = useConfig((s) => s.hydrated);
  const config = useConfig((s) => s.config);
  const running = useRunStore((s) => s.running);
  const stop = useRunStore((s) => s.stop);
  const calls = callsPerRun(config);

  return (
    <PromptForm id="prompt" ref={ref} value={prompt} onChange={setPrompt} onRun={onRun} rows={3} placeholder="Ask something… e.g. What are the trade-offs of microservices versus a monolith?">
      <BudgetField disabled={running} />
      {hydrated && (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="config-summary">
          {config.layers.length} {config.layers.length === 1 ? 'layer' : 'layers'} · {calls} {calls === 1 ? 'call' : 'calls'} per run
        </span>
      )}
      <span className="ml-auto" />
      {/* Distinct keys: reusing one <button> would turn the clicked Stop into a submit
          button before the click's default action runs, restarting the run. */}
      {running ? (
        <button
          key="stop"
          type="button"
          onClick={stop}
          className="inline-flex items-center gap-2 rounded-md bg-zinc-200 px-3 py-1.5 text-sm font-medium text-zinc-900 hover:bg-zinc-300 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700"
        >
          Stop <kbd className="font-mono text-[10px] text-zinc-500">Esc</kbd>
        </button>
      ) : (
        <button
          key="run"
          type="submit"
          disabled={!prompt.trim()}
          className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Run <kbd className="font-mono text-[10px] text-indigo-200">⌘↵</kbd>
        </button>
      )}
    </PromptForm>
  );
});
