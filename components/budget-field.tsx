'use client';

import { useState } from 'react';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';

/** The run's spend cap in USD (empty: none). The server refuses or stops a run that would pass it. */
export function BudgetField({ disabled }: { disabled?: boolean }) {
  const store = useConfigStoreApi();
  const budget = useConfig((s) => s.config.budgetUsd);
  const [text, setText] = useState(budget === undefined ? '' : String(budget));
  const [invalid, setInvalid] = useState(false);

  const commit = (value: string) => {
    setText(value);
    const trimmed = value.trim();
    const usd = Number(trimmed);
    const ok = trimmed === '' || (Number.isFinite(usd) && usd > 0 && usd <= 100_000);
    setInvalid(!ok);
    if (!ok) return;
    // Not setConfig: a budget is not an edit of the preset's shape. It is part of a saved config, though.
    store.setState((s) => {
      const { budgetUsd: _, ...rest } = s.config;
      if (s.config.budgetUsd === (trimmed === '' ? undefined : usd)) return {};
      return { config: trimmed === '' ? rest : { ...rest, budgetUsd: usd }, saved: s.saved && { ...s.saved, edited: true } };
    });
  };

  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400" title="Spend cap for one run, in USD. Empty: no cap.">
      Budget
      <span className="relative">
        <span className="pointer-events-none absolute top-1/2 left-2 -translate-y-1/2 text-zinc-500 dark:text-zinc-400">$</span>
        <input
          type="text"
          inputMode="decimal"
          value={text}
          onChange={(e) => commit(e.target.value)}
          disabled={disabled}
          placeholder="none"
          aria-invalid={invalid}
          aria-describedby={invalid ? 'budget-error' : undefined}
          data-testid="budget-input"
          className={`w-20 rounded-md border bg-white py-1 pr-2 pl-5 font-mono text-xs text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100 ${
            invalid ? 'border-red-500' : 'border-zinc-300 dark:border-zinc-700'
          }`}
        />
      </span>
      {invalid && (
        <span id="budget-error" role="alert" className="text-red-600 dark:text-red-400">
          a positive amount
        </span>
      )}
    </label>
  );
}
