'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatTokens, formatUsd } from '@/lib/format';
import type { RunTotals } from '@/lib/runs/totals';
import { Markdown } from './markdown';

/** A finished turn before the one shown: its request, the MoA's final answer, its figures. */
export type EarlierTurn = { runId?: string; prompt: string; finalText: string; totals?: RunTotals };

/**
 * A conversation's earlier turns, each collapsed to its request and figures and expandable to
 * its final answer (and, where the page has it, its whole grid); the figures of the whole
 * conversation on top, the shown turn's included.
 */
export function ConversationTurns({ turns, current, onEdit, gridOf }: {
  turns: EarlierTurn[];
  /** The shown turn's figures, counted in the conversation's totals. */
  current?: RunTotals;
  /** Edit and resend turn `index`: a new branch from the turn before it. */
  onEdit?: (index: number) => void;
  /** The grid of turn `index`, when the page holds its events. */
  gridOf?: (index: number) => React.ReactNode;
}) {
  const [open, setOpen] = useState<number | null>(null);
  if (!turns.length) return null;
  const all = current ? [...turns.map((t) => t.totals), current] : turns.map((t) => t.totals);
  const tokens = all.reduce((n, t) => n + (t?.usage?.totalTokens ?? 0), 0);
  const costs = all.map((t) => t?.costUsd);
  const cost = costs.every((c) => c !== undefined) ? costs.reduce((a, b) => a! + b!, 0)! : undefined;

  return (
    <section aria-labelledby="conversation-heading" className="rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="conversation">
      <header className="flex flex-wrap items-baseline gap-x-3 border-b border-zinc-100 px-3 py-2 text-xs dark:border-zinc-800">
        <h2 id="conversation-heading" className="font-semibold">
          Conversation
        </h2>
        <span className="text-zinc-500 tabular-nums dark:text-zinc-400" data-testid="conversation-totals">
          {all.length} turns · {formatTokens(tokens)} tokens · {cost === undefined ? 'cost unknown' : formatUsd(cost)} in all
        </span>
      </header>
      <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {turns.map((turn, i) => (
          <li key={turn.runId ?? i} data-testid="conversation-turn">
            <div className="flex items-center gap-2 px-3 py-1.5 text-xs">
              <button
                type="button"
                onClick={() => setOpen(open === i ? null : i)}
                aria-expanded={open === i}
                className="flex min-w-0 flex-1 items-center gap-2 rounded text-left hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:text-indigo-300"
                data-testid="conversation-turn-toggle"
              >
                <span aria-hidden className="w-3 text-zinc-400">
                  {open === i ? '▾' : '▸'}
                </span>
                <span className="shrink-0 rounded bg-zinc-100 px-1.5 py-0.5 font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">Turn {i + 1}</span>
                <span className="truncate" title={turn.prompt}>
                  {turn.prompt}
                </span>
              </button>
              <span className="shrink-0 text-zinc-500 tabular-nums dark:text-zinc-400">
                {turn.totals?.usage ? `${formatTokens(turn.totals.usage.totalTokens)} tok` : ''}
                {turn.totals?.costUsd !== undefined ? ` · ${formatUsd(turn.totals.costUsd)}` : ''}
              </span>
              {onEdit && (
                <button type="button" onClick={() => onEdit(i)} className="shrink-0 rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800" data-testid="conversation-turn-edit">
                  Edit & resend
                </button>
              )}
              {turn.runId && (
                <Link href={`/r/${turn.runId}`} className="shrink-0 text-indigo-700 hover:underline dark:text-indigo-300" data-testid="conversation-turn-link">
                  Open
                </Link>
              )}
            </div>
            {open === i && (
              <div className="max-h-[70vh] space-y-3 overflow-y-auto border-t border-zinc-100 px-3 py-3 text-sm dark:border-zinc-800" data-testid="conversation-turn-body">
                <p className="rounded-md bg-zinc-50 px-2 py-1.5 whitespace-pre-wrap dark:bg-zinc-800/60">{turn.prompt}</p>
                <div className="leading-relaxed" data-testid="conversation-turn-answer">
                  <Markdown text={turn.finalText} />
                </div>
                {gridOf?.(i)}
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
