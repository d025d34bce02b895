import type { AgentStatus, RunStatus } from '@/lib/run-view';

const STYLES: Record<AgentStatus | RunStatus, string> = {
  idle: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400',
  waiting: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400',
  running: 'bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300',
  streaming: 'bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300',
  done: 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
  finished: 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
  failed: 'bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300',
  cancelled: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  skipped: 'bg-zinc-100 text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400',
  interrupted: 'bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-300',
};

export function StatusPill({ status }: { status: AgentStatus | RunStatus }) {
  const live = status === 'streaming' || status === 'running';
  return (
    <span data-status={status} className={`inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-[11px] font-medium ${STYLES[status]}`}>
      {live && <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {status}
    </span>
  );
}
