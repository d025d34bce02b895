/**
 * Runs every unit of an evaluation in this process: at most `spec.concurrency` at once (and
 * each provider's own limit), each judgement as soon as its two runs are done and each grading
 * as soon as its run is (before further runs), a unit whose run has no answer skipped without
 * calling the judge. What a unit does is injected: the CLI passes the
 * real executors (lib/evals/execute.ts), tests pass mocks. The server's durable queue
 * schedules the same units itself.
 */
import { gradeSkipReason, judgeSkipReason, type GradeUnitResult, type JudgeUnitResult, type RunUnitResult, type UnitResult, type UnitResults } from './results';
import { judgedRunsOf, unitKey, unitsOf, type EvalUnit, type EvaluationSpec, type GradeUnit, type JudgeUnit, type RunUnit } from './spec';
import type { UnitGate } from './unit-gate';
import { modelsOf } from '../moa/config';
import { providersOf } from '../models/types';

export type UnitExecutors = {
  run(unit: RunUnit, signal: AbortSignal): Promise<RunUnitResult>;
  judge(unit: JudgeUnit, baseline: RunUnitResult, candidate: RunUnitResult, signal: AbortSignal): Promise<JudgeUnitResult>;
  grade(unit: GradeUnit, run: RunUnitResult, signal: AbortSignal): Promise<GradeUnitResult>;
};

export type PoolOptions = {
  /** Stops starting units and aborts the running ones; the pool settles once they have. */
  signal?: AbortSignal;
  /** Results from before (a resumed evaluation), by unitKey: those units are not run again. */
  done?: UnitResults;
  /** As a unit starts. */
  onStart?: (unit: EvalUnit) => unknown;
  /**
   * After each unit's result (also for skipped units). A promise is awaited before the unit
   * counts as done: the durable queue writes the result there, so a crash never loses it.
   */
  onUnit?: (unit: EvalUnit, result: UnitResult) => unknown;
  /** Units of every evaluation on this server: a unit starts only with a place in it. */
  gate?: UnitGate;
};

