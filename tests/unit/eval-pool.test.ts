// The in-process pool with mock executors: its concurrency, the order of runs and judgements,
// failures and skips, and stopping.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runUnitPool, type UnitExecutors } from '@/lib/evals/pool';
import { deriveResults, type GradeUnitResult, type JudgeUnitResult, type RunUnitResult } from '@/lib/evals/results';
import { evaluationSpecSchema, unitKey, type EvalUnit } from '@/lib/evals/spec';
import { createUnitGate } from '@/lib/evals/unit-gate';

const single = { layers: [{ agents: [{ model: 'offline:synth' }] }] };
const specOf = (items: number, configs: number, concurrency: number) =>
  evaluationSpecSchema.parse({
    set: { id: 'pool', name: 'Pool', items: Array.from({ length: items }, (_, i) => ({ id: `q${i}`, prompt: `Prompt ${i}?` })) },
    configs: Array.from({ length: configs }, (_, i) => ({ id: `c${i}`, label: `C${i}`, config: single })),
    judge: { model: 'offline:synth' },
    concurrency,
  });

const answer = (text: string): RunUnitResult => ({ runId: `id-${text}`, status: 'finished', finalText: text, costUsd: 0, latencyMs: 1, firstFinalTokenMs: 0 });
const verdict: JudgeUnitResult = { status: 'judged', outcome: 'win', agreed: true, verdict: 'B', reason: '', rationales: ['', ''], costUsd: 0, latencyMs: 1 };
const rating = (value: number): GradeUnitResult => ({ status: 'graded', rating: value, explanation: '', withReference: false, costUsd: 0, latencyMs: 1 });

/** Executors that take a few ms each (varied), and log when each unit starts and ends. */
function recording(options: { failRun?: (key: string) => boolean; throwRun?: (key: string) => boolean } = {}) {
  const log: string[] = [];
  let running = 0;
  let most = 0;
  const work = async <T,>(unit: EvalUnit, signal: AbortSignal, result: () => T): Promise<T> => {
    const key = unitKey(unit);
    log.push(`start ${key}`);
    most = Math.max(most, ++running);
    try {
      await sleep(2 + ((unit.item * 7 + unit.config * 3) % 5), undefined, { signal });
      if (options.throwRun?.(key)) throw new Error(`${key} exploded`);
      return result();
    } finally {
      running--;
      log.push(`end ${key}`);
    }
  };
  const executors: UnitExecutors = {
    run: (unit, signal) =>
      work(unit, signal, () => (options.failRun?.(unitKey(unit)) ? { ...answer(''), status: 'failed' as const, error: 'provider down' } : answer(`answer ${unitKey(unit)}`))).catch((error) => {
        if (signal.aborted) return { ...answer(''), status: 'cancelled' as const };
        throw error;
      }),
    judge: (unit, baseline, candidate, signal) => {
      expect(baseline.finalText).toBe(`answer run:${unit.item}:0`);
      expect(candidate.finalText).toBe(`answer run:${unit.item}:${unit.config}`);
      return work(unit, signal, () => verdict);
    },
    grade: (unit, run, signal) => {
      expect(run.finalText).toBe(`answer run:${unit.item}:${unit.config}`);
      return work(unit, signal, () => rating(1 + ((unit.item + unit.config) % 10)));
    },
  };
  return { log, executors, most: () => most, running: () => running };
}

