// Evaluation statistics on fixed verdicts, against values computed by hand in the comments.
import { describe, expect, it } from 'vitest';
import { combineVerdicts, unswap, type Verdict } from '@/lib/compare/judge-prompt';
import {
  mean,
  meanLength,
  outcomeOf,
  paretoFront,
  percentile,
  summarizeByCategory,
  summarizePairwise,
  wilsonInterval,
  type Outcome,
  type PairwiseItem,
} from '@/lib/evals/stats';

const item = (outcome: Outcome, agreed = true, category?: string): PairwiseItem => ({ outcome, agreed, category });
const repeat = (n: number, make: () => PairwiseItem) => Array.from({ length: n }, make);
// z = 1.959964 (95%), z² = 3.841459.

describe('outcomes from the order-swapped judge', () => {
  it('reads the combined verdict from the candidate’s side', () => {
    expect(outcomeOf('A', 'A')).toBe('win');
    expect(outcomeOf('B', 'A')).toBe('loss');
    expect(outcomeOf('B', 'B')).toBe('win');
    expect(outcomeOf('A', 'B')).toBe('loss');
    expect(outcomeOf('tie', 'A')).toBe('tie');
  });

  it('scores a judge that flips with the order as a tie that did not agree', () => {
    // The candidate was A. First order: A wins. Swapped order, in its own labels: "A" again,
    // i.e. the baseline in first place: unswapped, B. A flip.
    const swapped: Verdict = 'A';
    const combined = combineVerdicts('A', unswap(swapped));
    expect(combined).toMatchObject({ verdict: 'tie', agreed: false });
    expect(outcomeOf(combined.verdict, 'A')).toBe('tie');
  });
});

