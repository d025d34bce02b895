import type { PaneJudge } from '@/lib/stores/compare-store';

/** The judge's verdict on a pane against the baseline, in a few words (A = baseline, B = the pane). */
export function VerdictBadge({ judge }: { judge: PaneJudge }) {
  if (judge.status === 'idle') return null;
  const [text, tone] =
    judge.status === 'running'
      ? ['judging…', 'bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300']
      : judge.status === 'error'
        ? ['not judged', 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400']
        : judge.result.verdict === 'B'
          ? ['judge: better', 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300']
          : judge.result.verdict === 'A'
            ? ['judge: worse', 'bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300']
            : ['judge: tie', 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300'];
  return (
    <span className={`rounded px-1 normal-case ${tone}`} data-testid="verdict-badge" title="The judge's verdict against the baseline">
      {text}
    </span>
  );
}
