'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, fetchJson } from '@/lib/browser/fetch-api';
import { deleteMySet, newMySetId, readMySets, saveMySet } from '@/lib/browser/my-sets';
import { configOf, sourceFromKey, sourceLabel, sourceOptions } from '@/lib/compare/panes';
import type { EvaluationEstimate } from '@/lib/evals/budget';
import { builtinSets } from '@/lib/evals/builtin-sets';
import { parseImport } from '@/lib/evals/import';
import type { PromptSet, SetItem } from '@/lib/evals/prompt-set';
import type { EvalConfig, EvaluationSpecInput } from '@/lib/evals/spec';
import { sweepConfigs, SWEEPS, type SweepKind } from '@/lib/evals/sweeps';
import { formatUsd } from '@/lib/format';
import { modelsOf } from '@/lib/moa/config';
import { providersOf, type ModelInfo } from '@/lib/models/types';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { useSavedConfigs, type SavedVersion } from '@/lib/stores/saved-configs-store';
import { savedLabel } from '@/lib/configs/ref';
import { MessageLines } from '../message-lines';
import { SetEditor } from './set-editor';

const field = 'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const smallButton = 'rounded-md border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800';
const DEFAULT_KEYS = ['single', 'preset:moa-lite', 'preset:moa'];
/** A saved configuration's key among the choices: its latest version, read when it is ticked. */
const SAVED = 'saved:';
/** The estimate is asked for this long after the last change, not at every keystroke. */
const ESTIMATE_DELAY_MS = 400;

type Imported = { name: string; items: SetItem[] } | { name: string; errors: string[] };
type Estimate = { estimate: EvaluationEstimate; overBudget: string[] } | { error: string; details?: string[] };

/**
 * A new evaluation: a prompt set (built in, made or edited here, or a JSONL/CSV file checked
 * line by line in the browser), 2–8 configurations (the first is the baseline) or a sweep of
 * the board, a judge (pairwise, and optionally grading), how many units run at once (in all
 * and per provider), and a budget checked against the upper-bound estimate shown before it starts.
 */
