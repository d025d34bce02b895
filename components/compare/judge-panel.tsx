'use client';

import { useStore } from 'zustand';
import { sumCosts } from '@/lib/cost';
import { DEFAULT_JUDGE_INSTRUCTIONS, judgeUserMessage, MAX_JUDGE_INSTRUCTIONS_CHARS } from '@/lib/compare/judge-prompt';
import { sourceLabel } from '@/lib/compare/panes';
import { formatMs, formatTokens, formatUsd, formatUsdExact } from '@/lib/format';
import { useConfig } from '@/lib/stores/config-store';
import { useCompareStore, type Pane } from '@/lib/stores/compare-store';
import { buttonClass } from '../builder/ui';
import { VerdictBadge } from './verdict';

/** The judge: its prompt (visible, editable), each pane's verdict against the baseline, and its own cost. */
export function JudgePanel() {
  const panes = useCompareStore((s) => s.panes);
  const enabled = useCompareStore((s) => s.judgeEnabled);
  const running = useCompareStore((s) => s.running);
  const instructions = useCompareStore((s) => s.judgeInstructions);
  const judgeModel = useCompareStore((s) => s.judgeModel);
  const prompt = useCompareStore((s) => s.ranPrompt);
  const board = useConfig((s) => s.config);
  const models = useConfig((s) => s.models);
  const baselineFinished = useStore(panes[0].run, (s) => s.view.status === 'finished');
  const model = judgeModel ?? board.layers.at(-1)!.agents[0].model;
  const [baseline, ...others] = panes;
  const results = others.flatMap((p) => (p.judge.status === 'done' ? [p.judge.result] : []));
  const spent = sumCosts(results.map((r) => r.cost));
  const tokens = results.flatMap((r) => r.orders).reduce((n, o) => n + (o.usage ? o.usage.inputTokens + o.usage.outputTokens : 0), 0);
  const judging = others.some((p) => p.judge.status === 'running');
  const { setJudge, judge } = useCompareStore.getState();

  if (!enabled && !results.length) return null;
  return (
    <section aria-labelledby="judge-heading" className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="judge-panel">
      <header className="flex flex-wrap items-center gap-2">
        <h2 id="judge-heading" className="text-sm font-semibold">
          Judge
        </h2>
        <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{model}</span>
        {model.startsWith('offline:') && (
          <span className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-[11px] text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-300" data-testid="offline-judge-note">
            Offline judge: a deterministic heuristic (key-term coverage, specificity, structure, repetition), not an LLM
          </span>
        )}
        <span className="ml-auto" />
        {results.length > 0 && (
          <span className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="judge-cost" title={spent.unpriced ? 'Some judge calls have no known price' : formatUsdExact(spent.cost.totalUsd)}>
            Judge’s own cost (not in the panes’ figures): {spent.unpriced ? (spent.cost.totalUsd ? `${formatUsd(spent.cost.totalUsd)} + unpriced` : 'price unknown') : formatUsd(spent.cost.totalUsd)} · {formatTokens(tokens)} tokens ·{' '}
            {results.length * 2} calls
          </span>
        )}
        <button
          type="button"
          className={buttonClass}
          disabled={running || judging || !baselineFinished || !prompt}
          onClick={() => void judge(model, board.pricing)}
          data-testid="judge-again"
          title="Judge the final answers now, with the prompt below"
        >
          {results.length ? 'Judge again' : 'Judge now'}
        </button>
      </header>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        Each pane’s final answer is compared with the baseline’s twice, the second time with the answers swapped; a judge that changes its mind when they swap places
        counts as a tie.
      </p>

      <ul className="mt-2 flex flex-col gap-2">
        {others.map((pane) => (
          <PaneVerdict key={pane.id} pane={pane} baselineLabel={sourceLabel(baseline.source, models)} label={sourceLabel(pane.source, models)} />
        ))}
      </ul>

      <details className="mt-2 text-xs">
        <summary className="cursor-pointer font-medium text-zinc-700 select-none dark:text-zinc-300">Judge prompt (editable)</summary>
        <label htmlFor="judge-instructions" className="mt-2 block text-zinc-600 dark:text-zinc-400">
          Instructions (the system message). The question and both answers follow in the user message, as below.
        </label>
        <textarea
          id="judge-instructions"
          value={instructions}
          maxLength={MAX_JUDGE_INSTRUCTIONS_CHARS}
          onChange={(e) => setJudge({ judgeInstructions: e.target.value })}
          rows={7}
          className="mt-1 block w-full resize-y rounded-md border border-zinc-300 bg-white p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
          data-testid="judge-instructions"
        />
        <div className="mt-1 flex items-center gap-2">
          <button type="button" className={buttonClass} onClick={() => setJudge({ judgeInstructions: DEFAULT_JUDGE_INSTRUCTIONS })} disabled={instructions === DEFAULT_JUDGE_INSTRUCTIONS}>
            Reset to default
          </button>
          {!instructions.trim() && <span className="text-red-600 dark:text-red-400">The judge prompt cannot be empty.</span>}
        </div>
        <pre className="mt-2 max-h-40 overflow-auto rounded-md bg-zinc-50 p-2 whitespace-pre-wrap text-zinc-600 dark:bg-zinc-950 dark:text-zinc-400">
          {judgeUserMessage(prompt || '…the prompt…', '…the baseline’s final answer (the other pane’s in the swapped order)…', '…the other pane’s final answer…')}
        </pre>
      </details>
    </section>
  );
}

