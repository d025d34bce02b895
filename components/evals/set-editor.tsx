'use client';

import { useState } from 'react';
import { downloadText } from '@/lib/browser/download';
import { itemsToJsonl } from '@/lib/evals/import';
import { describeSetIssues, promptSetSchema, SET_LIMITS, type PromptSet, type SetItem } from '@/lib/evals/prompt-set';

const field = 'w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
/** Rows shown at first: a long set (AlpacaEval's 805) stays quick to open; "Show all" shows the rest. */
const FIRST_ROWS = 50;

type Row = { id: string; prompt: string; category: string; reference: string };

const rowOf = (item: SetItem): Row => ({ id: item.id, prompt: item.prompt, category: item.category ?? '', reference: item.reference ?? '' });
const itemOf = (row: Row): SetItem => ({ id: row.id, prompt: row.prompt, ...(row.category.trim() && { category: row.category }), ...(row.reference.trim() && { reference: row.reference }) });

/** The next free `q<n>` id. */
function freeId(rows: Row[]): string {
  const taken = new Set(rows.map((r) => r.id));
  let n = rows.length + 1;
  while (taken.has(`q${n}`)) n++;
  return `q${n}`;
}

/**
 * Edits a prompt set in place: name, and each item's prompt, category and reference answer;
 * add and remove items. Saving checks the whole set with the set schema and keeps nothing
 * until it passes; the problems are listed by item.
 */
export function SetEditor({ initial, onSave, onCancel }: { initial: PromptSet; onSave: (set: PromptSet) => string | null; onCancel: () => void }) {
  const [name, setName] = useState(initial.name);
  const [rows, setRows] = useState<Row[]>(() => initial.items.map(rowOf));
  const [showAll, setShowAll] = useState(initial.items.length <= FIRST_ROWS);
  const [problem, setProblem] = useState<string | null>(null);

  const update = (index: number, change: Partial<Row>) => setRows((r) => r.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const add = () => {
    setRows((r) => [...r, { id: freeId(r), prompt: '', category: '', reference: '' }]);
    setShowAll(true);
  };
  const remove = (index: number) => setRows((r) => r.filter((_, i) => i !== index));

  const save = () => {
    const parsed = promptSetSchema.safeParse({ id: initial.id, name, description: initial.description, items: rows.map(itemOf) });
    if (!parsed.success) {
      // items.3.prompt → item 4 › prompt: people count from 1.
      setProblem(describeSetIssues(parsed.error).replace(/items\.(\d+)\.(\w+)/g, (_, i: string, f: string) => `item ${Number(i) + 1} › ${f}`));
      return;
    }
    setProblem(onSave(parsed.data));
  };

  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <section aria-label="Edit prompt set" className="mt-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-3 dark:border-indigo-900 dark:bg-indigo-950/20" data-testid="set-editor">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex min-w-64 flex-1 items-center gap-2 text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Set name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={SET_LIMITS.maxNameChars} className={field} data-testid="set-name" />
        </label>
        <span className="text-xs text-zinc-500 dark:text-zinc-400">
          {rows.length} {rows.length === 1 ? 'prompt' : 'prompts'} (at most {SET_LIMITS.maxItems.toLocaleString('en-US')})
        </span>
      </div>
      <ol className="mt-3 flex flex-col gap-2">
        {shown.map((row, index) => (
          <li key={row.id} className="grid grid-cols-[2rem_minmax(0,3fr)_minmax(0,1fr)_minmax(0,2fr)_auto] items-start gap-2" data-testid="set-item">
            <span className="pt-1.5 text-right text-xs tabular-nums text-zinc-500">{index + 1}</span>
            <textarea aria-label={`Prompt ${index + 1}`} rows={2} value={row.prompt} onChange={(e) => update(index, { prompt: e.target.value })} className={field} placeholder="Prompt" />
            <input aria-label={`Category ${index + 1}`} value={row.category} onChange={(e) => update(index, { category: e.target.value })} className={field} placeholder="Category (optional)" maxLength={SET_LIMITS.maxCategoryChars} />
            <textarea aria-label={`Reference answer ${index + 1}`} rows={2} value={row.reference} onChange={(e) => update(index, { reference: e.target.value })} className={field} placeholder="Reference answer (optional)" />
            <button type="button" onClick={() => remove(index)} aria-label={`Remove prompt ${index + 1}`} className="rounded-md px-2 py-1 text-xs text-zinc-500 hover:bg-red-50 hover:text-red-700 dark:hover:bg-red-950 dark:hover:text-red-300">
              Remove
            </button>
          </li>
        ))}
      </ol>
      {!showAll && (
        <button type="button" onClick={() => setShowAll(true)} className="mt-2 text-xs text-indigo-700 hover:underline dark:text-indigo-300">
          Show all {rows.length} prompts
        </button>
      )}
      {problem && (
        <p role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="set-problem">
          Not saved: {problem}
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" onClick={add} disabled={rows.length >= SET_LIMITS.maxItems} className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-white disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800" data-testid="set-add">
          Add a prompt
        </button>
        <button type="button" onClick={() => downloadText(`${name.trim() || 'prompts'}.jsonl`, 'application/x-ndjson', itemsToJsonl(rows.map(itemOf)))} className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-white dark:border-zinc-700 dark:hover:bg-zinc-800">
          Download JSONL
        </button>
        <span className="flex-1" />
        <button type="button" onClick={onCancel} className="rounded-md px-2.5 py-1 text-xs font-medium text-zinc-600 hover:bg-white dark:text-zinc-300 dark:hover:bg-zinc-800">
          Cancel
        </button>
        <button type="button" onClick={save} className="rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-500" data-testid="set-save">
          Save set
        </button>
      </div>
    </section>
  );
}
