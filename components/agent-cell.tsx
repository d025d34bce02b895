'use client';

import { memo, useLayoutEffect, useRef } from 'react';
import type { Cost } from '@/lib/cost';
import { formatMs, formatTokens, formatUsd, formatUsdExact } from '@/lib/format';
import type { AgentView } from '@/lib/run-view';
import { AgentReasoning } from './agent-reasoning';
import { Markdown } from './markdown';
import { useRunView } from './run-view-context';
import { StatusPill } from './status-pill';
import { CouncilRankingView } from './council-ranking';
import { JudgedNote, TopKVerdictView } from './top-k-verdict';
import { WindowBadge, WindowSteps } from './window-steps';

/** One agent of the run. Subscribes to its own slot, so a delta re-renders only this cell. */
export const AgentCell = memo(function AgentCell({ layer, agent, role }: { layer: number; agent: number; role: string }) {
  const view = useRunView((v) => v.layers[layer]?.[agent]);
  if (!view) return null;
  return <AgentCard view={view} role={role} />;
});

function AgentCard({ view, role }: { view: AgentView; role: string }) {
  const body = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // Follow the text as it streams unless the reader scrolled up.
  useLayoutEffect(() => {
    const el = body.current;
    if (el && pinned.current && view.status === 'streaming') el.scrollTop = el.scrollHeight;
  }, [view.text, view.reasoning, view.status]);

  // A judge's scores (a ranker's ranking) replace the reply it streamed: show them from the top.
  useLayoutEffect(() => {
    if ((view.verdict || view.ranking) && body.current) body.current.scrollTop = 0;
  }, [view.verdict, view.ranking]);

  const onScroll = () => {
    const el = body.current;
    if (el) pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };

  return (
    <article
      data-testid="agent-cell"
      data-layer={view.layer + 1}
      data-agent={view.agent + 1}
      data-status={view.status}
      {...(view.judged && { 'data-judged': view.judged.kept ? 'kept' : 'dropped' })}
      aria-label={`Layer ${view.layer + 1}, ${role} ${view.agent + 1}: ${view.model}`}
      className={`flex h-56 min-w-0 flex-col rounded-lg border bg-white shadow-xs dark:bg-zinc-900 ${
        view.judged && !view.judged.kept ? 'border-dashed border-amber-300 dark:border-amber-800' : 'border-zinc-200 dark:border-zinc-800'
      } ${view.status === 'skipped' ? 'opacity-70' : ''}`}
    >
      <header className="flex items-center gap-2 border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
        <span className="truncate font-mono text-xs text-zinc-700 dark:text-zinc-300" title={view.model}>
          {view.model}
        </span>
        <span className="ml-auto" />
        <StatusPill status={view.status} />
      </header>
      {view.window && (
        // A strip of its own, one line: the step changes without moving the text below.
        <div className="truncate border-b border-zinc-100 px-3 pt-1 dark:border-zinc-800">
          <WindowBadge view={view} />
        </div>
      )}
      <div ref={body} onScroll={onScroll} className="min-h-0 flex-1 overflow-y-auto px-3 py-2 text-[13px] leading-relaxed" data-testid="agent-text">
        {view.windows && view.status !== 'waiting' && <WindowSteps windows={view.windows} />}
        {view.reasoning && <AgentReasoning view={view} />}
        {view.status === 'waiting' ? (
          <p className="text-zinc-400 dark:text-zinc-500">Waiting for the previous layer…</p>
        ) : view.status === 'skipped' ? (
          <p className="text-zinc-500 dark:text-zinc-400" data-testid="agent-skipped">
            Skipped: {view.skipped}
          </p>
        ) : view.status === 'streaming' ? (
          // Plain text while streaming: re-parsing Markdown for dozens of cells every frame is too slow.
          <p className="whitespace-pre-wrap">
            {view.text ||
              (view.retry ? (
                <span className="text-amber-700 dark:text-amber-400" data-placeholder data-testid="agent-retry">
                  {view.retry.reason}: retry {view.retry.attempt - 1} of {view.retry.maxAttempts - 1} after {formatMs(view.retry.delayMs)}…
                </span>
              ) : (
                <span className="text-zinc-400" data-placeholder>{view.reasoning ? 'The answer comes after the reasoning…' : 'Waiting for the first token…'}</span>
              ))}
          </p>
        ) : (
          <>
            {view.judged && <JudgedNote judged={view.judged} />}
            {view.verdict ? (
              <TopKVerdictView verdict={view.verdict} reply={view.text} />
            ) : view.ranking ? (
              <CouncilRankingView ranking={view.ranking} reply={view.text} />
            ) : view.pick ? (
              <div data-testid="agent-pick">
                <p className="mb-1 inline-flex rounded bg-indigo-50 px-1.5 py-0.5 text-[11px] font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300" data-testid="agent-pick-answer">
                  Picked answer {view.pick.answer}
                </p>
                {view.pick.fallback && (
                  <p className="text-amber-700 dark:text-amber-400" data-testid="agent-pick-fallback">
                    {view.pick.fallback}
                  </p>
                )}
                {view.pick.reason && <Markdown text={view.pick.reason} />}
              </div>
            ) : (
              view.text && <Markdown text={view.text} />
            )}
            {view.error && (
              <p role="alert" className={`${view.text ? 'mt-2 ' : ''}text-red-600 dark:text-red-400`} data-testid="agent-error">
                {view.error}
              </p>
            )}
          </>
        )}
      </div>
      <footer className="@container flex gap-2 overflow-hidden border-t border-zinc-100 px-3 py-1.5 font-mono text-[11px] whitespace-nowrap text-zinc-500 tabular-nums dark:border-zinc-800 dark:text-zinc-400">
        {view.usage ? (
          <>
            <span title="Input tokens" data-testid="agent-input-tokens">
              in {formatTokens(view.usage.inputTokens)}
            </span>
            <span title={view.usage.reasoningTokens ? `Output tokens, ${formatTokens(view.usage.reasoningTokens)} of them reasoning` : 'Output tokens'} data-testid="agent-output-tokens">
              out {formatTokens(view.usage.outputTokens)}
              {view.usage.estimated && <span title="Estimated by tokenizer: the provider reported no usage">*</span>}
            </span>
            <AgentCost cost={view.cost} />
            {/* Narrow cells keep TTFT in the latency's tooltip (and the timeline). */}
            {view.firstTokenMs !== undefined && <span className="hidden @[19rem]:inline" title="Time to first token">ttft {formatMs(view.firstTokenMs)}</span>}
            {view.firstAnswerTokenMs !== undefined && (
              <span className="hidden @[24rem]:inline" title="Time to the first token of the answer, after the reasoning" data-testid="agent-first-answer">
                answer {formatMs(view.firstAnswerTokenMs)}
              </span>
            )}
            {view.retry && (
              <span className="text-amber-700 dark:text-amber-400" title={`Retried ${view.retry.attempt - 1}×: ${view.retry.reason}`} data-testid="agent-retries">
                ↻{view.retry.attempt - 1}
              </span>
            )}
            {view.latencyMs !== undefined && (
              <span
                className="ml-auto"
                title={`Total latency${view.firstTokenMs !== undefined ? `; first token after ${formatMs(view.firstTokenMs)}` : ''}${view.firstAnswerTokenMs !== undefined ? `; first answer token after ${formatMs(view.firstAnswerTokenMs)}` : ''}`}
              >
                {formatMs(view.latencyMs)}
              </span>
            )}
          </>
        ) : (
          <span>{view.status === 'streaming' ? 'streaming…' : '\u00a0'}</span>
        )}
      </footer>
    </article>
  );
}

function AgentCost({ cost }: { cost: Cost | null | undefined }) {
  if (cost === undefined) return null;
  return cost === null ? (
    <span title="Price unknown: add it to the config's pricing" data-testid="agent-cost">$?</span>
  ) : (
    <span title={`${formatUsdExact(cost.totalUsd)} (input ${formatUsdExact(cost.inputUsd + cost.cachedInputUsd)}, output ${formatUsdExact(cost.outputUsd)})`} data-testid="agent-cost">
      {formatUsd(cost.totalUsd)}
    </span>
  );
}
