import 'server-only';
import { interruptRecordings, recordingsInProgress } from './runs/recorder';
import { INTERRUPTED_BY_SHUTDOWN } from './runs/store';

/** On SIGTERM, how long running runs may go on before they are marked interrupted, unless SHUTDOWN_GRACE_MS says otherwise. */
export const SHUTDOWN_GRACE_MS_DEFAULT = 10_000;
/** How often the drain looks whether the runs are done. */
const DRAIN_POLL_MS = 100;

const globalForShutdown = globalThis as unknown as { moaShutdown?: Promise<void> };

/** True from SIGTERM on: the guard refuses new runs (503) and readiness fails, so a load balancer moves on. */
export const isShuttingDown = () => globalForShutdown.moaShutdown !== undefined;

/**
 * A graceful stop: no new runs; the running ones get `graceMs` to finish; those still going are
 * then marked interrupted (each writes its own last event); this instance's evaluation jobs are
 * handed back to the queue and its lease is given up. Idempotent.
 */
export function shutDown(graceMs: number): Promise<void> {
  globalForShutdown.moaShutdown ??= (async () => {
    const running = recordingsInProgress();
    console.warn(`[server] shutting down: no new runs; ${running} running get up to ${graceMs} ms to finish.`);
    const { stopEvaluationWorker } = await import('./evals/server');
    const evaluations = stopEvaluationWorker(graceMs).catch((error: unknown) => console.error('[evals] stopping the evaluation worker failed:', error instanceof Error ? error.message : error));
    const deadline = Date.now() + graceMs;
    while (recordingsInProgress() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
    const interrupted = await interruptRecordings(INTERRUPTED_BY_SHUTDOWN);
    if (interrupted) console.warn(`[server] marked ${interrupted} run(s) still going as interrupted.`);
    await evaluations;
    const { releaseInstance } = await import('./runs/server');
    await releaseInstance().catch((error: unknown) => console.error('[runs] giving up the lease failed:', error instanceof Error ? error.message : error));
    const { stopTracing } = await import('./runs/tracing');
    await stopTracing().catch((error: unknown) => console.error('[traces] sending the last spans failed:', error instanceof Error ? error.message : error));
    console.warn('[server] shut down cleanly.');
  })();
  return globalForShutdown.moaShutdown;
}

const INSTALLED = Symbol.for('moa.shutdownHandler');

/**
 * Puts the graceful stop before Next's own SIGTERM handler (which closes the server and exits at
 * once): Next's runs after the drain. Call once the server is up (instrumentation.ts).
 */
export function installShutdownHandler(graceMs: number) {
  const proc = process as NodeJS.Process & { [INSTALLED]?: boolean };
  if (proc[INSTALLED]) return;
  proc[INSTALLED] = true;
  const nexts = process.listeners('SIGTERM');
  for (const listener of nexts) process.off('SIGTERM', listener);
  process.once('SIGTERM', () => {
    void shutDown(graceMs).finally(() => {
      if (!nexts.length) process.exit(0);
      for (const listener of nexts) listener('SIGTERM');
    });
  });
}
