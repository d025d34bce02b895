'use client';

import { forwardRef } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { useConfig } from '@/lib/stores/config-store';
import { conversationTurns, useRunStore } from '@/lib/stores/run-store';
import { BudgetField } from './budget-field';
import { PromptForm, RunStopButton } from './prompt-form';

/**
 * The prompt, what a run of the board makes, and Run / Stop; once a turn finished, Follow up
 * (the prompt as the conversation's next turn), or, while `editing` turn n, Resend it.
 */
export const PromptBar = forwardRef<HTMLTextAreaElement, { onRun: () => void; onFollowUp: () => void; editing: number | null; onCancelEdit: () => void }>(function PromptBar(
  { onRun, onFollowUp, editing, onCancelEdit },
  ref,
) {
  const prompt = useConfig((s) => s.prompt);
  const setPrompt = useConfig((s) => s.setPrompt);
  const hydrated = useConfig((s) => s.hydrated);
  const config = useConfig((s) => s.config);
  const running = useRunStore((s) => s.running);
  const finishedTurns = useRunStore((s) => conversationTurns(s).length);
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
      {editing !== null && (
        <span className="text-xs text-amber-700 dark:text-amber-400" data-testid="editing-turn">
          Editing turn {editing + 1}: resending starts a new branch{editing > 0 ? ` after turn ${editing}` : ''}; the old turn stays in History.{' '}
          <button type="button" onClick={onCancelEdit} className="underline">
            Cancel
          </button>
        </span>
      )}
      <span className="ml-auto" />
      {!running && (editing !== null || finishedTurns > 0) && (
        <button
          type="button"
          onClick={onFollowUp}
          disabled={!prompt.trim()}
          title={editing !== null ? `Run this prompt as turn ${editing + 1}, a new branch` : `Run this prompt as turn ${finishedTurns + 1}: every agent gets the conversation so far`}
          className="inline-flex items-center gap-2 rounded-md border border-indigo-300 px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-indigo-800 dark:text-indigo-300 dark:hover:bg-indigo-950"
          data-testid="follow-up"
        >
          {editing !== null ? `Resend as turn ${editing + 1}` : `Follow up (turn ${finishedTurns + 1})`}
        </button>
      )}
      <RunStopButton running={running} canRun={!!prompt.trim()} onStop={stop} runLabel="Run" stopLabel="Stop" />
    </PromptForm>
  );
});
