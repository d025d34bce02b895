import 'server-only';
import { setMaxListeners } from 'node:events';
import { unitExecutors } from './execute';
import { runUnitPool } from './pool';
import { unitCostUsd, unitState, type GradeUnitResult, type JudgeUnitResult, type RunUnitResult, type UnitResults } from './results';
import type { EvaluationUnitRow } from './schema';
import { parseUnitKey, unitKey } from './spec';
import { SETTLED, type EvaluationStore } from './store';
import type { UnitGate } from './unit-gate';

/** How often a running evaluation looks whether its owner paused or cancelled it. */
const WATCH_MS = 250;

/**
 * An evaluation's job: runs what is left of it in this process with the real executors, and
 * writes each unit's result before the unit counts as done (a done unit is never run again,
 * whatever restarts), until every unit has a result or its owner pauses or cancels it.
 */
export async function driveEvaluation(id: string, store: EvaluationStore, signal: AbortSignal, gate?: UnitGate): Promise<void> {
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

  const done = doneResultsOf(await store.units(id));
  // The budget is checked before the start against an upper bound; this stops the evaluation if prices rose since.
  let spent = [...done.runs.values(), ...done.judgements.values(), ...done.grades.values()].reduce((sum, r) => sum + (unitCostUsd(r) ?? 0), 0);
  let budgetSpent = false;

  try {
    const outcome = await runUnitPool(
      spec,
      unitExecutors(spec, {
        ownerHash: row.ownerHash,
        // The run's id is kept as soon as it is stored: after a crash, the unit shows which run it was.
        onRunId: (unit, runId) => void store.unitRun(id, unitKey(unit), runId).catch(() => {}),
      }),
      {
        signal: stop.signal,
        done,
        gate,
        // A pause or cancel takes effect before the next unit, not only at the next look.
        onStart: (unit) => Promise.all([stopIfHalted(), store.unitStarted(id, unitKey(unit))]),
        onUnit: async (unit, result) => {
          // A unit stopped by a pause is not done: it runs again when the evaluation resumes.
          if (result.status === 'cancelled' && stop.signal.aborted) return;
          await store.unitFinished(id, unitKey(unit), { status: unitState(result), result, runId: 'runId' in result ? result.runId : null, error: 'error' in result ? result.error : undefined });
          spent += unitCostUsd(result) ?? 0;
          if (spec.budgetUsd !== undefined && spent >= spec.budgetUsd && !budgetSpent) {
            budgetSpent = true;
            stop.abort();
          }
        },
      },
    );
    if (budgetSpent) {
      const error = `Its budget of $${spec.budgetUsd} is spent ($${spent.toFixed(4)}): the units left were not run.`;
      await store.setStatus(id, 'failed', { from: ['running'], error });
    } else if (!outcome.aborted) await store.setStatus(id, 'finished', { from: ['running'] });
  } finally {
    clearInterval(watch);
    signal.removeEventListener('abort', onAbort);
  }
}

/** The results of units that have one (done, failed or skipped), by unit key. */
export function doneResultsOf(units: EvaluationUnitRow[]): UnitResults & { runs: Map<string, RunUnitResult>; judgements: Map<string, JudgeUnitResult>; grades: Map<string, GradeUnitResult> } {
  const runs = new Map<string, RunUnitResult>();
  const judgements = new Map<string, JudgeUnitResult>();
  const grades = new Map<string, GradeUnitResult>();
  for (const unit of units) {
    const parsed = parseUnitKey(unit.key);
    if (!parsed || unit.status === 'pending' || unit.status === 'running' || !unit.result) continue;
    if (parsed.kind === 'run') runs.set(unit.key, unit.result as RunUnitResult);
    else if (parsed.kind === 'judge') judgements.set(unit.key, unit.result as JudgeUnitResult);
    else grades.set(unit.key, unit.result as GradeUnitResult);
  }
  return { runs, judgements, grades };
}
