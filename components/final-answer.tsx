'use client';

import { formatCostTotal, formatMs, formatTokens } from '@/lib/format';
import { agentStats, sumAgentStats } from '@/lib/run-stats';
import { answerOf, finalAgent } from '@/lib/run-view';
import { Figure } from './figure';
import { Markdown } from './markdown';
import { useRunView } from './run-view-context';
import { StatusPill } from './status-pill';
import { modelCallsOf } from '@/lib/runs/totals';

/** The aggregator's answer, streamed live, with the run's totals. */
export function FinalAnswer() {
  const status = useRunView((v) => v.status);
  const aggregator = useRunView((v) => finalAgent(v));
  const usage = useRunView((v) => v.usage);
  const lastT = useRunView((v) => v.lastT);
  const error = useRunView((v) => v.error);
  // Requests made so far: retries and window steps count, agents an early stop skipped do not.
  const calls = useRunView((v) => v.layers.reduce((n, layer) => layer.reduce((m, a) => m + modelCallsOf(a), n), 0));
  // A string, so the selector result is stable between deltas.
  const cost = useRunView((v) => formatCostTotal(sumAgentStats(v.layers.flat().map((a) => agentStats(a, v.lastT, undefined)))));

  const earlyStop = useRunView((v) => v.earlyStop);
  // A ranker's or a judge's answer is the one it picked or kept best, verbatim; its own reply is in its cell.
  const text = status === 'idle' || !aggregator ? '' : answerOf(aggregator);
  return (
    <section
      aria-labelledby="final-answer-heading"
      data-testid="final-answer"
      data-status={status}
      className="flex max-h-[calc(100vh-2rem)] min-h-80 flex-col rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex items-center gap-2 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <h2 id="final-answer-heading" className="text-sm font-semibold">
          Final answer
        </h2>
        {aggregator && <span className="truncate font-mono text-xs text-zinc-500">{aggregator.model}</span>}
        {aggregator?.pick && (
          <span className="shrink-0 text-xs text-zinc-500" data-testid="final-pick">
            picked answer {aggregator.pick.answer}
          </span>
        )}
        {aggregator?.verdict && (
          <span className="shrink-0 text-xs text-zinc-500" data-testid="final-best">
            best kept answer {aggregator.verdict.best.answer}
          </span>
        )}
        <span className="ml-auto" />
        <StatusPill status={status} />
      </header>
      {earlyStop && (
        <p className="border-b border-zinc-100 bg-emerald-50 px-4 py-2 text-xs text-emerald-800 dark:border-zinc-800 dark:bg-emerald-950/40 dark:text-emerald-300" data-testid="final-early-stop">
          Stopped early. {earlyStop.reason}
        </p>
      )}
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3 text-sm leading-relaxed" data-testid="final-text">
        {status === 'idle' ? (
          <p className="text-zinc-500 dark:text-zinc-400">
            Type a prompt and press <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs dark:border-zinc-700">⌘/Ctrl ↵</kbd>. Every
            agent streams into the grid; the last layer’s aggregator answers here.
          </p>
        ) : text ? (
          <Markdown text={text} />
        ) : status === 'running' ? (
          <p className="text-zinc-500 dark:text-zinc-400">The aggregator starts when the layers before it finish…</p>
        ) : null}
        {error && (
          <p role="alert" className="mt-2 text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
      {status !== 'idle' && (
        <footer className="border-t border-zinc-100 px-4 py-2.5 text-xs dark:border-zinc-800" data-testid="run-totals">
          <dl className="grid grid-cols-5 gap-2">
            <Figure label="Calls" value={String(calls)} testId="total-calls" />
            <Figure label="Input tokens" value={usage ? formatTokens(usage.inputTokens) : '–'} testId="total-input-tokens" />
            <Figure label="Output tokens" value={usage ? formatTokens(usage.outputTokens) : '–'} testId="total-output-tokens" />
            <Figure label="Cost" value={cost} testId="total-cost" />
            <Figure label="Wall time" value={formatMs(lastT)} />
          </dl>
        </footer>
      )}
    </section>
  );
}
