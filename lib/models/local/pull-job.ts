/**
 * The server's one model download at a time. Browsers subscribe to its progress; leaving the
 * page does not stop it (a later visit picks it up), only an explicit cancel does.
 */
import { pullModels, type PullEvent, type PullTarget } from './pull';

export type JobEvent = PullEvent | { type: 'finished'; ok: boolean; cancelled?: boolean };

export type PullJob = {
  readonly running: boolean;
  /** The latest event of each file, and the end, for a subscriber arriving late. */
  snapshot(): JobEvent[];
  /** Calls `listener` with every later event; returns the unsubscribe function. */
  subscribe(listener: (event: JobEvent) => void): () => void;
  cancel(): void;
};

type Job = PullJob & { done: Promise<void> };

const globalJobs = globalThis as unknown as { moaPullJob?: Job };

export function currentPullJob(): PullJob | undefined {
  return globalJobs.moaPullJob;
}

/** Starts pulling `models` into `dir`, or returns the download already running. */
export function startPullJob(models: readonly PullTarget[], dir: string, onFinished?: () => void): PullJob {
  const running = globalJobs.moaPullJob;
  if (running?.running) return running;

  const latest = new Map<string, JobEvent>();
  const listeners = new Set<(event: JobEvent) => void>();
  const controller = new AbortController();
  let active = true;
  const emit = (event: JobEvent) => {
    latest.set(event.type === 'finished' ? '' : ('file' in event && event.file) || '', event);
    for (const listener of listeners) listener(event);
  };

  const job: Job = {
    get running() {
      return active;
    },
    snapshot: () => [...latest.values()],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cancel: () => controller.abort(),
    done: pullModels(models, dir, { onEvent: emit, signal: controller.signal }).then(
      (ok) => {
        active = false;
        onFinished?.();
        emit({ type: 'finished', ok });
      },
      () => {
        active = false;
        emit({ type: 'finished', ok: false, cancelled: controller.signal.aborted });
      },
    ),
  };
  globalJobs.moaPullJob = job;
  return job;
}