describe('win rate and its Wilson interval', () => {
  it('counts ties as half a win (6 W, 2 T, 2 L)', () => {
    const items = [...repeat(6, () => item('win')), ...repeat(2, () => item('tie', false)), ...repeat(2, () => item('loss'))];
    const s = summarizePairwise(items);
    expect(s).toMatchObject({ n: 10, wins: 6, ties: 2, losses: 2, agreed: 8 });
    // p̂ = (6 + 2/2) / 10 = 0.7
    expect(s.winRate).toBeCloseTo(0.7, 12);
    // denominator = 1 + z²/n = 1.3841459
    // centre = (0.7 + z²/20) / 1.3841459 = (0.7 + 0.1920729) / 1.3841459 = 0.6444934
    // half   = z / 1.3841459 · √(0.7·0.3/10 + z²/400) = 1.4160047 · √(0.021 + 0.0096036) = 0.2477153
    // → [0.3967781, 0.8922087]
    expect(s.interval?.method).toBe('wilson');
    expect(s.interval?.level).toBe(0.95);
    expect(s.interval?.low).toBeCloseTo(0.3967781, 6);
    expect(s.interval?.high).toBeCloseTo(0.8922087, 6);
    // consistency = 8 agreed / 10
    expect(s.consistency).toBeCloseTo(0.8, 12);
  });

  it('takes a fractional success count (13 W, 1 T, 6 L of 20)', () => {
    const items = [...repeat(13, () => item('win')), item('tie'), ...repeat(6, () => item('loss'))];
    const s = summarizePairwise(items);
    // p̂ = 13.5 / 20 = 0.675; denominator = 1 + z²/20 = 1.1920729
    // centre = (0.675 + z²/40) / 1.1920729 = (0.675 + 0.0960365) / 1.1920729 = 0.6468031
    // half   = (z / 1.1920729) · √(0.675·0.325/20 + z²/1600) = 1.6441672 · √(0.0109688 + 0.0024009) = 0.1901102
    expect(s.winRate).toBeCloseTo(0.675, 12);
    expect(s.interval?.low).toBeCloseTo(0.4566929, 6);
    expect(s.interval?.high).toBeCloseTo(0.8369133, 6);
  });

  it('has no rate and no interval with nothing judged (n = 0)', () => {
    expect(summarizePairwise([])).toEqual({ n: 0, wins: 0, ties: 0, losses: 0, winRate: null, interval: null, agreed: 0, consistency: null });
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('centres all ties on 0.5 (4 ties)', () => {
    const s = summarizePairwise(repeat(4, () => item('tie')));
    // p̂ = 2/4 = 0.5; denominator = 1 + z²/4 = 1.9603647; centre = (0.5 + z²/8) / 1.9603647 = 0.5
    // half = (z / 1.9603647) · √(0.25/4 + z²/64) = 0.9998116 · √(0.0625 + 0.0600228) = 0.3499610
    expect(s.winRate).toBe(0.5);
    expect(s.interval?.low).toBeCloseTo(0.1500390, 6);
    expect(s.interval?.high).toBeCloseTo(0.8499610, 6);
  });

  it('keeps a width at 100%: all wins (5 of 5)', () => {
    const s = summarizePairwise(repeat(5, () => item('win')));
    // p̂ = 1: low = n / (n + z²) = 5 / 8.8414588 = 0.5655175, high = 1
    expect(s.winRate).toBe(1);
    expect(s.losses).toBe(0);
    expect(s.interval?.low).toBeCloseTo(0.5655175, 6);
    expect(s.interval?.high).toBe(1);
  });

  it('keeps a width at 0%: all losses (0 of 3)', () => {
    // p̂ = 0: low = 0, high = z² / (n + z²) = 3.8414588 / 6.8414588 = 0.5614970
    const s = summarizePairwise(repeat(3, () => item('loss', false)));
    expect(s.interval?.low).toBe(0);
    expect(s.interval?.high).toBeCloseTo(0.5614970, 6);
    expect(s.consistency).toBe(0);
  });

  it('one item: a single win spans [0.2065, 1]', () => {
    // low = 1 / (1 + z²) = 1 / 4.8414588 = 0.2065493
    const s = summarizePairwise([item('win')]);
    expect(s.interval?.low).toBeCloseTo(0.2065493, 6);
    expect(s.interval?.high).toBe(1);
  });

  it('refuses a success count outside [0, n]', () => {
    expect(() => wilsonInterval(6, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 5)).toThrow(RangeError);
  });
});

describe('per category', () => {
  it('summarises each category apart, by name, the uncategorised last', () => {
    const items = [
      item('win', true, 'math'),
      item('loss', true, 'coding'),
      item('tie', false, 'math'),
      item('win', true),
      item('win', true, ' math '),
      item('loss', false, ''),
    ];
    const groups = summarizeByCategory(items);
    expect(groups.map((g) => g.category)).toEqual(['coding', 'math', null]);
    // math: W, T, W → (2 + 0.5) / 3 = 0.8333; agreed 2 of 3
    expect(groups[1].summary).toMatchObject({ n: 3, wins: 2, ties: 1, losses: 0, agreed: 2 });
    expect(groups[1].summary.winRate).toBeCloseTo(2.5 / 3, 12);
    // coding: one loss → 0
    expect(groups[0].summary.winRate).toBe(0);
    // none and '' together: W, L → 0.5; agreed 1 of 2
    expect(groups[2].summary).toMatchObject({ n: 2, wins: 1, losses: 1, winRate: 0.5, consistency: 0.5 });
  });

  it('is empty for no items', () => {
    expect(summarizeByCategory([])).toEqual([]);
  });
});

describe('means and percentiles', () => {
  it('averages answer lengths in trimmed characters', () => {
    // 5 + 3 + 0 = 8 over 3 answers
    expect(meanLength(['hello', '  abc\n', ''])).toBeCloseTo(8 / 3, 12);
    expect(meanLength([])).toBeNull();
    expect(mean([2, 4, 9])).toBe(5);
  });

  it('takes percentiles by nearest rank: always an observed value', () => {
    const latencies = [120, 80, 300, 95, 110, 105, 2000, 90, 100, 130]; // sorted: 80 90 95 100 105 110 120 130 300 2000
    // p50: rank ⌈0.5·10⌉ = 5 → 105; p95: rank ⌈0.95·10⌉ = 10 → 2000; p90: rank 9 → 300
    expect(percentile(latencies, 50)).toBe(105);
    expect(percentile(latencies, 95)).toBe(2000);
    expect(percentile(latencies, 90)).toBe(300);
    // p0 → the smallest, p100 → the largest
    expect(percentile(latencies, 0)).toBe(80);
    expect(percentile(latencies, 100)).toBe(2000);
    // four values: p50 rank 2 → 20 (not the interpolated 25)
    expect(percentile([40, 10, 30, 20], 50)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
    expect(latencies[0]).toBe(120); // the input is not sorted in place
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('Pareto front of cost per item and win rate', () => {
  it('keeps the points nothing beats on both, cheapest first', () => {
    const points = [
      { id: 'moa', cost: 0.012, winRate: 0.65 },
      { id: 'single-big', cost: 0.02, winRate: 0.6 }, // moa costs less and wins more
      { id: 'single-small', cost: 0.001, winRate: 0.35 },
      { id: 'moa-lite', cost: 0.004, winRate: 0.58 },
      { id: 'same-cost-worse', cost: 0.004, winRate: 0.5 }, // moa-lite: same cost, wins more
      { id: 'same-rate-dearer', cost: 0.005, winRate: 0.58 }, // moa-lite: same rate, cheaper
      { id: 'local', cost: null, winRate: 0.9 },
      { id: 'free', cost: 0, winRate: 0.2 },
    ];
    const { front, dominated, unknownCost } = paretoFront(points);
    expect(front.map((p) => p.id)).toEqual(['free', 'single-small', 'moa-lite', 'moa']);
    expect(dominated.map((p) => p.id).sort()).toEqual(['same-cost-worse', 'same-rate-dearer', 'single-big']);
    expect(unknownCost.map((p) => p.id)).toEqual(['local']);
  });

  it('keeps exact duplicates together on the front, by id, whatever the input order', () => {
    const a = { id: 'a', cost: 0.01, winRate: 0.6 };
    const b = { id: 'b', cost: 0.01, winRate: 0.6 };
    const c = { id: 'c', cost: 0.02, winRate: 0.6 };
    expect(paretoFront([b, c, a]).front.map((p) => p.id)).toEqual(['a', 'b']);
    expect(paretoFront([c, a, b]).front.map((p) => p.id)).toEqual(['a', 'b']);
    expect(paretoFront([c, b, a]).dominated.map((p) => p.id)).toEqual(['c']);
  });

  it('handles no points, one point, and points without a usable cost', () => {
    expect(paretoFront([])).toEqual({ front: [], dominated: [], unknownCost: [] });
    expect(paretoFront([{ id: 'x', cost: 1, winRate: 0.1 }]).front.map((p) => p.id)).toEqual(['x']);
    const unknown = paretoFront([
      { id: 'z', cost: undefined, winRate: 0.5 },
      { id: 'y', cost: Number.NaN, winRate: 0.5 },
      { id: 'w', cost: -1, winRate: 0.5 },
      { id: 'v', cost: Number.POSITIVE_INFINITY, winRate: 0.5 },
    ]);
    expect(unknown.front).toEqual([]);
    expect(unknown.unknownCost.map((p) => p.id)).toEqual(['v', 'w', 'y', 'z']);
  });

  it('keeps extra fields of each point', () => {
    const { front } = paretoFront([{ id: 'k', cost: 1, winRate: 0.5, label: 'MoA-Lite' }]);
    expect(front[0].label).toBe('MoA-Lite');
  });
});
