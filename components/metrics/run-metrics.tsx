'use client';

import { lazy, startTransition, Suspense, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useRunViewWhen } from '@/components/run-view-context';
import { formatCostTotal, formatMs, formatRate, formatTflops, formatTokens, formatUsd, formatUsdExact } from '@/lib/format';
import catalogSource from '@/lib/models/catalog/source.json';
import type { RunView } from '@/lib/run-view';
import { useInView, useThrottledValue } from './use-live-value';
import { runStats, type AgentStats, type RunStats } from '@/lib/run-stats';

// Recharts is the page's largest dependency and nothing draws before a run: load it on demand.
const RunCharts = lazy(() => import('./run-charts'));

// Recharts renders are costly (a few hundred ms for the four charts on a busy 2-core machine),
// so while a run streams the charts re-read it only when an agent starts or ends, at most every
// 1.5 s, and only while they are on screen; the render itself is deferred (interruptible).
const LIVE_REFRESH_MS = 1500;
const signature = (v: RunView) => {
  let started = 0;
  let ended = 0;
  for (const layer of v.layers) for (const a of layer) started += a.startedT !== undefined ? 1 : 0, ended += a.endedT !== undefined ? 1 : 0;
  return `${v.status}|${started}|${ended}|${v.status === 'running' ? '' : v.lastT}`;
};

/** Cost, tokens and time of the run: figures, four charts and the per-agent table. */
export function RunMetrics() {
  const section = useRef<HTMLElement>(null);
  const visible = useInView(section);
  const latest = useRunViewWhen(signature);
  const running = latest.status === 'running';
  const pace = !running ? 0 : visible ? LIVE_REFRESH_MS : Infinity;
  const view = useDeferredValue(useThrottledValue(latest, pace));
  const stats = useMemo(() => runStats(view), [view]);
  // The charts mount when first seen or when the run ends, never at a run's start: that is when
  // the grid needs the main thread most. A new run (the view goes idle) takes them down again,
  // or the last run's charts would re-render at the next run's start.
  const [chartsMounted, setChartsMounted] = useState(false);
  useEffect(() => {
    if (latest.status === 'idle') setChartsMounted(false);
    else if (!chartsMounted && (visible || !running)) startTransition(() => setChartsMounted(true));
  }, [chartsMounted, latest.status, visible, running]);
  if (latest.status === 'idle') return null;
  const budgetUsd = view.config?.budgetUsd;

  // content-visibility lets the browser skip laying the section out while it is out of view.
  return (
    <section ref={section} aria-labelledby="metrics-heading" data-testid="run-metrics" className="flex flex-col gap-3 [contain-intrinsic-size:auto_1100px] [content-visibility:auto]">
      <h2 id="metrics-heading" className="flex items-baseline gap-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        <span className="text-zinc-900 dark:text-zinc-100">Metrics</span>
        <span className="normal-case tracking-normal">
          prices from {catalogSource.name}, data as of {catalogSource.dataAsOf}
          {budgetUsd !== undefined && <> · budget {formatUsd(budgetUsd)}</>}
        </span>
      </h2>
      <Summary stats={stats} />
      <div className="grid min-h-[500px] grid-cols-1 gap-3 md:grid-cols-2">
        {chartsMounted && (
          <Suspense fallback={<p className="col-span-full self-center text-center text-xs text-zinc-500 dark:text-zinc-400">Loading charts…</p>}>
            <RunCharts stats={stats} budgetUsd={budgetUsd} />
          </Suspense>
        )}
      </div>
      <AgentTable stats={stats} />
    </section>
  );
}

function Summary({ stats }: { stats: RunStats }) {
  const t = stats.totals;
  const star = t.estimated ? '*' : '';
  return (
    <dl className="grid grid-cols-3 gap-x-4 gap-y-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 sm:grid-cols-4 xl:grid-cols-8 dark:border-zinc-800 dark:bg-zinc-900" data-testid="metrics-summary">
      <Figure label="Cost" testId="metrics-cost" title={formatUsdExact(t.cost.totalUsd)} value={formatCostTotal(t)} />
      <Figure label="Input" testId="metrics-input-tokens" value={`${formatTokens(t.inputTokens)}${star}`} title={t.inputTokens.toLocaleString('en-US')} />
      <Figure label="Output" testId="metrics-output-tokens" value={`${formatTokens(t.outputTokens)}${star}`} title={t.outputTokens.toLocaleString('en-US')} />
      <Figure
        label="Reasoning"
        testId="metrics-reasoning-tokens"
        value={`${formatTokens(t.reasoningTokens)}${t.reasoningEstimated ? '*' : ''}`}
        title={`${t.reasoningTokens.toLocaleString('en-US')} reasoning tokens: part of the output, billed at the output price (or the model’s own reasoning price)`}
      />
      <Figure label="Cached" testId="metrics-cached-tokens" value={formatTokens(t.cachedTokens)} />
      <Figure label="Wall time" testId="metrics-wall" value={formatMs(stats.wallMs)} />
      <Figure label="Critical path" testId="metrics-critical-path" value={formatMs(stats.criticalPathMs)} title="Σ over layers of the slowest agent’s own time" />
      <Figure
        label="Compute"
        testId="metrics-tflops"
        value={t.tflops > 0 ? `≈${formatTflops(t.tflops)}` : '–'}
        title={`~2 × parameters × tokens, for open-weight models of known size${t.unsized ? `; ${t.unsized} call(s) of unknown size not counted` : ''}`}
        unknown={t.tflops === 0 && t.unsized > 0}
      />
      {(t.estimated || t.reasoningEstimated) && (
        <p className="col-span-full text-[11px] text-zinc-500">
          * includes tokenizer estimates where a provider reported no usage{t.reasoningEstimated ? ' (or no reasoning count: estimated from the reasoning text)' : ''} or a call was cancelled
        </p>
      )}
    </dl>
  );
}

