import type { TopKVerdict } from '@/lib/moa/events';
import type { AgentView } from '@/lib/run-view';
import { FoldedReply } from './folded-reply';

const formatScore = (score: number) => `${score}/10`;
const list = (numbers: number[]) => numbers.join(', ');

/** A top-k judge's cell: what it kept and dropped, each answer's score and why, the early stop. */
export function TopKVerdictView({ verdict, reply }: { verdict: TopKVerdict; reply: string }) {
  const judged = verdict.scores.length || verdict.kept.length;
  return (
    <div data-testid="agent-verdict" className="flex flex-col gap-1">
      <p className="inline-flex self-start rounded bg-indigo-50 px-1.5 py-0.5 text-[11px] font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300" data-testid="verdict-summary">
        Kept {verdict.kept.length === 1 ? 'answer' : 'answers'} {list(verdict.kept)} of {judged}
        {verdict.dropped.length > 0 && ` · dropped ${list(verdict.dropped)}`}
      </p>
      {verdict.fallback && (
        <p className="text-amber-700 dark:text-amber-400" data-testid="verdict-fallback">
          {verdict.fallback}
        </p>
      )}
      {verdict.agree !== null && (
        <p className={verdict.agree ? 'font-medium text-emerald-700 dark:text-emerald-400' : 'text-zinc-600 dark:text-zinc-400'} data-testid="verdict-agree">
          {verdict.agree
            ? `The kept answers agree: early stop, answer ${verdict.best.answer} is final.`
            : 'The kept answers do not agree: the next layer goes on.'}
        </p>
      )}
      {verdict.scores.length > 0 && (
        <ol className="flex flex-col gap-0.5 text-[12px]" aria-label="Scores">
          {verdict.scores.map((s) => {
            const kept = verdict.kept.includes(s.answer);
            return (
              <li key={s.answer} data-testid="verdict-row" data-answer={s.answer} data-kept={kept} className={kept ? '' : 'text-zinc-500 dark:text-zinc-400'}>
                <span className="font-medium tabular-nums">Answer {s.answer}: {formatScore(s.score)}</span>{' '}
                <span className={kept ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-700 dark:text-amber-400'}>{kept ? 'kept' : 'dropped'}</span>
                {s.reason && <span> · {s.reason}</span>}
              </li>
            );
          })}
        </ol>
      )}
      <FoldedReply who="judge" reply={reply} />
    </div>
  );
}

/** On an answer's own cell: what the top-k judge made of it. */
export function JudgedNote({ judged }: { judged: NonNullable<AgentView['judged']> }) {
  return judged.kept ? (
    <p className="mb-1 text-[11px] text-emerald-700 dark:text-emerald-400" data-testid="agent-kept">
      Kept by the judge of layer {judged.layer + 1} (score {formatScore(judged.score)})
    </p>
  ) : (
    <p className="mb-1 text-[11px] font-medium text-amber-700 dark:text-amber-400" data-testid="agent-dropped">
      Dropped by the judge of layer {judged.layer + 1} (score {formatScore(judged.score)}){judged.reason && `: ${judged.reason}`}
    </p>
  );
}
