/**
 * The statistics of an evaluation: pure functions over per-item outcomes, no I/O, safe in the
 * browser. Results are derived from stored items every time, never stored themselves.
 */
import type { Verdict } from '../compare/judge-prompt';

/** A candidate's result on one item against the baseline, after both judge orders. */
export type Outcome = 'win' | 'tie' | 'loss';

export type PairwiseItem = {
  outcome: Outcome;
  /** Both orders gave the same verdict (Compare's `Judgement.agreed`); a flip was scored a tie. */
  agreed: boolean;
  category?: string | null;
};

/**
 * 95% interval of the win rate. Wilson score interval on the tie-as-half proportion
 * p̂ = (wins + ties/2) / n, with n the judged items:
 * - closed form and deterministic: the same items always give the same interval, hand-checkable;
 * - keeps sensible width at small n and at 0% or 100% (the normal approximation collapses there);
 * - conservative with ties: a tie scores ½ with no variance of its own, so the true spread is a
 *   little smaller than the Bernoulli spread Wilson assumes. A seeded bootstrap would capture
 *   that but is random, slower at 805 items × 8 configurations, and cannot be checked by hand.
 */
export type Interval = { method: 'wilson'; level: 0.95; low: number; high: number };

export type WinRateSummary = {
  /** Judged items. */
  n: number;
  wins: number;
  ties: number;
  losses: number;
  /** (wins + ties / 2) / n, as AlpacaEval counts ties; null with no item judged. */
  winRate: number | null;
  interval: Interval | null;
  /** Items whose two judge orders agreed. */
  agreed: number;
  /** agreed / n: the judge's position-consistency; null with no item judged. */
  consistency: number | null;
};

/** z for a two-sided 95% interval (the 97.5th percentile of the standard normal). */
const Z95 = 1.959963984540054;

/** The candidate's outcome from Compare's combined verdict, the candidate having been answer `candidate`. */
export function outcomeOf(verdict: Verdict, candidate: 'A' | 'B'): Outcome {
  if (verdict === 'tie') return 'tie';
  return verdict === candidate ? 'win' : 'loss';
}

/** Wilson score interval for `successes` (may be fractional: ties count ½) out of `n`; null when n = 0. */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } | null {
  if (n <= 0) return null;
  if (successes < 0 || successes > n) throw new RangeError(`successes must lie in [0, ${n}] (got ${successes}).`);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Wins, ties, losses, the win rate with its interval, and how consistent the judge was. */
export function summarizePairwise(items: readonly PairwiseItem[]): WinRateSummary {
  let wins = 0;
  let ties = 0;
  let agreed = 0;
  for (const item of items) {
    if (item.outcome === 'win') wins++;
    else if (item.outcome === 'tie') ties++;
    if (item.agreed) agreed++;
  }
  const n = items.length;
  const score = wins + ties / 2;
  const bounds = wilsonInterval(score, n);
  return {
    n,
    wins,
    ties,
    losses: n - wins - ties,
    winRate: n ? score / n : null,
    interval: bounds && { method: 'wilson', level: 0.95, ...bounds },
    agreed,
    consistency: n ? agreed / n : null,
  };
}

/** One summary per category, by name; items without a category come last, under null. */
export function summarizeByCategory(items: readonly PairwiseItem[]): { category: string | null; summary: WinRateSummary }[] {
  const groups = new Map<string | null, PairwiseItem[]>();
  for (const item of items) {
    const key = item.category?.trim() || null;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.keys()]
    .sort((a, b) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en')))
    .map((category) => ({ category, summary: summarizePairwise(groups.get(category)!) }));
}

/** Arithmetic mean; null for no values. */
export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

/** Mean answer length in characters (trimmed), shown beside the win rate to expose length bias. */
export function meanLength(answers: readonly string[]): number | null {
  return mean(answers.map((a) => a.trim().length));
}

/** Student's t, 97.5th percentile, for 1–30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** t(0.975, df): the table to 30, then the Cornish–Fisher step from z (within 0.002 of the exact value). */
export const tQuantile975 = (df: number) => (df <= 30 ? T975[df - 1] : Z95 + (Z95 ** 3 + Z95) / (4 * df));

export type ScoreSummary = {
  n: number;
  mean: number | null;
  /** Student's t interval of the mean, 95%: a 1–10 rating is a mean of bounded scores, not a proportion. Null below 2 ratings. */
  interval: { method: 't'; level: 0.95; low: number; high: number } | null;
};

/** Mean of 1–10 ratings with its 95% t interval, clipped to the scale. */
export function summarizeScores(values: readonly number[]): ScoreSummary {
  const n = values.length;
  const m = mean(values);
  if (m === null || n < 2) return { n, mean: m, interval: null };
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, interval: { method: 't', level: 0.95, low: Math.max(1, m - half), high: Math.min(10, m + half) } };
}

/**
 * The p-th percentile (p in 0–100) by nearest rank: the smallest value with at least p% of the
 * values at or below it, so always an observed value (a latency that happened). Same
 * definition as bench/lib.ts. Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`A percentile lies in 0–100 (got ${p}).`);
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

export type CostPoint = { id: string; cost: number | null | undefined; winRate: number };

export type ParetoResult<T extends CostPoint> = {
  /** Not dominated, by cost ascending (then id): the line to draw, cheapest first. */
  front: T[];
  /** Some other point costs no more and wins at least as often, and is better in one of them. */
  dominated: T[];
  /** Cost unknown (null, undefined, negative or not finite): not placed, listed apart. */
  unknownCost: T[];
};

/**
 * The cost/quality Pareto front: lower cost and higher win rate are better. Points with the
 * same cost and win rate do not dominate each other, so duplicates all stay on the front.
 * Order is fully determined by (cost, −winRate, id), whatever the input order.
 */
export function paretoFront<T extends CostPoint>(points: readonly T[]): ParetoResult<T> {
  const known = (p: T): p is T & { cost: number } => typeof p.cost === 'number' && Number.isFinite(p.cost) && p.cost >= 0;
  const byId = (a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const placed = points.filter(known).sort((a, b) => a.cost - b.cost || b.winRate - a.winRate || byId(a, b));
  const front: T[] = [];
  const dominated: T[] = [];
  for (const point of placed) {
    const last = front.at(-1);
    // Sorted by cost: the last point of the front costs no more, so only a higher win rate
    // (or an exact duplicate of it) keeps this one undominated.
    if (!last || point.winRate > last.winRate || (point.winRate === last.winRate && point.cost === last.cost)) front.push(point);
    else dominated.push(point);
  }
  return { front, dominated, unknownCost: points.filter((p) => !known(p)).sort(byId) };
}