function Figure({ label, value, testId, title, unknown }: { label: string; value: string; testId: string; title?: string; unknown?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-[10px] tracking-wide whitespace-nowrap text-zinc-500 uppercase">
        {label}
        {unknown && <span className="sr-only"> (model sizes unknown)</span>}
      </dt>
      <dd className="truncate font-mono text-sm tabular-nums" data-testid={testId} title={title}>
        {value}
      </dd>
    </div>
  );
}

const HEADER_TITLES: Record<string, string> = {
  TTFT: 'Time to first token (reasoning or answer)',
  Answer: 'Time to the first token of the answer, for agents that reasoned first',
  Reasoning: 'Reasoning tokens (part of the output); * estimated from the reasoning text',
};

const cell = (v: string) => <td className="px-2 py-1 text-right font-mono tabular-nums">{v}</td>;

function AgentTable({ stats }: { stats: RunStats }) {
  const row = (a: AgentStats) => (
    <tr key={`${a.layer}.${a.agent}`} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="agent-row" data-layer={a.layer + 1} data-agent={a.agent + 1}>
      <td className="px-2 py-1 whitespace-nowrap">L{a.layer + 1}·{a.agent + 1}</td>
      <td className="max-w-48 truncate px-2 py-1 font-mono" title={a.model}>{a.model}</td>
      <td className="px-2 py-1">{a.status}</td>
      {cell(a.cost === undefined ? '' : `${a.inputTokens.toLocaleString('en-US')}${a.estimated ? '*' : ''}`)}
      {cell(a.cost === undefined ? '' : `${a.outputTokens.toLocaleString('en-US')}${a.estimated ? '*' : ''}`)}
      {cell(a.reasoningTokens ? `${a.reasoningTokens.toLocaleString('en-US')}${a.reasoningEstimated ? '*' : ''}` : '')}
      {cell(a.cachedTokens ? a.cachedTokens.toLocaleString('en-US') : '')}
      {cell(a.cost === undefined ? '' : a.cost === null ? 'price unknown' : formatUsdExact(a.cost.totalUsd))}
      {cell(a.ttftMs === undefined ? '' : formatMs(a.ttftMs))}
      {cell(a.firstAnswerMs === undefined ? '' : formatMs(a.firstAnswerMs))}
      {cell(a.latencyMs === undefined ? '' : formatMs(a.latencyMs))}
      {cell(a.tokensPerSecond === undefined ? '' : formatRate(a.tokensPerSecond))}
      {cell(a.tflops === undefined ? '' : formatTflops(a.tflops))}
    </tr>
  );
  return (
    <details className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <summary className="cursor-pointer px-4 py-2 text-xs font-medium text-zinc-700 dark:text-zinc-300">Per-agent and per-layer figures</summary>
      <div className="overflow-x-auto px-2 pb-2">
        <table className="w-full text-[11px]" data-testid="agent-table">
          <caption className="sr-only">Every agent’s tokens, cost and timing</caption>
          <thead className="text-zinc-500">
            <tr>
              {['Agent', 'Model', 'Status'].map((h) => (
                <th key={h} scope="col" className="px-2 py-1 text-left font-medium">{h}</th>
              ))}
              {['Input', 'Output', 'Reasoning', 'Cached', 'Cost', 'TTFT', 'Answer', 'Latency', 'Speed', 'Compute'].map((h) => (
                <th key={h} scope="col" className="px-2 py-1 text-right font-medium" title={HEADER_TITLES[h]}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {stats.layers.map((l) => [
              ...stats.agents.filter((a) => a.layer === l.layer).map(row),
              <tr key={`layer-${l.layer}`} className="border-t border-zinc-200 bg-zinc-50 font-medium dark:border-zinc-700 dark:bg-zinc-800/50" data-testid="layer-row" data-layer={l.layer + 1}>
                <td className="px-2 py-1" colSpan={3}>Layer {l.layer + 1}: slowest {formatMs(l.slowestMs)}, span {formatMs(l.wallMs)}</td>
                {cell(l.inputTokens.toLocaleString('en-US'))}
                {cell(l.outputTokens.toLocaleString('en-US'))}
                {cell(l.reasoningTokens ? l.reasoningTokens.toLocaleString('en-US') : '')}
                {cell(l.cachedTokens ? l.cachedTokens.toLocaleString('en-US') : '')}
                {cell(formatCostTotal(l))}
                <td colSpan={4} />
                {cell(l.tflops ? formatTflops(l.tflops) : '')}
              </tr>,
            ])}
          </tbody>
        </table>
      </div>
    </details>
  );
}
