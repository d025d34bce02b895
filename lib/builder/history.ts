/**
 * Undo/redo history of snapshots. Each step remembers what it did (its label), and quick
 * successive edits with the same coalesce key (typing into one field) merge into one step.
 */
export type HistoryStep<T> = { state: T; label: string };

export type History<T> = {
  past: HistoryStep<T>[];
  future: HistoryStep<T>[];
  /** Key and time of the latest recorded edit, for coalescing. */
  last: { key: string; at: number } | null;
};

export const HISTORY_LIMIT = 200;
export const COALESCE_MS = 1000;

export const emptyHistory = <T>(): History<T> => ({ past: [], future: [], last: null });

/** Records that `before` was left by an edit called `label`. */
export function record<T>(history: History<T>, before: T, label: string, key: string | null, now: number): History<T> {
  if (key && history.last?.key === key && now - history.last.at < COALESCE_MS && history.past.length) {
    // Same burst of typing: keep the state from before the burst; the label is the same kind.
    return { past: history.past, future: [], last: { key, at: now } };
  }
  const past = [...history.past, { state: before, label }];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], last: key ? { key, at: now } : null };
}

/** Steps back: returns the state to show and the history after it, or null at the start. */
export function undo<T>(history: History<T>, present: T): { state: T; label: string; history: History<T> } | null {
  const step = history.past.at(-1);
  if (!step) return null;
  return {
    state: step.state,
    label: step.label,
    history: { past: history.past.slice(0, -1), future: [...history.future, { state: present, label: step.label }], last: null },
  };
}

export function redo<T>(history: History<T>, present: T): { state: T; label: string; history: History<T> } | null {
  const step = history.future.at(-1);
  if (!step) return null;
  return {
    state: step.state,
    label: step.label,
    history: { past: [...history.past, { state: present, label: step.label }], future: history.future.slice(0, -1), last: null },
  };
}
