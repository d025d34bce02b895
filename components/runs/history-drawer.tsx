'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatTokens, formatUsd } from '@/lib/format';
import { addUsage } from '@/lib/moa/events';
import { PRESETS } from '@/lib/moa/presets';
import type { RunListItem } from '@/lib/runs/store';
import { StatusPill } from '../status-pill';
import { headerButtonClass } from './share-menu';
import { ApiError, fetchApi, fetchJson } from '@/lib/browser/fetch-api';

type Item = Omit<RunListItem, 'createdAt' | 'finishedAt'> & { createdAt: string; finishedAt: string | null };
type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; runs: Item[] };

/** The header's History button and the drawer it opens (also on "h"). */
export function HistoryButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  const show = useCallback(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    setOpen(true);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if (e.key === 'h' && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show]);

  // Esc closes the drawer (natively) and nothing else: the page's Esc would stop the run.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && e.stopImmediatePropagation();
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [open]);

  return (
    <>
      <button type="button" className={headerButtonClass} onClick={show} aria-haspopup="dialog" title="Your recent runs (h)" data-testid="history-button">
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
          <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-13a.75.75 0 0 0-1.5 0v5c0 .2.08.39.22.53l3 3a.75.75 0 1 0 1.06-1.06l-2.78-2.78V5Z" clipRule="evenodd" />
        </svg>
        History <kbd className="font-mono text-[10px] text-zinc-400">h</kbd>
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="history-title"
        onClose={() => setOpen(false)}
        // A click on the backdrop lands on the dialog element itself.
        onClick={(e) => e.target === e.currentTarget && dialog.current?.close()}
        className="fixed inset-y-0 right-0 left-auto m-0 h-full max-h-none w-[420px] max-w-[100vw] border-l border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/30 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
        data-testid="history-drawer"
      >
        {open && <HistoryPanel onClose={() => dialog.current?.close()} />}
      </dialog>
    </>
  );
}

