'use client';

import Link from 'next/link';
import { memo, startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import { downloadText } from '@/lib/browser/download';
import { ApiError, fetchApi, fetchJson } from '@/lib/browser/fetch-api';
import { whenFrameFree } from '@/lib/browser/frame-queue';
import type { EvaluationEstimate } from '@/lib/evals/budget';
import type { SetItem } from '@/lib/evals/prompt-set';
import type { ConfigResults, EvaluationResults, GradedResult, JudgedResult } from '@/lib/evals/results';
import { formatScore, formatTokensPerItem } from '@/lib/evals/results-table';
import type { loadEvaluation } from '@/lib/evals/handlers';
import { formatMs, formatPercent, formatUsd } from '@/lib/format';
import { CategoryChart } from './category-chart';
import { CopyLinkButton } from './copy-link-button';
import { EvaluationProgress } from './evaluation-progress';
import { WinRateChart } from './win-rate-chart';

export type EvaluationData = NonNullable<Awaited<ReturnType<typeof loadEvaluation>>>;
type Unit = EvaluationData['units'][number];

const POLL_MS = 1500;
const STATUS_STYLE: Record<EvaluationData['evaluation']['status'], string> = {
  queued: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
  running: 'bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300',
  paused: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  finished: 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
  cancelled: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  failed: 'bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300',
};
const LIVE = new Set(['queued', 'running']);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v));
const ms = (v: number | null) => (v === null ? '—' : formatMs(v));

