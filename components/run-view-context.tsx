'use client';

import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RunView } from '@/lib/run-view';
import { useRunStore } from '@/lib/stores/run-store';

export type ViewStore = StoreApi<{ view: RunView }>;

/** Where run views come from: the live run by default, or a fixed view (stored run, replay). */
const RunViewContext = createContext<ViewStore | null>(null);

/** Reads part of the run view; re-renders only when that part changes. */
export function useRunView<T>(selector: (view: RunView) => T): T {
  const store = useContext(RunViewContext) ?? (useRunStore as unknown as ViewStore);
  return useStore(store, (s) => selector(s.view));
}

/**
 * The run view, re-read only when `signature` of it changes: for costly views (charts) that
 * need not follow every streamed delta.
 */
export function useRunViewWhen(signature: (view: RunView) => string): RunView {
  const store = useContext(RunViewContext) ?? (useRunStore as unknown as ViewStore);
  const key = useStore(store, (s) => signature(s.view));
  return useMemo(() => store.getState().view, [store, key]);
}

/** Shows `view` instead of the live run to everything below it. */
export function RunViewProvider({ view, children }: { view: RunView; children: React.ReactNode }) {
  const [store] = useState<ViewStore>(() => createStore(() => ({ view })));
  useEffect(() => store.setState({ view }), [store, view]);
  return <RunViewContext.Provider value={store}>{children}</RunViewContext.Provider>;
}

/** Shows the run of `store` (e.g. one pane of a comparison) to everything below it. */
export function RunViewStoreProvider({ store, children }: { store: ViewStore; children: React.ReactNode }) {
  return <RunViewContext.Provider value={store}>{children}</RunViewContext.Provider>;
}
