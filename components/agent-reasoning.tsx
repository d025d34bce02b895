'use client';

import { useState } from 'react';
import { formatTokens } from '@/lib/format';
import { approxTokens } from '@/lib/moa/budget';
import type { AgentView } from '@/lib/run-view';

/**
 * What an agent reasoned, above its answer: open while the reasoning streams, folded to one
 * line once the answer starts (unless the reader opened or closed it), with its own token
 * count. A native <details>, so it opens on the share page without JavaScript too. Model
 * output: shown as plain text, never as HTML.
 */
export function AgentReasoning({ view }: { view: AgentView }) {
  const answering = view.text !== '' || view.status !== 'streaming';
  const [chosen, setChosen] = useState<boolean | null>(null);
  const open = chosen ?? !answering;
  const thinking = view.status === 'streaming' && !view.text;
  const reported = view.usage?.reasoningTokens;
  const count =
    reported !== undefined
      ? `${formatTokens(reported)}${view.usage?.reasoningEstimated ? '*' : ''} tokens`
      : `~${formatTokens(approxTokens(view.reasoning))} tokens`;
  return (
    <details
      open={open}
      // The toggle event also fires when `open` follows the stream: only a reader's click differs from it.
      onToggle={(e) => e.currentTarget.open !== open && setChosen(e.currentTarget.open)}
      className="mb-2 rounded-md border-l-2 border-violet-300 bg-violet-50/70 dark:border-violet-700 dark:bg-violet-950/30"
      data-testid="agent-reasoning"
    >
      <summary className="flex cursor-pointer list-none items-center gap-1.5 px-2 py-0.5 text-[11px] text-violet-800 select-none dark:text-violet-300 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="w-2">{open ? '▾' : '▸'}</span>
        <span className="font-medium">Reasoning</span>
        {thinking && (
          <>
            <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden />
            <span className="sr-only">(streaming)</span>
          </>
        )}
        <span
          className="ml-auto font-mono tabular-nums text-violet-700/80 dark:text-violet-300/80"
          title={reported === undefined ? 'Rough count while it streams; the provider’s once the agent ends' : view.usage?.reasoningEstimated ? 'Estimated by tokenizer: the provider did not report reasoning tokens' : 'Reasoning tokens, as the provider reported them (part of the output, billed as output)'}
          data-testid="agent-reasoning-tokens"
        >
          {count}
        </span>
      </summary>
      <p className="px-2 pb-1.5 text-[12px] leading-snug whitespace-pre-wrap text-zinc-600 italic dark:text-zinc-400" data-testid="agent-reasoning-text">
        {view.reasoning}
      </p>
    </details>
  );
}
