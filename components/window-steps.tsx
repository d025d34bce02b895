import { formatNumberList } from '@/lib/format';
import type { AgentView } from '@/lib/run-view';

/**
 * A sliding-window aggregator's progress: the step it is on and the answers it reads (after the
 * run, how many steps over which answers). One line, so the cell does not jump as steps change.
 */
export function WindowBadge({ view }: { view: AgentView }) {
  const { window, windows = [] } = view;
  if (!window) return null;
  const running = view.status === 'streaming' || view.status === 'waiting';
  const all = [...windows.flatMap((w) => w.answers), ...window.answers];
  return (
    <p
      className="mb-1 inline-flex rounded bg-sky-50 px-1.5 py-0.5 text-[11px] font-medium text-sky-800 tabular-nums dark:bg-sky-950 dark:text-sky-300"
      data-testid="agent-window"
      data-step={window.step}
      data-steps={window.steps}
    >
      {running
        ? `window ${window.step} of ${window.steps} · answers ${formatNumberList(window.answers)}`
        : `${window.steps} ${window.steps === 1 ? 'window' : 'windows'} · answers ${formatNumberList(all)}`}
    </p>
  );
}

/** The earlier steps' syntheses, folded: each step's text replaced the one before in the cell. */
export function WindowSteps({ windows }: { windows: NonNullable<AgentView['windows']> }) {
  if (!windows.length) return null;
  return (
    <details className="mb-1 text-[11px] text-zinc-500 dark:text-zinc-400" data-testid="agent-window-steps">
      <summary className="cursor-pointer">
        Earlier {windows.length === 1 ? 'step' : `${windows.length} steps`}
      </summary>
      <ol className="mt-1 flex flex-col gap-1.5">
        {windows.map((w) => (
          <li key={w.step} data-testid="agent-window-step" data-step={w.step}>
            <p className="font-medium text-zinc-700 tabular-nums dark:text-zinc-300">
              Step {w.step} · answers {formatNumberList(w.answers)}
            </p>
            <p className="whitespace-pre-wrap">{w.text}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
