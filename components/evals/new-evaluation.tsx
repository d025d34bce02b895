'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { ApiError, fetchJson } from '@/lib/browser/fetch-api';
import { configOf, sourceFromKey, sourceLabel, sourceOptions } from '@/lib/compare/panes';
import { builtinSets } from '@/lib/evals/builtin-sets';
import { parseImport } from '@/lib/evals/import';
import type { PromptSet, SetItem } from '@/lib/evals/prompt-set';
import type { EvalConfig, EvaluationSpecInput } from '@/lib/evals/spec';
import { proposerSweep } from '@/lib/evals/sweeps';
import type { ModelInfo } from '@/lib/models/types';
import { useConfigStoreApi } from '@/lib/stores/config-store';
import { MessageLines } from '../message-lines';

const field = 'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const DEFAULT_KEYS = ['single', 'preset:moa-lite', 'preset:moa'];

type Imported = { name: string; items: SetItem[] } | { name: string; errors: string[] };

/**
 * A new evaluation: a prompt set (built in, or a JSONL/CSV file checked line by line in the
 * browser), 2–8 configurations (the first is the baseline) or a proposer sweep of the board,
 * a judge and how many units run at once.
 */
export function NewEvaluation({ models }: { models: ModelInfo[] }) {
  const router = useRouter();
  const configStore = useConfigStoreApi();
  const sets = builtinSets();
  const [setId, setSetId] = useState<string>(sets[0].id);
  const [imported, setImported] = useState<Imported | null>(null);
  const [limit, setLimit] = useState('');
  const [keys, setKeys] = useState<string[]>(DEFAULT_KEYS);
  const [sweep, setSweep] = useState(false);
  const judges = useMemo(() => models.filter((m) => !m.unavailable), [models]);
  const [judge, setJudge] = useState(judges.find((m) => m.id === 'offline:synth')?.id ?? judges[0]?.id ?? '');
  const [concurrency, setConcurrency] = useState(4);
  const [error, setError] = useState<{ message: string; details?: string[] } | null>(null);
  const [sending, setSending] = useState(false);

  const set: PromptSet | null =
    setId === 'import'
      ? imported && 'items' in imported
        ? { id: 'imported', name: imported.name, description: `Imported from ${imported.name}.`, items: imported.items }
        : null
      : (sets.find((s) => s.id === setId) ?? null);
  const count = set ? Math.min(set.items.length, Number(limit) || set.items.length) : 0;
  const configCount = sweep ? 4 : keys.length;

  const readFile = async (file: File) => {
    const result = parseImport(await file.text());
    setImported(
      result.ok
        ? { name: file.name.replace(/\.[^.]+$/, ''), items: result.items }
        : { name: file.name, errors: result.errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)).concat(result.errorCount > result.errors.length ? [`… and ${result.errorCount - result.errors.length} more`] : []) },
    );
  };

  const configsOf = (): EvalConfig[] => {
    const { config: board } = configStore.getState();
    if (sweep) return proposerSweep(board);
    return keys.map((key) => {
      const source = sourceFromKey(key);
      return { id: key.replace(/^preset:/, '').replace(/[^a-z0-9-]/g, '-'), label: sourceLabel(source, models), config: configOf(source, board, models), ...(source.kind === 'preset' && { presetId: source.presetId }) };
    });
  };

  const start = async () => {
    if (!set) return;
    setError(null);
    setSending(true);
    try {
      const spec: EvaluationSpecInput = {
        name: `${set.name} · ${sweep ? 'proposer sweep' : keys.map((k) => sourceLabel(sourceFromKey(k), models)).join(' vs ')}`.slice(0, 120),
        set: { ...set, items: set.items.slice(0, count) },
        configs: configsOf(),
        judge: { model: judge },
        concurrency,
      };
      const { url } = await fetchJson<{ url: string }>('/api/evaluations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      router.push(url);
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, details: e.details } : { message: e instanceof Error ? e.message : String(e) });
      setSending(false);
    }
  };

  const toggle = (key: string) => setKeys((k) => (k.includes(key) ? k.filter((x) => x !== key) : k.length < 8 ? [...k, key] : k));
  const judgeModel = judges.find((m) => m.id === judge);

  return (
    <section aria-labelledby="new-evaluation" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="new-evaluation">
      <h2 id="new-evaluation" className="text-sm font-semibold">
        New evaluation
      </h2>
      <div className="mt-3 grid gap-4 lg:grid-cols-3">
        <fieldset className="flex flex-col gap-2">
          <legend className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Prompt set</legend>
          <select aria-label="Prompt set" className={field} value={setId} onChange={(e) => setSetId(e.target.value)} data-testid="eval-set">
            {sets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.items.length} prompts)
              </option>
            ))}
            <option value="import">Import a file (JSONL or CSV)…</option>
          </select>
          {setId === 'import' && (
            <input type="file" accept=".jsonl,.csv,.json,.txt" aria-label="Prompt file" className="text-xs" onChange={(e) => e.target.files?.[0] && void readFile(e.target.files[0])} data-testid="eval-import" />
          )}
          {imported && 'errors' in imported && setId === 'import' && (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="import-errors">
              <p className="font-medium">Nothing was imported: fix these lines of {imported.name} and choose it again.</p>
              <ul className="mt-1 list-disc pl-4">
                {imported.errors.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          )}
          {imported && 'items' in imported && setId === 'import' && <p className="text-xs text-emerald-700 dark:text-emerald-400">{imported.items.length} prompts read from {imported.name}.</p>}
          <label className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            First
            <input type="number" min={1} inputMode="numeric" placeholder="all" value={limit} onChange={(e) => setLimit(e.target.value)} className={`${field} w-20`} data-testid="eval-limit" />
            prompts ({count} in the evaluation)
          </label>
        </fieldset>

        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Configurations (the first is the baseline)</legend>
          {sourceOptions(models).map((option) => (
            <label key={option.key} className={`flex items-center gap-2 text-sm ${sweep ? 'opacity-50' : ''}`}>
              <input type="checkbox" disabled={sweep} checked={keys.includes(option.key)} onChange={() => toggle(option.key)} className="accent-indigo-600" data-testid={`eval-config-${option.key}`} />
              {option.label}
              {!sweep && keys[0] === option.key && <span className="rounded-full bg-indigo-50 px-1.5 text-[10px] text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">baseline</span>}
            </label>
          ))}
          <label className="mt-1 flex items-center gap-2 border-t border-zinc-100 pt-2 text-sm dark:border-zinc-800">
            <input type="checkbox" checked={sweep} onChange={(e) => setSweep(e.target.checked)} className="accent-indigo-600" data-testid="eval-sweep" />
            Proposer sweep of the board: 1, 2, 3 and 6 proposers (the paper’s ablation)
          </label>
        </fieldset>

        <fieldset className="flex flex-col gap-2">
          <legend className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Judge</legend>
          <select aria-label="Judge model" className={field} value={judge} onChange={(e) => setJudge(e.target.value)} data-testid="eval-judge">
            {judges.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
          <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
            {judgeModel?.kind === 'offline'
              ? 'The offline judge is a heuristic, not an LLM: it scores answers by coverage of the question. Each pair is judged twice, answers swapped; a flip counts as a tie.'
              : 'Each pair is judged twice with the answers swapped; a flip counts as a tie.'}
          </p>
          <label className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            Units at once
            <input type="number" min={1} max={32} value={concurrency} onChange={(e) => setConcurrency(Math.max(1, Math.min(32, Number(e.target.value) || 1)))} className={`${field} w-20`} data-testid="eval-concurrency" />
          </label>
        </fieldset>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-3 dark:border-zinc-800">
        <button
          type="button"
          onClick={start}
          disabled={!set || sending || configCount < 2}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
          data-testid="eval-start"
        >
          {sending ? 'Starting…' : 'Start evaluation'}
        </button>
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="eval-summary">
          {count} prompts × {configCount} configurations = {count * configCount} runs and {count * Math.max(0, configCount - 1)} judgements
        </span>
        {configCount < 2 && <span className="text-xs text-amber-700 dark:text-amber-400">Choose at least 2 configurations.</span>}
      </div>
      {error && (
        <div role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="eval-error">
          <MessageLines message={error.message} details={error.details} detailsClassName="text-xs" />
        </div>
      )}
    </section>
  );
}