function HistoryPanel({ onClose }: { onClose: () => void }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const refresh = useCallback(async () => {
    setLoad({ state: 'loading' });
    try {
      const body = await fetchJson<{ runs: Item[] }>('/api/runs?limit=100', { cache: 'no-store' });
      setLoad({ state: 'ready', runs: body.runs });
    } catch (error) {
      setLoad({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  useEffect(() => void refresh(), [refresh]);

  const removed = (ids: string[]) => setLoad((l) => (l.state === 'ready' ? { ...l, runs: l.runs.filter((r) => !ids.includes(r.id)) } : l));

  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 id="history-title" className="text-sm font-semibold">
          Your runs
        </h2>
        <span className="text-xs text-zinc-500">{load.state === 'ready' ? load.runs.length : ''}</span>
        <span className="ml-auto" />
        <button type="button" onClick={refresh} className={headerButtonClass}>
          Refresh
        </button>
        <button type="button" onClick={onClose} className={headerButtonClass} aria-label="Close history">
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-4" aria-hidden>
            <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
          </svg>
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {load.state === 'loading' && (
          <ul aria-busy="true" aria-label="Loading runs" className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {[0, 1, 2].map((i) => (
              <li key={i} className="space-y-2 px-4 py-3">
                <div className="h-3 w-3/4 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
                <div className="h-3 w-1/2 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/60" />
              </li>
            ))}
          </ul>
        )}
        {load.state === 'error' && (
          <div role="alert" className="m-4 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            <p>Could not load your runs: {load.message}</p>
            <button type="button" onClick={refresh} className="mt-2 text-xs font-medium underline">
              Try again
            </button>
          </div>
        )}
        {load.state === 'ready' && load.runs.length === 0 && (
          <p className="px-4 py-10 text-center text-sm text-zinc-500" data-testid="history-empty">
            No runs yet. Runs you start in this browser are kept here, each with a link you can share.
          </p>
        )}
        {load.state === 'ready' && load.runs.length > 0 && (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="history-list">
            {entriesOf(load.runs).map((runs) => (
              <HistoryItem key={runs[0].id} runs={runs} onDeleted={() => removed(runs.map((r) => r.id))} />
            ))}
          </ul>
        )}
      </div>
      <footer className="border-t border-zinc-200 px-4 py-2 text-[11px] text-zinc-500 dark:border-zinc-800">
        Runs are stored on this server. Deleting one also breaks its share link.
      </footer>
    </div>
  );
}

/** One entry per run, one per comparison (its runs share a group) and one per conversation (its turns, newest first), newest first. */
function entriesOf(runs: Item[]): Item[][] {
  const groups = new Map<string, Item[]>();
  const entries: Item[][] = [];
  for (const run of runs) {
    const key = run.groupId ?? run.conversationId;
    const group = key ? groups.get(key) : undefined;
    if (group) group.push(run);
    else {
      const entry = [run];
      entries.push(entry);
      if (key) groups.set(key, entry);
    }
  }
  // A comparison's panes in the order they were started.
  return entries.map((entry) => (entry.length > 1 && entry[0].groupId ? [...entry].reverse() : entry));
}

/** Running while any run is; otherwise the first run's status that is not `finished`. */
const statusOf = (runs: Item[]) => (runs.some((r) => r.status === 'running') ? 'running' : (runs.find((r) => r.status !== 'finished')?.status ?? 'finished'));

function HistoryItem({ runs, onDeleted }: { runs: Item[]; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [run] = runs;
  const comparison = runs.length > 1 && run.groupId ? run.groupId : null;
  // A conversation opens at its latest turn, whose page shows the turns before it.
  // (A first turn someone else followed up has a conversation id too, but is one run here.)
  const conversation = !comparison && run.conversationId && (runs.length > 1 || run.turn > 1) ? { turns: Math.max(...runs.map((r) => r.turn)), runs: runs.length, first: runs.at(-1)! } : null;
  const preset = PRESETS.find((p) => p.id === run.presetId)?.label;
  const usage = runs.every((r) => r.totals?.usage) ? runs.map((r) => r.totals!.usage!).reduce(addUsage) : undefined;
  const costs = runs.map((r) => r.totals?.costUsd);
  const costUsd = costs.every((c) => c !== undefined) ? costs.reduce((a, b) => a! + b!, 0) : undefined;

  const remove = async () => {
    setDeleting(true);
    setError(null);
    try {
      // Already gone (deleted in another tab) is as good as deleted.
      for (const { id } of runs) {
        await fetchApi(`/api/runs/${id}`, { method: 'DELETE' }).catch((e: unknown) => {
          if (!(e instanceof ApiError && e.status === 404)) throw e;
        });
      }
      onDeleted();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setDeleting(false);
    }
  };

  return (
    <li className="group px-4 py-3 hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-testid="history-item" data-run-id={run.id} data-group-id={comparison ?? undefined}>
      <Link href={comparison ? `/c/${comparison}` : `/r/${run.id}`} className="block rounded outline-offset-2">
        <p className="line-clamp-2 text-sm text-zinc-900 dark:text-zinc-100">{(conversation?.first ?? run).prompt}</p>
        <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-[11px] text-zinc-500">
          <StatusPill status={statusOf(runs)} />
          <span>
            {comparison
              ? `Comparison · ${runs.length} runs`
              : conversation
                ? `Conversation · ${conversation.turns} ${conversation.turns === 1 ? 'turn' : 'turns'}${conversation.runs > conversation.turns ? ` (${conversation.runs} runs with branches)` : ''}`
                : (preset ?? `${run.shape.layers} ${run.shape.layers === 1 ? 'layer' : 'layers'} · ${run.shape.calls} calls`)}
          </span>
          {costUsd ? (
            <span className="font-mono">{formatUsd(costUsd)}</span>
          ) : usage ? (
            <span className="font-mono" title={`${usage.inputTokens} in / ${usage.outputTokens} out`}>
              {formatTokens(usage.totalTokens)} tokens{usage.estimated ? '*' : ''}
            </span>
          ) : null}
          <time dateTime={run.createdAt} title={new Date(run.createdAt).toLocaleString()} className="ml-auto">
            {timeAgo(run.createdAt)}
          </time>
        </p>
      </Link>
      <div className="mt-1.5 flex items-center gap-2 text-xs">
        {confirming ? (
          <>
            <span className="text-zinc-600 dark:text-zinc-300">{runs.length > 1 ? `Delete these ${runs.length} runs and their links?` : 'Delete this run and its link?'}</span>
            <button type="button" onClick={remove} disabled={deleting} className="rounded bg-red-600 px-2 py-0.5 font-medium text-white hover:bg-red-500 disabled:opacity-50" data-testid="confirm-delete">
              {deleting ? 'Deleting…' : 'Delete'}
            </button>
            <button type="button" onClick={() => setConfirming(false)} className="rounded px-2 py-0.5 text-zinc-600 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-700">
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            onClick={() => setConfirming(true)}
            className="rounded px-1.5 py-0.5 text-zinc-500 opacity-70 group-hover:opacity-100 hover:bg-zinc-200 hover:text-red-700 focus:opacity-100 dark:hover:bg-zinc-700 dark:hover:text-red-300"
            aria-label={`Delete run: ${run.prompt.slice(0, 60)}`}
            data-testid="delete-run"
          >
            Delete
          </button>
        )}
        {error && (
          <span role="alert" className="text-red-600 dark:text-red-400">
            {error}
          </span>
        )}
      </div>
    </li>
  );
}

function timeAgo(iso: string): string {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 7 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return new Date(iso).toLocaleDateString();
}