function PaneVerdict({ pane, label, baselineLabel }: { pane: Pane; label: string; baselineLabel: string }) {
  const { judge } = pane;
  return (
    <li className="rounded-lg border border-zinc-100 px-3 py-2 text-sm dark:border-zinc-800" data-testid="judge-result" data-status={judge.status}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{label}</span>
        <span className="text-xs text-zinc-500">vs {baselineLabel} (baseline)</span>
        <VerdictBadge judge={judge} />
        {judge.status === 'done' && <span className="ml-auto text-xs text-zinc-500 tabular-nums">{formatMs(judge.result.latencyMs)}</span>}
      </div>
      {judge.status === 'idle' && <p className="text-xs text-zinc-500 dark:text-zinc-400">Not judged yet: the judge runs when every pane has finished.</p>}
      {judge.status === 'running' && <p className="text-xs text-zinc-500 dark:text-zinc-400">The judge is reading both answers, in both orders…</p>}
      {judge.status === 'error' && (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400" data-testid="judge-error">
          {judge.message}
          {judge.details?.length ? ` ${judge.details.join(' ')}` : ''}
        </p>
      )}
      {judge.status === 'done' && (
        <>
          <p className="mt-0.5 text-sm" data-testid="judge-verdict">
            {judge.result.verdict === 'B' ? `${label} is better.` : judge.result.verdict === 'A' ? `${baselineLabel} is better.` : 'Tie.'}{' '}
            <span className="text-zinc-600 dark:text-zinc-400">{judge.result.reason}</span>
          </p>
          <ol className="mt-1 grid gap-1 text-xs text-zinc-600 md:grid-cols-2 dark:text-zinc-400">
            {judge.result.orders.map((o) => {
              const [a, b] = o.order === 'AB' ? [baselineLabel, label] : [label, baselineLabel];
              const named = o.verdict === 'A' ? a : o.verdict === 'B' ? b : o.verdict === 'tie' ? 'tie' : 'no verdict';
              return (
                <li key={o.order} className="rounded bg-zinc-50 px-2 py-1 dark:bg-zinc-950/60" data-testid="judge-order">
                  <span className="font-medium text-zinc-800 dark:text-zinc-200">
                    A = {a}, B = {b}: {o.verdict ?? '?'} ({named})
                  </span>{' '}
                  {o.rationale}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </li>
  );
}
