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
