'use client';

import { createContext, useContext, useEffect, useState } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { RunView } from '@/lib/run-view';
import { useRunStore } from '@/lib/stores/run-store';

type ViewStore = StoreApi<{ view: RunView }>;

/** Where run views come from: the live run by default, or a fixed view (stored run, replay). */
const RunViewContext = createContext<ViewStore | null>(null);

/** Reads part of the run view; re-renders only when that part changes. */
export function useRunView<T>(selector: (view: RunView) => T): T {
  const store = useContext(RunViewContext) ?? (useRunStore as unknown as ViewStore);
  return useStore(store, (s) => selector(s.view));
}

/** Shows `view` instead of the live run to everything below it. */
export function RunViewProvider({ view, children }: { view: RunView; children: React.ReactNode }) {
  const [store] = useState<ViewStore>(() => createStore(() => ({ view })));
  useEffect(() => store.setState({ view }), [store, view]);
  return <RunViewContext.Provider value={store}>{children}</RunViewContext.Provider>;
}
