'use client';

import { useId, useState } from 'react';

type Props = {
  label: string;
  value: number | undefined;
  /** Commits a value; returns why it was refused, or null. `undefined` clears an optional field. */
  onCommit(value: number | undefined): string | null;
  min?: number;
  max?: number;
  step?: number | 'any';
  /** Shown when empty; an empty optional field means "the model's default". */
  placeholder?: string;
  optional?: boolean;
  disabled?: boolean;
  testId?: string;
};

const show = (value: number | undefined) => (value === undefined ? '' : String(value));

/**
 * A small number input that keeps what the user typed: a value the schema refuses stays in the
 * field with the reason under it, and the board keeps its last valid value.
 */
export function NumberField({ label, value, onCommit, min, max, step = 'any', placeholder, optional, disabled, testId }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(show(value));
  const [error, setError] = useState<string | null>(null);

  // Follow outside changes (undo, presets) in the same render, unless the draft already means
  // the same number (typing "1." must not turn into "1").
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (parse(draft) !== value) setDraft(show(value));
    setError(null);
  }

  const commit = (text: string) => {
    setDraft(text);
    const parsed = parse(text);
    if ((parsed === undefined && !optional) || Number.isNaN(parsed)) return setError(`${label}: enter a number.`);
    setError(parsed === value ? null : onCommit(parsed));
  };

  // A fragment: inside the card's grid, the error goes below the row, across all columns.
  return (
    <>
      <div className="min-w-0">
        <label htmlFor={id} className="block text-[10px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          {label}
        </label>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          value={draft}
          min={min}
          max={max}
          step={step}
          placeholder={placeholder}
          onChange={(e) => commit(e.target.value)}
          onBlur={() => error === null && setDraft(show(value))}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          data-testid={testId}
          className="mt-0.5 w-full rounded border border-zinc-300 bg-white px-1.5 py-0.5 font-mono text-xs tabular-nums text-zinc-900 placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-500"
        />
      </div>
      {error && (
        <p id={`${id}-error`} className="order-last col-span-full text-[11px] leading-tight text-red-600 dark:text-red-400" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function parse(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return Number(trimmed);
}
