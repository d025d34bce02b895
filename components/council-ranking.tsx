import type { CouncilRanking } from '@/lib/moa/events';
import { FoldedReply } from './folded-reply';

/**
 * A council ranker's cell: its ranking in answer numbers (it saw them only as "Response A", …
 * in its own order), or why it was left out of the count; its reply folded.
 */
export function CouncilRankingView({ ranking, reply }: { ranking: CouncilRanking; reply: string }) {
  const labelOf = (answer: number) => ranking.mapping.find((m) => m.answer === answer)?.label;
  return (
    <div data-testid="agent-ranking" className="flex flex-col gap-1">
      {ranking.order ? (
        <>
          <p className="inline-flex self-start rounded bg-teal-50 px-1.5 py-0.5 text-[11px] font-medium text-teal-800 tabular-nums dark:bg-teal-950 dark:text-teal-300" data-testid="agent-ranking-summary">
            Ranked {ranking.order.join(' › ')}
          </p>
          <ol className="flex flex-col gap-0.5 text-[12px] tabular-nums" aria-label="Ranking, best first">
            {ranking.order.map((answer, i) => (
              <li key={answer} data-testid="agent-ranking-row" data-answer={answer}>
                <span className="font-medium">
                  {i + 1}. Answer {answer}
                </span>
                <span className="text-zinc-500 dark:text-zinc-400"> · shown as {labelOf(answer)}</span>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="text-amber-700 dark:text-amber-400" data-testid="agent-ranking-fallback">
          {ranking.fallback ?? 'Ranking unreadable: left out of the count.'}
        </p>
      )}
      <FoldedReply who="ranker" reply={reply} />
    </div>
  );
}