describe('runUnitPool', () => {
  it('never runs more units at once than the concurrency, and keeps every slot busy', async () => {
    for (const concurrency of [1, 3, 8]) {
      const spec = specOf(6, 3, concurrency);
      const { executors, most, log } = recording();
      const outcome = await runUnitPool(spec, executors);
      expect(most()).toBe(concurrency);
      expect(outcome.runs.size).toBe(18);
      expect(outcome.judgements.size).toBe(12);
      // The judge mock checks it got the item's two answers; a failed check would record a failed judgement.
      expect([...outcome.judgements.values()].every((j) => j.status === 'judged')).toBe(true);
      expect(outcome.aborted).toBe(false);
      // Each unit exactly once.
      expect(log.filter((l) => l.startsWith('start')).length).toBe(30);
    }
  });

  it('judges an item only after both its runs have ended, and before running further items', async () => {
    const spec = specOf(5, 3, 2);
    const { executors, log } = recording();
    const seen: string[] = [];
    await runUnitPool(spec, executors, { onUnit: (unit) => seen.push(unitKey(unit)) });
    const at = (line: string) => log.indexOf(line);
    for (let item = 0; item < 5; item++) {
      for (const config of [1, 2]) {
        const start = at(`start judge:${item}:${config}`);
        expect(start).toBeGreaterThan(at(`end run:${item}:0`));
        expect(start).toBeGreaterThan(at(`end run:${item}:${config}`));
      }
    }
    // Judgements jump the queue: item 0's are judged before the last item's runs start.
    expect(at('start judge:0:1')).toBeLessThan(at('start run:4:0'));
    expect(seen).toHaveLength(25);
  });

  it('skips the judgement of a failed run without calling the judge, records a throwing executor as failed, and results count both', async () => {
    const spec = specOf(3, 3, 3);
    const { executors, log } = recording({ failRun: (key) => key === 'run:1:2', throwRun: (key) => key === 'run:2:0' });
    const outcome = await runUnitPool(spec, executors);
    expect(outcome.runs.get('run:1:2')).toMatchObject({ status: 'failed', error: 'provider down' });
    expect(outcome.runs.get('run:2:0')).toMatchObject({ status: 'failed', runId: null, costUsd: null, error: 'run:2:0 exploded' });
    expect(outcome.judgements.get('judge:1:2')).toEqual({ status: 'skipped', outcome: null, skipped: 'C2 has no answer: its run failed (provider down).' });
    // The baseline of item 2 failed: both its judgements are skipped.
    expect(outcome.judgements.get('judge:2:1')).toMatchObject({ status: 'skipped', skipped: 'C0 (baseline) has no answer: its run failed (run:2:0 exploded).' });
    expect(outcome.judgements.get('judge:2:2')).toMatchObject({ status: 'skipped' });
    expect(log.filter((l) => /start judge:(1:2|2:\d)/.test(l))).toEqual([]);

    const results = deriveResults(spec, outcome);
    expect(results.progress).toMatchObject({ total: 15, done: 10, failed: 2, skipped: 3, remaining: 0 });
    expect(results.configs[2]).toMatchObject({ failedItems: ['q1'], judgements: { skipped: 2 }, pairwise: { n: 1 } });
    expect(results.configs[0].failedItems).toEqual(['q2']);
    // A run whose cost is unknown (it threw) leaves its configuration's cost unknown.
    expect(results.configs[0].costUsd).toBeNull();
  });

  it('stops on abort: the running units are aborted, no other starts, and it settles', async () => {
    const spec = specOf(10, 2, 3);
    const { executors, log, running } = recording();
    const stop = new AbortController();
    let ended = 0;
    const outcome = await runUnitPool(spec, executors, {
      signal: stop.signal,
      onUnit: () => {
        if (++ended === 4) stop.abort();
      },
    });
    expect(outcome.aborted).toBe(true);
    expect(running()).toBe(0);
    const starts = log.filter((l) => l.startsWith('start')).length;
    // The 4th result aborted the pool: at most the 3 units then running (slots) end after it.
    expect(starts).toBeLessThanOrEqual(4 + 3);
    expect(outcome.runs.size + outcome.judgements.size).toBeLessThan(30);
    expect([...outcome.runs.values()].some((r) => r.status === 'cancelled')).toBe(true);
    await sleep(20);
    expect(log.filter((l) => l.startsWith('start')).length).toBe(starts);
  });

  it('starts nothing when aborted before it starts', async () => {
    const { executors, log } = recording();
    const outcome = await runUnitPool(specOf(2, 2, 2), executors, { signal: AbortSignal.abort() });
    expect(outcome).toMatchObject({ aborted: true });
    expect(outcome.runs.size).toBe(0);
    expect(log).toEqual([]);
  });

  it('keeps each provider within its own limit while other providers fill the rest', async () => {
    // Config 0 and the judge on "offline", config 1 on "other": at most 1 offline unit at once.
    const spec = evaluationSpecSchema.parse({
      ...specOf(6, 2, 4),
      configs: [
        { id: 'a', label: 'A', config: single },
        { id: 'b', label: 'B', config: { layers: [{ agents: [{ model: 'other:m' }] }] } },
      ],
      providerConcurrency: { offline: 1 },
    });
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const provider = (unit: EvalUnit) => (unit.kind === 'run' && unit.config === 1 ? 'other' : 'offline');
    const work = async <T,>(unit: EvalUnit, result: T): Promise<T> => {
      const p = provider(unit);
      running.set(p, (running.get(p) ?? 0) + 1);
      most.set(p, Math.max(most.get(p) ?? 0, running.get(p)!));
      await sleep(3);
      running.set(p, running.get(p)! - 1);
      return result;
    };
    const outcome = await runUnitPool(spec, {
      run: (unit) => work(unit, answer(`answer ${unitKey(unit)}`)),
      judge: (unit) => work(unit, verdict),
      grade: (unit) => work(unit, rating(5)),
    });
    expect(outcome.runs.size + outcome.judgements.size).toBe(18);
    expect(most.get('offline')).toBe(1);
    // The other provider is not held back by the first one's limit.
    expect(most.get('other')).toBeGreaterThan(1);
  });

  it('shares the server\'s gate with other pools: together they never exceed it, and both finish', async () => {
    const gate = createUnitGate(3);
    let running = 0;
    let most = 0;
    const work = async <T,>(result: T): Promise<T> => {
      most = Math.max(most, ++running);
      await sleep(2);
      running--;
      return result;
    };
    const executors: UnitExecutors = { run: (unit) => work(answer(`answer ${unitKey(unit)}`)), judge: () => work(verdict), grade: () => work(rating(5)) };
    const [a, b] = await Promise.all([runUnitPool(specOf(5, 2, 3), executors, { gate }), runUnitPool(specOf(5, 2, 3), executors, { gate })]);
    expect(most).toBe(3);
    expect(a.runs.size + a.judgements.size + b.runs.size + b.judgements.size).toBe(30);
  });

  it('settles when stopped while waiting for the gate', async () => {
    const gate = createUnitGate(1);
    const hold = gate.tryTake()!;
    const stop = new AbortController();
    const { executors, log } = recording();
    const pending = runUnitPool(specOf(2, 2, 2), executors, { gate, signal: stop.signal });
    await sleep(5);
    stop.abort();
    expect(await pending).toMatchObject({ aborted: true });
    expect(log).toEqual([]);
    hold();
  });

  it('grades every answer once its run is done, skips the grading of a failed run, and results carry the mean with its t interval', async () => {
    const spec = evaluationSpecSchema.parse({ ...specOf(4, 2, 3), judge: { model: 'offline:synth', grading: true } });
    const { executors, log } = recording({ failRun: (key) => key === 'run:3:1' });
    const outcome = await runUnitPool(spec, executors);
    expect(outcome.grades.size).toBe(8);
    expect(outcome.grades.get('grade:3:1')).toMatchObject({ status: 'skipped', skipped: 'C1 has no answer: its run failed (provider down).' });
    for (const key of outcome.grades.keys()) {
      const [, item, config] = key.split(':');
      if (key !== 'grade:3:1') expect(log.indexOf(`start ${key}`)).toBeGreaterThan(log.indexOf(`end run:${item}:${config}`));
    }
    const results = deriveResults(spec, outcome);
    // Config 0's ratings: 1, 2, 3, 4 → mean 2.5, sd 1.291, t(3) = 3.182 → ±2.054.
    expect(results.configs[0].grades).toMatchObject({ n: 4, mean: 2.5, skipped: 0, failed: 0 });
    expect(results.configs[0].grades!.interval!.low).toBeCloseTo(1, 6); // clipped to the scale
    expect(results.configs[0].grades!.interval!.high).toBeCloseTo(2.5 + (3.182 * Math.sqrt(5 / 3)) / 2, 3);
    expect(results.configs[1].grades).toMatchObject({ n: 3, mean: 3, skipped: 1 });
    expect(results.progress.grades).toEqual({ total: 8, done: 7, failed: 0, skipped: 1, remaining: 0 });
  });
});
