import { formatMs } from '@/lib/format';

export type ProgressCounts = { done: number; failed: number; remaining: number };

/**
 * How far an evaluation has come: a bar of done and failed units over all, and the time left
 * at the pace so far (units done per second since the first one started).
 */
export function EvaluationProgress({ counts, elapsedMs, running }: { counts: ProgressCounts; elapsedMs: number | null; running: boolean }) {
  const total = counts.done + counts.failed + counts.remaining;
  const settled = counts.done + counts.failed;
  const share = (n: number) => (total ? `${(n / total) * 100}%` : '0%');
  const etaMs = running && settled > 0 && elapsedMs !== null && counts.remaining > 0 ? (elapsedMs / settled) * counts.remaining : null;
  return (
    <div data-testid="evaluation-progress">
      <div
        role="progressbar"
        aria-label="Evaluation progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={settled}
        className="flex h-2.5 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-emerald-500 transition-[width] duration-500" style={{ width: share(counts.done) }} />
        <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: share(counts.failed) }} />
      </div>
      <p className="mt-1.5 flex flex-wrap gap-x-4 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
        <span data-testid="progress-done">{counts.done} done</span>
        <span data-testid="progress-failed" className={counts.failed ? 'text-red-600 dark:text-red-400' : undefined}>
          {counts.failed} failed
        </span>
        <span data-testid="progress-remaining">{counts.remaining} remaining</span>
        <span className="ml-auto">{etaMs !== null ? `about ${formatMs(etaMs)} left` : running ? 'estimating time left…' : ''}</span>
      </p>
    </div>
  );
}
