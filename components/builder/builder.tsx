'use client';

import { useEffect } from 'react';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { BuilderToolbar } from './builder-toolbar';
import { GraphPreview } from './graph-preview';
import { CloseIcon } from './icons';
import { LayerBoard } from './layer-board';
import { ModelPickerProvider } from './model-picker';
import { ResilienceSettings } from './resilience-settings';
import { RunSummary } from './run-summary';
import { CouncilPromptEditor, PassReasoningSwitch, RankPromptEditor, SynthesisPromptEditor, TopKPromptEditor, WindowPromptEditor } from './synthesis-prompt';
import { MessageLines } from '../message-lines';

const isEditable = (target: EventTarget | null) =>
  target instanceof HTMLElement && !!target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');

/** The visual MoA builder: the layer board, its preview and summary, and the synthesis prompt. */
export function Builder({ active = true }: { active?: boolean }) {
  const hydrated = useConfig((s) => s.hydrated);
  useUndoShortcuts(active);
  if (!hydrated) return <BuilderSkeleton />;
  return (
    <ModelPickerProvider>
      <div className="flex flex-col gap-3" data-testid="builder">
        <h2 className="sr-only">MoA builder</h2>
        <BuilderToolbar />
        <BuilderNotice />
        <div className="grid grid-cols-1 gap-4 rounded-xl border border-zinc-200 bg-white p-3 md:grid-cols-[minmax(0,1fr)_minmax(0,1.1fr)] dark:border-zinc-800 dark:bg-zinc-900">
          <GraphPreview />
          <RunSummary />
        </div>
        <LayerBoard />
        <div className="flex flex-col gap-4 rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <SynthesisPromptEditor />
          <RankPromptEditor />
          <TopKPromptEditor />
          <CouncilPromptEditor />
          <WindowPromptEditor />
          <PassReasoningSwitch />
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <ResilienceSettings />
        </div>
      </div>
    </ModelPickerProvider>
  );
}

/** Cmd/Ctrl+Z and Shift+Cmd/Ctrl+Z (or Ctrl+Y) walk the board's history; text fields keep their own undo. */
function useUndoShortcuts(active: boolean) {
  const store = useConfigStoreApi();
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.metaKey || e.ctrlKey) || e.altKey || isEditable(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) store.getState().undo();
      else if ((key === 'z' && e.shiftKey) || (key === 'y' && e.ctrlKey && !e.metaKey)) store.getState().redo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, active]);
}

function BuilderNotice() {
  const notice = useConfig((s) => s.notice);
  const store = useConfigStoreApi();
  if (!notice) return null;
  const error = notice.kind === 'error';
  return (
    <div
      role={error ? 'alert' : 'status'}
      data-testid="builder-notice"
      data-kind={notice.kind}
      className={`flex items-start gap-2 rounded-lg border px-3 py-2 text-xs ${
        error
          ? 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200'
          : 'border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
      }`}
    >
      <div className="min-w-0 flex-1">
        <MessageLines message={notice.message} details={notice.details} />
      </div>
      <button type="button" onClick={() => store.getState().setNotice(null)} aria-label="Dismiss" className="rounded p-0.5 opacity-70 hover:opacity-100">
        <CloseIcon />
      </button>
    </div>
  );
}

/** Same footprint as the board, shown until the saved board is read (no jump, no flash of another board). */
function BuilderSkeleton() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading the board">
      <div className="h-7 w-64 animate-pulse rounded-md bg-zinc-200/70 dark:bg-zinc-800/70" />
      <div className="flex gap-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-80 w-60 animate-pulse rounded-xl bg-zinc-200/60 dark:bg-zinc-800/60" />
        ))}
      </div>
    </div>
  );
}