export function NewEvaluation({ models }: { models: ModelInfo[] }) {
  const router = useRouter();
  const configStore = useConfigStoreApi();
  const board = useConfig((s) => s.config);
  const sets = builtinSets();
  const [mySets, setMySets] = useState<PromptSet[]>([]);
  const [setId, setSetId] = useState<string>(sets[0].id);
  const [imported, setImported] = useState<Imported | null>(null);
  const [editing, setEditing] = useState<PromptSet | null>(null);
  const [setNotice, setSetNotice] = useState<string | null>(null);
  const [limit, setLimit] = useState('');
  const [keys, setKeys] = useState<string[]>(DEFAULT_KEYS);
  const [sweep, setSweep] = useState(false);
  const [sweepKind, setSweepKind] = useState<SweepKind>('proposers');
  const judges = useMemo(() => models.filter((m) => !m.unavailable), [models]);
  const [judge, setJudge] = useState(judges.find((m) => m.id === 'offline:synth')?.id ?? judges[0]?.id ?? '');
  const [grading, setGrading] = useState(false);
  const [concurrency, setConcurrency] = useState(4);
  const [providerLimits, setProviderLimits] = useState<Record<string, string>>({});
  const [budget, setBudget] = useState('');
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [error, setError] = useState<{ message: string; details?: string[] } | null>(null);
  const [sending, setSending] = useState(false);

  // This browser's own sets: read after the first render (the server has no localStorage).
  useEffect(() => setMySets(readMySets()), []);
  const savedConfigs = useSavedConfigs((s) => s.configs);
  // Ticked saved configurations, by slug: the version read when ticked, or why it could not be.
  const [savedVersions, setSavedVersions] = useState<Record<string, SavedVersion | { error: string }>>({});
  useEffect(() => {
    if (useSavedConfigs.getState().load.state === 'idle') void useSavedConfigs.getState().refresh();
  }, []);

  // Memoised: the spec and its estimate follow it, so a new object each render would ask again and again.
  const set = useMemo((): PromptSet | null => {
    if (setId !== 'import') return [...mySets, ...sets].find((s) => s.id === setId) ?? null;
    return imported && 'items' in imported ? { id: 'imported', name: imported.name, description: `Imported from ${imported.name}.`, items: imported.items } : null;
  }, [setId, imported, mySets, sets]);
  const count = set ? Math.min(set.items.length, Number(limit) || set.items.length) : 0;

  const configs = useMemo((): { ok: true; configs: EvalConfig[] } | { ok: false; error: string } => {
    if (sweep) {
      try {
        return { ok: true, configs: sweepConfigs(sweepKind, board) };
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    }
    const chosen: EvalConfig[] = [];
    for (const key of keys) {
      if (key.startsWith(SAVED)) {
        const version = savedVersions[key.slice(SAVED.length)];
        if (!version) return { ok: false, error: 'Reading the saved configuration…' };
        if ('error' in version) return { ok: false, error: version.error };
        chosen.push({ id: `saved-${version.slug}`.slice(0, 40), label: savedLabel(version), config: version.config, configVersionId: version.versionId });
        continue;
      }
      const source = sourceFromKey(key);
      chosen.push({ id: key.replace(/^preset:/, '').replace(/[^a-z0-9-]/g, '-'), label: sourceLabel(source, models), config: configOf(source, board, models), ...(source.kind === 'preset' && { presetId: source.presetId }) });
    }
    return { ok: true, configs: chosen };
  }, [sweep, sweepKind, board, keys, models, savedVersions]);
  const configCount = configs.ok ? configs.configs.length : 0;
  const providers = useMemo(() => (configs.ok ? providersOf([...configs.configs.flatMap((c) => modelsOf(c.config)), judge]) : []), [configs, judge]);

  const spec = useMemo((): EvaluationSpecInput | null => {
    if (!set || !configs.ok || configs.configs.length < 2) return null;
    const limits = Object.fromEntries(providers.flatMap((p) => (Number(providerLimits[p]) >= 1 ? [[p, Math.floor(Number(providerLimits[p]))]] : [])));
    const what = sweep ? `${sweepKind} sweep` : configs.configs.map((c) => c.label).join(' vs ');
    return {
      name: `${set.name} · ${what}`.slice(0, 120),
      set: { ...set, items: set.items.slice(0, count) },
      configs: configs.configs,
      judge: { model: judge, grading },
      concurrency,
      ...(Object.keys(limits).length && { providerConcurrency: limits }),
      ...(budget.trim() && { budgetUsd: Number(budget) }),
    };
  }, [set, configs, providers, count, sweep, sweepKind, judge, grading, concurrency, providerLimits, budget]);

  // The upper-bound cost of what the form describes, asked of the server (it knows the prices).
  useEffect(() => {
    if (!spec) return setEstimate(null);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchJson<{ estimate: EvaluationEstimate; overBudget: string[] }>('/api/evaluations/estimate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(spec),
        signal: controller.signal,
      })
        .then(setEstimate)
        .catch((e) => !controller.signal.aborted && setEstimate(e instanceof ApiError ? { error: e.message, details: e.details } : { error: String(e) }));
    }, ESTIMATE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [spec]);

  const readFile = async (file: File) => {
    const result = parseImport(await file.text());
    setImported(
      result.ok
        ? { name: file.name.replace(/\.[^.]+$/, ''), items: result.items }
        : { name: file.name, errors: result.errors.map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message)).concat(result.errorCount > result.errors.length ? [`… and ${result.errorCount - result.errors.length} more`] : []) },
    );
  };

  const saveSet = (saved: PromptSet) => {
    const problem = saveMySet(saved);
    if (problem) return problem;
    setMySets(readMySets());
    setSetId(saved.id);
    setEditing(null);
    setSetNotice(`Saved “${saved.name}” in this browser (${saved.items.length} prompts).`);
    return null;
  };
  const isMine = mySets.some((s) => s.id === setId);
  const editCopy = () => set && setEditing(isMine ? set : { ...set, id: newMySetId(), name: `${set.name} (edited)`.slice(0, 120), source: undefined });
  const removeSet = () => {
    const problem = deleteMySet(setId);
    setMySets(readMySets());
    setSetId(sets[0].id);
    setSetNotice(problem ?? 'The set was deleted from this browser.');
  };

  const start = async () => {
    if (!spec) return;
    setError(null);
    setSending(true);
    try {
      const { url } = await fetchJson<{ url: string }>('/api/evaluations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
      router.push(url);
    } catch (e) {
      setError(e instanceof ApiError ? { message: e.message, details: e.details } : { message: e instanceof Error ? e.message : String(e) });
      setSending(false);
    }
  };

  const toggle = (key: string) => {
    setKeys((k) => (k.includes(key) ? k.filter((x) => x !== key) : k.length < 8 ? [...k, key] : k));
    const slug = key.startsWith(SAVED) ? key.slice(SAVED.length) : null;
    if (slug && !keys.includes(key)) {
      useSavedConfigs
        .getState()
        .open(slug)
        .then(({ version }) => setSavedVersions((v) => ({ ...v, [slug]: version })))
        .catch((e: unknown) => setSavedVersions((v) => ({ ...v, [slug]: { error: `Could not read the saved configuration “${slug}”: ${e instanceof Error ? e.message : String(e)}` } })));
    }
  };
  const choices = [...sourceOptions(models), ...savedConfigs.map((c) => ({ key: `${SAVED}${c.slug}`, label: `Saved: ${savedLabel({ name: c.name, version: c.latestVersion })}` }))];
  const judgeModel = judges.find((m) => m.id === judge);
  const judgements = count * Math.max(0, configCount - 1);

  return (
    <section aria-labelledby="new-evaluation" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="new-evaluation">
      <h2 id="new-evaluation" className="text-sm font-semibold">
        New evaluation
      </h2>
      <div className="mt-3 grid gap-4 lg:grid-cols-3">
        <fieldset className="flex flex-col gap-2">
          <legend className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Prompt set</legend>
          <select aria-label="Prompt set" className={field} value={setId} onChange={(e) => (setSetId(e.target.value), setEditing(null), setSetNotice(null))} data-testid="eval-set">
            <optgroup label="Built in">
              {sets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.items.length} prompts)
                </option>
              ))}
            </optgroup>
            {mySets.length > 0 && (
              <optgroup label="Your sets (this browser)">
                {mySets.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.items.length} prompts)
                  </option>
                ))}
              </optgroup>
            )}
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
          <div className="flex flex-wrap gap-1.5">
            <button type="button" className={smallButton} disabled={!set} onClick={editCopy} data-testid="set-edit">
              {isMine ? 'Edit prompts' : 'Edit a copy'}
            </button>
            <button type="button" className={smallButton} onClick={() => setEditing({ id: newMySetId(), name: 'My prompts', description: '', items: [{ id: 'q1', prompt: '' }] })} data-testid="set-new">
              New set
            </button>
            {isMine && (
              <button type="button" className={`${smallButton} text-red-700 dark:text-red-300`} onClick={removeSet} data-testid="set-delete">
                Delete set
              </button>
            )}
          </div>
          {setNotice && (
            <p role="status" className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="set-notice">
              {setNotice}
            </p>
          )}
          <label className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
            First
            <input type="number" min={1} inputMode="numeric" placeholder="all" value={limit} onChange={(e) => setLimit(e.target.value)} className={`${field} w-20`} data-testid="eval-limit" />
            prompts ({count} in the evaluation)
          </label>
        </fieldset>

        <fieldset className="flex flex-col gap-1.5">
          <legend className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Configurations (the first is the baseline)</legend>
          {choices.map((option) => (
            <label key={option.key} className={`flex items-center gap-2 text-sm ${sweep ? 'opacity-50' : ''}`}>
              <input type="checkbox" disabled={sweep} checked={keys.includes(option.key)} onChange={() => toggle(option.key)} className="accent-indigo-600" data-testid={`eval-config-${option.key}`} />
              {option.label}
              {!sweep && keys[0] === option.key && <span className="rounded-full bg-indigo-50 px-1.5 text-[10px] text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">baseline</span>}
            </label>
          ))}
          <div className="mt-1 flex flex-col gap-1.5 border-t border-zinc-100 pt-2 dark:border-zinc-800">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={sweep} onChange={(e) => setSweep(e.target.checked)} className="accent-indigo-600" data-testid="eval-sweep" />
              Sweep the board instead (the paper’s ablations)
            </label>
            <select aria-label="Sweep" className={`${field} ${sweep ? '' : 'opacity-50'}`} disabled={!sweep} value={sweepKind} onChange={(e) => setSweepKind(e.target.value as SweepKind)} data-testid="eval-sweep-kind">
              {(Object.keys(SWEEPS) as SweepKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {SWEEPS[kind].label}
                </option>
              ))}
            </select>
            {sweep && (
              <p className="text-[11px] text-zinc-500 dark:text-zinc-400" data-testid="eval-sweep-configs">
                {configs.ok ? `${configs.configs.map((c) => c.label).join(' · ')} — ${SWEEPS[sweepKind].note}.` : configs.error}
              </p>
            )}
          </div>
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
          <label className="flex items-start gap-2 text-xs text-zinc-700 dark:text-zinc-300">
            <input type="checkbox" checked={grading} onChange={(e) => setGrading(e.target.checked)} className="mt-0.5 accent-indigo-600" data-testid="eval-grading" />
            <span>Also grade every answer 1–10 (MT-Bench’s single-answer grading, against the reference answer where a prompt has one)</span>
          </label>
          <div className="grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            <label htmlFor="eval-concurrency">Units at once</label>
            <input id="eval-concurrency" type="number" min={1} max={32} value={concurrency} onChange={(e) => setConcurrency(Math.max(1, Math.min(32, Number(e.target.value) || 1)))} className={`${field} w-20`} data-testid="eval-concurrency" />
            {providers.map((p) => (
              <ProviderLimit key={p} provider={p} value={providerLimits[p] ?? ''} onChange={(value) => setProviderLimits((l) => ({ ...l, [p]: value }))} />
            ))}
            <label htmlFor="eval-budget">Budget (USD)</label>
            <input id="eval-budget" type="number" min={0} step="any" inputMode="decimal" placeholder="none" value={budget} onChange={(e) => setBudget(e.target.value)} className={`${field} w-24`} data-testid="eval-budget" />
          </div>
        </fieldset>
      </div>
      {editing && <SetEditor key={editing.id} initial={editing} onSave={saveSet} onCancel={() => setEditing(null)} />}
      <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-3 dark:border-zinc-800">
        <button
          type="button"
          onClick={start}
          disabled={!spec || sending || !!editing}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
          data-testid="eval-start"
        >
          {sending ? 'Starting…' : 'Start evaluation'}
        </button>
        <span className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="eval-summary">
          {count} prompts × {configCount} configurations = {count * configCount} runs{grading ? `, ${judgements} judgements and ${count * configCount} gradings` : ` and ${judgements} judgements`}
        </span>
        <EstimateLine estimate={estimate} budget={budget.trim() ? Number(budget) : undefined} />
        {configs.ok && configCount < 2 && <span className="text-xs text-amber-700 dark:text-amber-400">Choose at least 2 configurations.</span>}
        {!configs.ok && !sweep && <span className="text-xs text-amber-700 dark:text-amber-400" data-testid="eval-configs-problem">{configs.error}</span>}
        {editing && <span className="text-xs text-amber-700 dark:text-amber-400">Save or cancel the set you are editing first.</span>}
      </div>
      {error && (
        <div role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="eval-error">
          <MessageLines message={error.message} details={error.details} detailsClassName="text-xs" />
        </div>
      )}
    </section>
  );
}