export type PoolOutcome = {
  /** By unitKey. */
  runs: Map<string, RunUnitResult>;
  judgements: Map<string, JudgeUnitResult>;
  grades: Map<string, GradeUnitResult>;
  /** Stopped by the signal: some units may have no result. */
  aborted: boolean;
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function runUnitPool(spec: EvaluationSpec, executors: UnitExecutors, options: PoolOptions = {}): Promise<PoolOutcome> {
  const runs = new Map<string, RunUnitResult>(options.done?.runs);
  const judgements = new Map<string, JudgeUnitResult>(options.done?.judgements);
  const grades = new Map<string, GradeUnitResult>(options.done?.grades);
  const units = unitsOf(spec);
  const queuedRuns = units.filter((u): u is RunUnit => u.kind === 'run' && !runs.has(unitKey(u)));
  /** Judgements and gradings whose runs are done, in the order they became ready. */
  const readyChecks: (JudgeUnit | GradeUnit)[] = [];
  /** Units already ready or done: a resumed evaluation releases both runs of a judgement. */
  const released = new Set<string>([...judgements.keys(), ...grades.keys()]);
  const signal = options.signal ?? new AbortController().signal;
  let active = 0;

  return new Promise<PoolOutcome>((resolve) => {
    const record = async (unit: EvalUnit, result: UnitResult) => {
      if (unit.kind === 'run') runs.set(unitKey(unit), result as RunUnitResult);
      else if (unit.kind === 'judge') judgements.set(unitKey(unit), result as JudgeUnitResult);
      else grades.set(unitKey(unit), result as GradeUnitResult);
      try {
        await options.onUnit?.(unit, result);
      } catch (error) {
        console.error('[evals] a unit result was not recorded:', messageOf(error));
      }
    };

    /** The judge and grade units a finished run completes the inputs of: ready, or skipped at once. */
    const release = async (run: RunUnit) => {
      const grade: GradeUnit = { kind: 'grade', item: run.item, config: run.config };
      if (spec.judge.grading && !released.has(unitKey(grade))) {
        released.add(unitKey(grade));
        const skipped = gradeSkipReason(spec, grade, runs.get(unitKey(run))!);
        if (skipped) await record(grade, { status: 'skipped', rating: null, skipped });
        else readyChecks.push(grade);
      }
      const configs = run.config === spec.baseline ? spec.configs.map((_, c) => c).filter((c) => c !== spec.baseline) : [run.config];
      for (const config of configs) {
        const unit: JudgeUnit = { kind: 'judge', item: run.item, config };
        const inputs = judgedRunsOf(spec, unit);
        const baseline = runs.get(unitKey(inputs.baseline));
        const candidate = runs.get(unitKey(inputs.candidate));
        if (!baseline || !candidate || released.has(unitKey(unit))) continue;
        released.add(unitKey(unit));
        const skipped = judgeSkipReason(spec, unit, baseline, candidate);
        if (skipped) await record(unit, { status: 'skipped', outcome: null, skipped });
        else readyChecks.push(unit);
      }
    };

    const launch = (unit: EvalUnit, work: () => Promise<UnitResult>, onError: (error: unknown) => UnitResult, settled: () => void) => {
      active++;
      Promise.resolve(options.onStart?.(unit))
        .catch((error: unknown) => console.error('[evals] a unit start was not recorded:', messageOf(error)))
        // Stopped while starting (the durable queue looks for a pause there): the unit does not run.
        .then(() => (signal.aborted ? Promise.reject(new Error('Stopped before it started.')) : work()))
        .catch(onError)
        .then(async (result) => {
          await record(unit, result);
          // A run cut short by the stop is not an answer to judge: it runs again on resume.
          if (unit.kind === 'run' && !(signal.aborted && result.status === 'cancelled')) await release(unit);
        })
        .finally(() => {
          active--;
          settled();
          fill();
        });
    };

    /** Units under way per provider, against the spec's per-provider limits. */
    const busy = new Map<string, number>();
    const limits = spec.providerConcurrency ?? {};
    const runProviders = spec.configs.map((c) => providersOf(modelsOf(c.config)));
    const judgeProviders = providersOf([spec.judge.model]);
    const providers = (unit: EvalUnit) => (unit.kind === 'run' ? runProviders[unit.config] : judgeProviders);
    const fits = (unit: EvalUnit) => providers(unit).every((p) => limits[p] === undefined || (busy.get(p) ?? 0) < limits[p]);
    const hold = (unit: EvalUnit, by: 1 | -1) => providers(unit).forEach((p) => busy.set(p, (busy.get(p) ?? 0) + by));
    let waitingForGate = false;

    /** The next unit that may start now: judgements and gradings first (they finish items), then runs, each within its providers' limits. */
    const next = (): EvalUnit | undefined => {
      for (const list of [readyChecks, queuedRuns] as EvalUnit[][]) {
        const index = list.findIndex(fits);
        if (index >= 0) return list.splice(index, 1)[0];
      }
      return undefined;
    };

    const fill = () => {
      while (!signal.aborted && active < spec.concurrency && !waitingForGate) {
        const unit = next();
        if (!unit) break;
        const release = options.gate ? options.gate.tryTake() : () => {};
        if (!release) {
          // Other evaluations hold every place: this unit waits at the front until one frees.
          if (unit.kind === 'run') queuedRuns.unshift(unit);
          else readyChecks.unshift(unit);
          waitingForGate = true;
          options.gate!.whenFree(() => {
            waitingForGate = false;
            fill();
          });
          break;
        }
        hold(unit, 1);
        const done = () => {
          hold(unit, -1);
          release();
        };
        if (unit.kind === 'judge') {
          const inputs = judgedRunsOf(spec, unit);
          launch(
            unit,
            () => executors.judge(unit, runs.get(unitKey(inputs.baseline))!, runs.get(unitKey(inputs.candidate))!, signal),
            (error) => ({ status: signal.aborted ? 'cancelled' : 'failed', outcome: null, error: messageOf(error) }),
            done,
          );
        } else if (unit.kind === 'grade') {
          launch(
            unit,
            () => executors.grade(unit, runs.get(unitKey({ kind: 'run', item: unit.item, config: unit.config }))!, signal),
            (error) => ({ status: signal.aborted ? 'cancelled' : 'failed', rating: null, error: messageOf(error) }),
            done,
          );
        } else {
          launch(
            unit,
            () => executors.run(unit, signal),
            (error) => ({ runId: null, status: signal.aborted ? 'cancelled' : 'failed', finalText: '', costUsd: null, latencyMs: 0, firstFinalTokenMs: null, error: messageOf(error) }),
            done,
          );
        }
      }
      if (active === 0 && !waitingForGate) resolve({ runs, judgements, grades, aborted: signal.aborted });
    };

    // Stopped while waiting for the gate: nothing is under way, so the pool settles now.
    signal.addEventListener('abort', () => {
      if (!waitingForGate) return;
      waitingForGate = false;
      fill();
    }, { once: true });

    // A resumed evaluation: judgements whose runs were done before, but not judged then.
    (async () => {
      active++;
      for (const run of units) if (run.kind === 'run' && runs.has(unitKey(run))) await release(run);
      active--;
      fill();
    })();
  });
}
