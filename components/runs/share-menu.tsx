'use client';

import { useEffect, useRef, useState } from 'react';
import { useRunView } from '../run-view-context';

const buttonClass =
  'inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100';

/** Share for the run on screen: disabled until the server has stored it. */
export function LiveShareMenu() {
  const runId = useRunView((v) => v.runId);
  return <ShareMenu runId={runId} />;
}

/** A popover with the run's link (copy, open) and its exports. */
export function ShareMenu({ runId, align = 'right' }: { runId?: string; align?: 'left' | 'right' }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  const link = runId ? `${origin}/r/${runId}` : '';

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => root.current?.contains(e.target as Node) || setOpen(false);
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Esc closes the menu only; the page's own Esc (stop the run) must not fire too.
      e.stopImmediatePropagation();
      setOpen(false);
      root.current?.querySelector<HTMLButtonElement>('button')?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey, { capture: true });
    input.current?.select();
    return () => {
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey, { capture: true });
    };
  }, [open]);

  useEffect(() => setCopied(null), [runId, open]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      // No clipboard permission (e.g. plain http): leave the link selected for Ctrl+C.
      input.current?.select();
      setCopied('no');
    }
  };

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        className={buttonClass}
        disabled={!runId}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        title={runId ? 'Share, copy the link or export this run' : 'Start a run to share it'}
        data-testid="share-button"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
          <path d="M13 4.5a2.5 2.5 0 1 1 .7 1.74L7.96 9.11a2.5 2.5 0 0 1 0 1.78l5.74 2.87a2.5 2.5 0 1 1-.67 1.34l-5.74-2.87a2.5 2.5 0 1 1 0-4.46l5.74-2.87A2.5 2.5 0 0 1 13 4.5Z" />
        </svg>
        Share
      </button>
      {open && runId && (
        <div
          role="dialog"
          aria-label="Share this run"
          className={`absolute top-full z-30 mt-1 w-80 rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${align === 'right' ? 'right-0' : 'left-0'}`}
          data-testid="share-menu"
        >
          <label htmlFor="share-link" className="text-xs font-medium text-zinc-500">
            Read-only link (anyone with it can view)
          </label>
          <div className="mt-1 flex gap-1.5">
            <input
              id="share-link"
              ref={input}
              readOnly
              value={link}
              onFocus={(e) => e.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-zinc-50 px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
              data-testid="share-link"
            />
            <button type="button" onClick={copy} className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-500" data-testid="copy-link">
              {copied === 'yes' ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p aria-live="polite" className="mt-1 h-4 text-[11px] text-zinc-500">
            {copied === 'yes' ? 'Link copied to the clipboard.' : copied === 'no' ? 'Press Ctrl+C to copy the selected link.' : ''}
          </p>
          <div className="mt-2 flex flex-wrap gap-x-3 gap-y-1 border-t border-zinc-100 pt-2 text-xs dark:border-zinc-800">
            <a href={`/r/${runId}`} target="_blank" rel="noopener" className="text-indigo-600 hover:underline dark:text-indigo-400">
              Open share page
            </a>
            <a href={`/api/runs/${runId}/export?format=json`} download className="text-indigo-600 hover:underline dark:text-indigo-400" data-testid="export-json">
              Export JSON
            </a>
            <a href={`/api/runs/${runId}/export?format=md`} download className="text-indigo-600 hover:underline dark:text-indigo-400" data-testid="export-md">
              Export Markdown
            </a>
          </div>
        </div>
      )}
    </div>
  );
}

export { buttonClass as headerButtonClass };