function ProviderLimit({ provider, value, onChange }: { provider: string; value: string; onChange: (value: string) => void }) {
  const id = `eval-provider-${provider}`;
  return (
    <>
      <label htmlFor={id}>
        at most, on <span className="font-mono">{provider}</span>
      </label>
      <input id={id} type="number" min={1} max={32} placeholder="no limit" value={value} onChange={(e) => onChange(e.target.value)} className={`${field} w-24`} data-testid={id} />
    </>
  );
}

/** "Costs at most $0.42 (runs $0.40, judge $0.02)", free, unbounded, or over the budget. */
function EstimateLine({ estimate, budget }: { estimate: Estimate | null; budget?: number }) {
  if (!estimate) return null;
  const line = (className: string, text: string) => (
    <span className={`text-xs ${className}`} data-testid="eval-estimate">
      {text}
    </span>
  );
  if ('error' in estimate) return line('text-red-700 dark:text-red-400', [estimate.error, ...(estimate.details ?? [])].join(' '));
  const { maxUsd, runsUsd, judgeUsd, unpriced } = estimate.estimate;
  if (estimate.overBudget.length) return line('text-red-700 dark:text-red-400', estimate.overBudget.join(' '));
  if (unpriced.length) return line('text-amber-700 dark:text-amber-400', `Cost not bounded: no known price for ${unpriced.join(', ')}.`);
  if (maxUsd === 0) return line('text-zinc-500 dark:text-zinc-400', 'Free: every model is offline or priced at $0.');
  return line('text-zinc-600 dark:text-zinc-300', `Costs at most ${formatUsd(maxUsd)} (runs ${formatUsd(runsUsd)}, judge ${formatUsd(judgeUsd)})${budget ? `, within the ${formatUsd(budget)} budget` : ''}.`);
}