/** An evaluation as it stands, refreshed while it runs: progress, results, charts, every item. */
export function EvaluationView({ initial }: { initial: EvaluationData }) {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const { evaluation, results } = data;
  const live = LIVE.has(evaluation.status);

  const refresh = useCallback(async () => {
    try {
      const next = await fetchJson<EvaluationData>(`/api/evaluations/${evaluation.id}`, { cache: 'no-store' });
      // A transition: re-rendering a large evaluation yields to input instead of one long task.
      // The spec never changes: keeping it keeps the rows' items, which memoised rows compare.
      startTransition(() => setData((prev) => ({ ...next, evaluation: { ...next.evaluation, spec: prev.evaluation.spec }, units: keepUnchanged(prev.units, next.units) })));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [evaluation.id]);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, refresh]);

  const act = async (action: 'pause' | 'resume' | 'cancel' | 'retry') => {
    try {
      await fetchApi(`/api/evaluations/${evaluation.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action }) });
      await refresh();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.message} ${e.details?.join(' ') ?? ''}` : String(e));
    }
  };

  const { spec } = evaluation;
  const progress = results.progress;
  const elapsed = Date.now() - new Date(evaluation.createdAt).getTime();
  const front = results.pareto.front.map((p) => p.id);
  const candidates = results.configs.filter((c) => !c.isBaseline);
  const categories = useMemo(() => [...new Set(spec.set.items.map((i) => i.category ?? 'none'))], [spec]);

  return (
    <div className="flex flex-col gap-4">
      <section className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="evaluation-title">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <h1 id="evaluation-title" className="text-base font-semibold tracking-tight">
              {evaluation.name}
            </h1>
            <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
              {spec.set.items.length} prompts × {spec.configs.length} configurations · baseline {spec.configs[spec.baseline].label} · judge{' '}
              <span className="font-mono">{spec.judge.model}</span>
              {spec.judge.model.startsWith('offline:') && ' (heuristic, not an LLM)'}
              {spec.judge.grading && ' · answers graded 1–10'} · {spec.concurrency} at once
              {spec.providerConcurrency &&
                Object.entries(spec.providerConcurrency)
                  .map(([provider, n]) => ` · ${n} on ${provider}`)
                  .join('')}
            </p>
          </div>
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[evaluation.status]}`} data-testid="evaluation-status" data-status={evaluation.status}>
            {evaluation.status}
          </span>
          <div className="flex flex-wrap gap-2">
            {evaluation.mine && live && <ActionButton onClick={() => act('pause')} label="Pause" />}
            {evaluation.mine && evaluation.status === 'paused' && <ActionButton onClick={() => act('resume')} label="Resume" />}
            {evaluation.mine && (live || evaluation.status === 'paused') && <ActionButton onClick={() => act('cancel')} label="Cancel" />}
            {evaluation.mine && !live && evaluation.status !== 'paused' && progress.failed + progress.skipped > 0 && <ActionButton onClick={() => act('retry')} label="Retry failed" />}
            <ExportButtons data={data} />
            <CopyLinkButton path={`/evals/${evaluation.id}`} />
          </div>
        </div>
        <div className="mt-3">
          <EvaluationProgress counts={{ done: progress.done + progress.skipped, failed: progress.failed, remaining: progress.remaining }} elapsedMs={elapsed} running={live} />
        </div>
        <SpendLine spent={results.spend} estimate={evaluation.estimate} budgetUsd={spec.budgetUsd} />
        {evaluation.error && (
          <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400" data-testid="evaluation-error">
            {evaluation.error}
          </p>
        )}
        {error && (
          <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
      </section>

      <section aria-labelledby="results-title" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h2 id="results-title" className="text-sm font-semibold">
          Results against {spec.configs[spec.baseline].label}
        </h2>
        <p className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
          Win rate counts a tie as half a win (as AlpacaEval); the interval is the 95% Wilson score interval. Consistency: how often the judge gave the same verdict with
          the answers swapped. Length beside the win rate because judges favour long answers.
          {spec.judge.grading && ' Score: the mean 1–10 rating of the answers (MT-Bench single-answer grading), with its 95% Student t interval.'}
        </p>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-xs tabular-nums" data-testid="results-table">
            <thead className="text-left text-[10px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              <tr>
                <th className="py-1 pr-3">Configuration</th>
                <th className="pr-3">W / T / L</th>
                <th className="pr-3">Win rate [95% CI]</th>
                <th className="pr-3">Consistency</th>
                {spec.judge.grading && <th className="pr-3">Score 1–10 [95% CI]</th>}
                <th className="pr-3">Mean length</th>
                <th className="pr-3">Cost / item</th>
                <th className="pr-3">Tokens / item</th>
                <th className="pr-3">Latency p50 / p95</th>
                <th className="pr-3">First final token p50</th>
                <th>Failed</th>
              </tr>
            </thead>
            <tbody>
              {results.configs.map((c) => (
                <ResultRow key={c.id} config={c} graded={spec.judge.grading} />
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <FramedWinRateChart
          title="Win rate vs cost per item"
          testId="chart-win-rate-cost"
          points={results.configs.map((c) => ({ id: c.id, label: c.label, x: c.costPerItemUsd, ...winRateOf(c) }))}
          front={front}
          xLabel="Cost per item"
          formatX={formatUsd}
        />
        <FramedWinRateChart
          title="Win rate vs latency (p50)"
          testId="chart-win-rate-latency"
          points={results.configs.map((c) => ({ id: c.id, label: c.label, x: c.latencyMs.p50, ...winRateOf(c) }))}
          xLabel="Latency p50"
          formatX={formatMs}
        />
      </div>

      {/* From the set, not the results: mounting a chart mid-run was the page's longest task, and the section would jump in. */}
      {categories.length > 1 && (
        <div className="grid gap-4 lg:grid-cols-2">
          <FramedCategoryChart configs={candidates} />
          <CategoryTable configs={candidates} categories={categories} />
        </div>
      )}
      <ItemTable data={data} />
    </div>
  );
}

/**
 * Props that reach a chart in an animation frame of their own (lib/browser/frame-queue.ts), and
 * only when their key changed, as a transition (React renders it in slices): recharts re-renders
 * synchronously, and the charts updating in one task were the page's long tasks while a 500-item
 * evaluation ran (bench/evaluations.ts).
 */
function useFramed<P>(props: P, key: string): P {
  const [shown, setShown] = useState({ key, props });
  useEffect(() => (key === shown.key ? undefined : whenFrameFree(() => startTransition(() => setShown({ key, props })))), [key, props, shown.key]);
  return shown.props;
}

function FramedWinRateChart(props: React.ComponentProps<typeof WinRateChart>) {
  return <WinRateChart {...useFramed(props, JSON.stringify([props.points, props.front]))} />;
}

function FramedCategoryChart({ configs }: { configs: ConfigResults[] }) {
  return <CategoryChart {...useFramed({ configs }, JSON.stringify(configs.map((c) => [c.label, c.byCategory])))} />;
}

/** The baseline sits at 50%: against itself every item would tie. */
const winRateOf = (c: ConfigResults) =>
  c.isBaseline ? { winRate: c.runs ? 0.5 : null, low: null, high: null } : { winRate: c.pairwise?.winRate ?? null, low: c.pairwise?.interval?.low ?? null, high: c.pairwise?.interval?.high ?? null };

function ResultRow({ config: c, graded }: { config: ConfigResults; graded: boolean }) {
  const p = c.pairwise;
  return (
    <tr className="border-t border-zinc-100 dark:border-zinc-800" data-testid="result-row" data-config={c.id}>
      <th scope="row" className="py-1.5 pr-3 text-left font-medium">
        {c.label}
        {c.isBaseline && <span className="ml-1.5 rounded-full bg-indigo-50 px-1.5 text-[10px] font-normal text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">baseline</span>}
      </th>
      <td className="pr-3">{p ? `${p.wins} / ${p.ties} / ${p.losses}` : '—'}</td>
      <td className="pr-3" data-testid="win-rate">
        {p?.winRate !== null && p?.winRate !== undefined ? (
          <>
            <span className="font-semibold">{pct(p.winRate)}</span>
            {p.interval && <span className="text-zinc-500"> [{pct(p.interval.low)}–{pct(p.interval.high)}]</span>}
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="pr-3">{pct(p?.consistency)}</td>
      {graded && (
        <td className="pr-3" data-testid="score">
          {formatScore(c.grades)}
        </td>
      )}
      <td className="pr-3">{c.meanLength === null ? '—' : `${Math.round(c.meanLength).toLocaleString('en-US')} chars`}</td>
      <td className="pr-3" title={c.costUsd === null ? undefined : `${formatUsd(c.costUsd)} in all`}>
        {c.costPerItemUsd === null ? (c.runs ? 'unknown' : '—') : formatUsd(c.costPerItemUsd)}
      </td>
      <td className="pr-3" data-testid="tokens-per-item" title={c.usage ? `${c.usage.inputTokens.toLocaleString('en-US')} in, ${c.usage.outputTokens.toLocaleString('en-US')} out, in all` : undefined}>
        {formatTokensPerItem(c)}
      </td>
      <td className="pr-3">
        {ms(c.latencyMs.p50)} / {ms(c.latencyMs.p95)}
      </td>
      <td className="pr-3">{ms(c.firstFinalTokenMs.p50)}</td>
      <td className={c.failedItems.length ? 'text-red-600 dark:text-red-400' : undefined}>{c.failedItems.length}</td>
    </tr>
  );
}

function CategoryTable({ configs, categories }: { configs: ConfigResults[]; categories: string[] }) {
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="category-title">
      <h2 id="category-title" className="text-sm font-semibold">
        Win rate by category
      </h2>
      <table className="mt-2 w-full text-xs tabular-nums" data-testid="category-table">
        <ColumnsHead first="Category" labels={configs.map((c) => c.label)} />
        <tbody>
          {categories.map((category) => (
            <tr key={category} className="border-t border-zinc-100 dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 text-left font-normal">
                {category}
              </th>
              {configs.map((c) => {
                const s = c.byCategory.find((b) => (b.category ?? 'none') === category)?.summary;
                return (
                  <td key={c.id} className="pr-3">
                    {s?.winRate !== null && s?.winRate !== undefined ? `${pct(s.winRate)} (n=${s.n})` : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const OUTCOME_STYLE = {
  win: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  tie: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  loss: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
} as const;

/**
 * Units that did not change since the last poll keep their object, so that rows whose units
 * did not change skip re-rendering (a unit's result changes only with its status).
 */
function keepUnchanged(prev: Unit[], next: Unit[]): Unit[] {
  const before = new Map(prev.map((u) => [u.key, u]));
  return next.map((u) => {
    const old = before.get(u.key);
    return old && old.status === u.status && old.runId === u.runId && old.attempts === u.attempts && old.error === u.error ? old : u;
  });
}

/**
 * Prompts a page of the item table shows: a table lays out all its rows whenever one changes,
 * and 500 rows made each poll's layout a long task (bench/evaluations.ts).
 */
const ITEMS_PER_PAGE = 50;

/** One row per prompt: each configuration's run (its grid a click away) and the judge's verdict. */
function ItemTable({ data }: { data: EvaluationData }) {
  const { spec } = data.evaluation;
  const byKey = new Map<string, Unit>(data.units.map((u) => [u.key, u]));
  const [open, setOpen] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const toggle = useCallback((key: string) => setOpen((now) => (now === key ? null : key)), []);
  const total = spec.set.items.length;
  const pages = Math.ceil(total / ITEMS_PER_PAGE);
  const first = page * ITEMS_PER_PAGE;
  const shown = spec.set.items.slice(first, first + ITEMS_PER_PAGE);
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" aria-labelledby="items-title">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="items-title" className="text-sm font-semibold">
          Every prompt
        </h2>
        {pages > 1 && (
          <nav className="ml-auto flex items-center gap-2 text-xs tabular-nums" aria-label="Prompt pages" data-testid="items-pages">
            <span className="text-zinc-500 dark:text-zinc-400" data-testid="items-range">
              {first + 1}–{first + shown.length} of {total}
            </span>
            <PageButton label="Previous prompts" disabled={page === 0} onClick={() => setPage(page - 1)}>
              ‹ Prev
            </PageButton>
            <PageButton label="Next prompts" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
              Next ›
            </PageButton>
          </nav>
        )}
      </div>
      <div className="mt-2 max-h-[560px] overflow-auto">
        <table className="w-full text-xs" data-testid="items-table">
          <ColumnsHead first="Prompt" labels={spec.configs.map((c) => c.label)} className="sticky top-0 bg-white dark:bg-zinc-900" />
          <tbody>
            {shown.map((item, n) => {
              const i = first + n;
              return (
                <ItemRow
                  key={item.id}
                  item={item}
                  index={i}
                  runs={spec.configs.map((_, c) => byKey.get(`run:${i}:${c}`))}
                  judges={spec.configs.map((_, c) => byKey.get(`judge:${i}:${c}`))}
                  grades={spec.configs.map((_, c) => byKey.get(`grade:${i}:${c}`))}
                  open={open?.startsWith(`judge:${i}:`) || open?.startsWith(`grade:${i}:`) ? open : null}
                  toggle={toggle}
                />
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function PageButton({ label, disabled, onClick, children }: { label: string; disabled: boolean; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded-md border border-zinc-300 px-2 py-0.5 hover:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none disabled:opacity-40 disabled:hover:bg-transparent dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      {children}
    </button>
  );
}

type ItemRowProps = {
  item: SetItem;
  index: number;
  runs: (Unit | undefined)[];
  judges: (Unit | undefined)[];
  grades: (Unit | undefined)[];
  open: string | null;
  toggle: (key: string) => void;
};
const sameUnits = (a: (Unit | undefined)[], b: (Unit | undefined)[]) => a.length === b.length && a.every((u, i) => u === b[i]);

/** Re-renders only when one of its units changed (see keepUnchanged): a poll changes a few rows of hundreds. */
const ItemRow = memo(
  function ItemRow({ item, index: i, runs, judges, grades, open, toggle }: ItemRowProps) {
    return (
      <tr className="border-t border-zinc-100 align-top dark:border-zinc-800" data-testid="item-row">
        <th scope="row" className="max-w-72 py-1.5 pr-3 text-left font-normal">
          <span className="line-clamp-2" title={item.prompt}>
            {item.prompt}
          </span>
          {item.category && <span className="text-[10px] text-zinc-500">{item.category}</span>}
        </th>
        {runs.map((run, c) => {
          const judge = judges[c];
          const verdict = judge?.status === 'done' ? (judge.result as JudgedResult) : null;
          const grade = grades[c];
          const graded = grade?.status === 'done' ? (grade.result as GradedResult) : null;
          const key = `judge:${i}:${c}`;
          const gradeKey = `grade:${i}:${c}`;
          return (
            <td key={c} className="pr-3 py-1.5" data-testid="item-cell">
              <div className="flex items-center gap-1.5">
                <UnitState unit={run} />
                {run?.runId && (
                  <Link href={`/r/${run.runId}`} prefetch={false} className="text-indigo-700 hover:underline dark:text-indigo-300" data-testid="item-run-link">
                    run
                  </Link>
                )}
                {verdict && (
                  <button
                    type="button"
                    onClick={() => toggle(key)}
                    aria-expanded={open === key}
                    className={`rounded px-1.5 py-0.5 text-[10px] font-medium ${OUTCOME_STYLE[verdict.outcome]}`}
                    data-testid="item-verdict"
                  >
                    {verdict.outcome}
                    {!verdict.agreed && ' (flip)'}
                  </button>
                )}
                {judge && !verdict && judge.status !== 'pending' && <span className="text-[10px] text-zinc-500">{judge.status === 'running' ? 'judging…' : `judge ${judge.status}`}</span>}
                {graded && (
                  <button
                    type="button"
                    onClick={() => toggle(gradeKey)}
                    aria-expanded={open === gradeKey}
                    className="rounded bg-indigo-50 px-1.5 py-0.5 text-[10px] font-medium text-indigo-800 tabular-nums dark:bg-indigo-950 dark:text-indigo-300"
                    data-testid="item-score"
                  >
                    {graded.rating}/10
                  </button>
                )}
              </div>
              {graded && open === gradeKey && (
                <p className="mt-1 rounded-md border border-zinc-200 bg-zinc-50 p-2 text-[11px] dark:border-zinc-700 dark:bg-zinc-800" data-testid="item-grade-explanation">
                  <span className="font-medium">{graded.withReference ? 'Graded against the reference:' : 'Graded:'}</span> {graded.explanation || '—'}
                </p>
              )}
              {verdict && open === key && (
                <div className="mt-1 space-y-1 rounded-md border border-zinc-200 bg-zinc-50 p-2 text-[11px] dark:border-zinc-700 dark:bg-zinc-800" data-testid="item-rationales">
                  <p>
                    <span className="font-medium">Baseline shown first:</span> {verdict.rationales[0] || '—'}
                  </p>
                  <p>
                    <span className="font-medium">This answer shown first:</span> {verdict.rationales[1] || '—'}
                  </p>
                </div>
              )}
            </td>
          );
        })}
      </tr>
    );
  },
  (a, b) => a.item === b.item && a.index === b.index && a.open === b.open && a.toggle === b.toggle && sameUnits(a.runs, b.runs) && sameUnits(a.judges, b.judges) && sameUnits(a.grades, b.grades),
);

/** A table head: the rows' own column, then one per configuration. */
function ColumnsHead({ first, labels, className = '' }: { first: string; labels: string[]; className?: string }) {
  return (
    <thead className={`text-left text-[10px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400 ${className}`}>
      <tr>
        <th className="py-1 pr-3">{first}</th>
        {labels.map((label, i) => (
          <th key={i} className="pr-3">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

function UnitState({ unit }: { unit: Unit | undefined }) {
  const status = unit?.status ?? 'pending';
  const color = { pending: 'bg-zinc-300 dark:bg-zinc-600', running: 'bg-sky-500 animate-pulse', done: 'bg-emerald-500', failed: 'bg-red-500', skipped: 'bg-amber-400' }[status];
  return <span className={`inline-block size-2 shrink-0 rounded-full ${color}`} title={unit?.error ?? status} aria-label={status} data-status={status} />;
}

function ActionButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className="rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" data-testid={`evaluation-${label.toLowerCase().replace(/ /g, '-')}`}>
      {label}
    </button>
  );
}

/** JSON: everything the page shows; CSV: one row per prompt and configuration. */
function ExportButtons({ data }: { data: EvaluationData }) {
  const csv = () => {
    const { spec } = data.evaluation;
    const byKey = new Map(data.units.map((u) => [u.key, u]));
    const rows = [['item', 'category', 'configuration', 'status', 'run_id', 'cost_usd', 'latency_ms', 'outcome', 'judge_agreed', 'grade_rating']];
    spec.set.items.forEach((item, i) =>
      spec.configs.forEach((config, c) => {
        const run = byKey.get(`run:${i}:${c}`);
        const result = run?.result as { costUsd?: number | null; latencyMs?: number } | null | undefined;
        const judge = byKey.get(`judge:${i}:${c}`)?.result as JudgedResult | undefined;
        const grade = byKey.get(`grade:${i}:${c}`)?.result as GradedResult | undefined;
        rows.push([item.id, item.category ?? '', config.id, run?.status ?? 'pending', run?.runId ?? '', String(result?.costUsd ?? ''), String(result?.latencyMs ?? ''), judge?.outcome ?? '', judge ? String(judge.agreed) : '', String(grade?.rating ?? '')]);
      }),
    );
    return rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n');
  };
  const base = `evaluation-${data.evaluation.id}`;
  return (
    <>
      <ActionButton label="JSON" onClick={() => downloadText(`${base}.json`, 'application/json', JSON.stringify(data, null, 2))} />
      <ActionButton label="CSV" onClick={() => downloadText(`${base}.csv`, 'text/csv', csv())} />
    </>
  );
}

/** What the evaluation has spent so far, beside its upper bound at the start and its budget. */
function SpendLine({ spent, estimate, budgetUsd }: { spent: EvaluationResults['spend']; estimate: EvaluationEstimate | null; budgetUsd?: number }) {
  const parts = [`Spent ${formatUsd(spent.usd)}${spent.unpriced ? ` and ${spent.unpriced} ${spent.unpriced === 1 ? 'unit' : 'units'} of unknown price` : ''}`];
  if (estimate) parts.push(estimate.unpriced.length ? 'cost not bounded at the start (unknown prices)' : `at most ${formatUsd(estimate.maxUsd)} estimated at the start`);
  if (budgetUsd !== undefined) parts.push(`budget ${formatUsd(budgetUsd)}`);
  return (
    <p className="mt-1 text-xs text-zinc-600 tabular-nums dark:text-zinc-400" data-testid="evaluation-spend">
      {parts.join(' · ')}
    </p>
  );
}
