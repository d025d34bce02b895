'use client';

import { forwardRef } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { useConfig } from '@/lib/stores/config-store';
import { useRunStore } from '@/lib/stores/run-store';
import { BudgetField } from './budget-field';
import { PromptForm, RunStopButton } from './prompt-form';

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
      <RunStopButton running={running} canRun={!!prompt.trim()} onStop={stop} runLabel="Run" stopLabel="Stop" />
    </PromptForm>
  );
});
