'use client';

import { useEffect } from 'react';
import { useRunStore } from '../stores/run-store';

/** The tab's conversation (its latest turn's run id), so a reload shows it again. */
const KEY = 'moa:conversation';

/**
 * Keeps the page's conversation across reloads of this tab (sessionStorage: other tabs and
 * other people never see it). A single run is not kept: a reload starts afresh, as before.
 */
export function useKeptConversation() {
  useEffect(() => {
    const kept = sessionStorage.getItem(KEY);
    if (kept) void useRunStore.getState().restore(kept);
    let last = kept;
    return useRunStore.subscribe(({ view, turns }) => {
      const latest = turns.length ? (view.runId ?? turns.at(-1)!.runId ?? null) : null;
      if (latest === last) return;
      last = latest;
      if (latest) sessionStorage.setItem(KEY, latest);
      else sessionStorage.removeItem(KEY);
    });
  }, []);
}
