/**
 * Prompt sets a user made or edited in the app, kept in this browser (localStorage). An
 * evaluation stores its own copy of its set, so its results never depend on these.
 */
import { promptSetSchema, type PromptSet } from '../evals/prompt-set';

const KEY = 'moa-eval-sets';

/** The saved sets that still pass the schema, newest first; broken entries are left out. */
export function readMySets(): PromptSet[] {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(raw) ? raw.flatMap((entry) => {
      const parsed = promptSetSchema.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    }) : [];
  } catch {
    return [];
  }
}

function write(sets: PromptSet[]): string | null {
  try {
    localStorage.setItem(KEY, JSON.stringify(sets));
    return null;
  } catch {
    return 'This browser would not keep the set (storage full or blocked): export it as JSONL instead.';
  }
}

/** Saves (or replaces, by id) a set; null, or why it could not be kept. */
export const saveMySet = (set: PromptSet): string | null => write([set, ...readMySets().filter((s) => s.id !== set.id)]);

export const deleteMySet = (id: string): string | null => write(readMySets().filter((s) => s.id !== id));

/** A new id for a set made here: `mine-` and the time, in base 36. */
export const newMySetId = () => `mine-${Date.now().toString(36)}`;
