'use client';

import { useEffect, useId, useRef } from 'react';

const closeClass =
  'rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium text-zinc-800 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800';

/**
 * A modal dialog: opened on mount, closed by Close, Esc or a click outside, focus given back to
 * what opened it. Esc closes it and nothing else (the page's Esc would stop the run).
 */
export function ModalDialog({ title, description, width, testId, closeLabel, focusClose = false, onClose, children }: {
  title: string;
  description: React.ReactNode;
  /** Tailwind max width, e.g. "40rem". */
  width: string;
  testId: string;
  closeLabel: string;
  /** Focus Close on open (when nothing inside asks for focus). */
  focusClose?: boolean;
  onClose(): void;
  children: React.ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && e.stopImmediatePropagation();
    window.addEventListener('keydown', onKey, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      opener?.focus();
    };
  }, []);

  const close = () => dialog.current?.close();
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && close()}
      style={{ width: `min(${width}, calc(100vw - 2rem))` }}
      className="m-auto max-h-[85vh] overflow-y-auto rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      data-testid={testId}
    >
      <header className="flex items-start gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
        </div>
        <button type="button" onClick={close} className={closeClass} aria-label={closeLabel} autoFocus={focusClose}>
          Close
        </button>
      </header>
      {children}
    </dialog>
  );
}
