'use client';

import { forwardRef } from 'react';

type PromptFormProps = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  rows: number;
  placeholder: string;
  /** The row of controls under the prompt (figures, Run / Stop). */
  children: React.ReactNode;
};

/** A prompt that runs on submit or ⌘/Ctrl + Enter, with its controls underneath. */
export const PromptForm = forwardRef<HTMLTextAreaElement, PromptFormProps>(function PromptForm({ id, value, onChange, onRun, rows, placeholder, children }, ref) {
  return (
    <form
      className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <label htmlFor={id} className="sr-only">
        Prompt
      </label>
      <textarea
        id={id}
        ref={ref}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            onRun();
          }
        }}
        rows={rows}
        placeholder={placeholder}
        className="block w-full resize-y rounded-md bg-transparent px-1 text-sm outline-none placeholder:text-zinc-400"
      />
      <div className="mt-2 flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-2 dark:border-zinc-800">{children}</div>
    </form>
  );
});

/**
 * Run (submits the form) or Stop. Distinct keys: reusing one <button> would turn the clicked
 * Stop into a submit button before the click's default action runs, restarting the run.
 */
export function RunStopButton({ running, canRun, onStop, runLabel, stopLabel, testIds }: {
  running: boolean;
  canRun: boolean;
  onStop: () => void;
  runLabel: string;
  stopLabel: string;
  testIds?: { run: string; stop: string };
}) {
  return running ? (
    <button
      key="stop"
      type="button"
      onClick={onStop}
      className="inline-flex items-center gap-2 rounded-md bg-zinc-200 px-3 py-1.5 text-sm font-medium text-zinc-900 hover:bg-zinc-300 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700"
      data-testid={testIds?.stop}
    >
      {stopLabel} <kbd className="font-mono text-[10px] text-zinc-500">Esc</kbd>
    </button>
  ) : (
    <button
      key="run"
      type="submit"
      disabled={!canRun}
      className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
      data-testid={testIds?.run}
    >
      {runLabel} <kbd className="font-mono text-[10px] text-indigo-200">⌘↵</kbd>
    </button>
  );
}
