'use client';

import { useState } from 'react';
import { useConfig } from '@/lib/stores/config-store';
import { LocalModelsDialog } from './local-models-dialog';

/** The header's way into the Local models panel; shows how many local models can run. */
export function LocalModelsButton() {
  const [open, setOpen] = useState(false);
  const usable = useConfig((s) => s.models.filter((m) => m.kind === 'local' && !m.unavailable).length);
  const broken = useConfig((s) => s.models.some((m) => m.kind === 'local' && m.unavailable));
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        aria-haspopup="dialog"
        data-testid="local-models-button"
      >
        <svg viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-4" aria-hidden>
          <rect x="3" y="4" width="14" height="9" rx="1.5" />
          <path d="M1.5 16h17" strokeLinecap="round" />
        </svg>
        Local models
        {usable > 0 && <span className="rounded-full bg-emerald-100 px-1.5 text-[10px] text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200">{usable}</span>}
        {broken && <span className="size-1.5 rounded-full bg-red-500" title="A model file is unusable: open to see why" />}
      </button>
      {open && <LocalModelsDialog onClose={() => setOpen(false)} />}
    </>
  );
}
