import 'server-only';
import { setMaxListeners } from 'node:events';
import { executeJudgeUnit, executeRunUnit } from './execute';
import { runUnitPool } from './pool';
import { unitState, type JudgeUnitResult, type RunUnitResult } from './results';
import type { EvaluationUnitRow } from './schema';
import { parseUnitKey, unitKey } from './spec';
import { SETTLED, type EvaluationStore } from './store';

/** How often a running evaluation looks whether its owner paused or cancelled it. */
const WATCH_MS = 250;

/**
 * An evaluation's job: runs what is left of it in this process with the real executors, and
 * writes each unit's result before the unit counts as done (a done unit is never run again,
 * whatever restarts), until every unit has a result or its owner pauses or cancels it.
 */
export async function driveEvaluation(id: string, store: EvaluationStore, signal: AbortSignal): Promise<void> {
  const row = await store.get(id);
  if (!row || row.status === 'paused' || SETTLED.includes(row.status)) return;
  if (!(await store.setStatus(id, 'running', { from: ['queued', 'running'] }))) return;
  const spec = row.spec;

  const stop = new AbortController();
  // Every running unit listens to it (its run, its model calls): more than Node's default 10 is expected.
  setMaxListeners(8 * spec.concurrency + 10, stop.signal);
  const onAbort = () => stop.abort(signal.reason);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  // Paused, cancelled or deleted by its owner: stop starting units and abort the running ones.
  const stopIfHalted = async () => {
    const now = await store.get(id);
    if (!now || now.status === 'paused' || now.status === 'cancelled') stop.abort();
  };
  // A failed look (the database away for a moment) is tried again at the next one.
  const watch = setInterval(() => void stopIfHalted().catch(() => {}), WATCH_MS);

  try {
    const outcome = await runUnitPool(
      spec,
      {
        run: (unit, unitSignal) =>
          // The run's id is kept as soon as it is stored: after a crash, the unit shows which run it was.
          executeRunUnit(spec, unit, { ownerHash: row.ownerHash, signal: unitSignal, onRunId: (runId) => void store.unitRun(id, unitKey(unit), runId).catch(() => {}) }),
        judge: (unit, baseline, candidate, unitSignal) => executeJudgeUnit(spec, unit, baseline, candidate, { signal: unitSignal }),
      },
      {
        signal: stop.signal,
        done: doneResultsOf(await store.units(id)),
        // A pause or cancel takes effect before the next unit, not only at the next look.
        onStart: (unit) => Promise.all([stopIfHalted(), store.unitStarted(id, unitKey(unit))]),
        onUnit: async (unit, result) => {
          // A unit stopped by a pause is not done: it runs again when the evaluation resumes.
          if (result.status === 'cancelled' && stop.signal.aborted) return;
          await store.unitFinished(id, unitKey(unit), { status: unitState(result), result, runId: 'runId' in result ? result.runId : null, error: 'error' in result ? result.error : undefined });
        },
      },
    );
    if (!outcome.aborted) await store.setStatus(id, 'finished', { from: ['running'] });
  } finally {
    clearInterval(watch);
    signal.removeEventListener('abort', onAbort);
  }
}

/** The results of units that have one (done, failed or skipped), by unit key. */
export function doneResultsOf(units: EvaluationUnitRow[]) {
  const runs = new Map<string, RunUnitResult>();
  const judgements = new Map<string, JudgeUnitResult>();
  for (const unit of units) {
    const parsed = parseUnitKey(unit.key);
    if (!parsed || unit.status === 'pending' || unit.status === 'running' || !unit.result) continue;
    if (parsed.kind === 'run') runs.set(unit.key, unit.result as RunUnitResult);
    else judgements.set(unit.key, unit.result as JudgeUnitResult);
  }
  return { runs, judgements };
}
