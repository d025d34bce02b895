import type { MoAConfig } from '../moa/config';
import type { EvalConfig } from './spec';

/** The paper's proposer-count ablation (1, 2, 3 and 6 proposers; 47.8 → 61.3% LC win rate). */
export const PROPOSER_COUNTS = [1, 2, 3, 6] as const;

/**
 * The board with n proposers, for each n: the first layer's agents taken in turn (so 6 from a
 * board of 3 samples each model twice), every later layer as it is. Needs an aggregating layer.
 */
export function proposerSweep(board: MoAConfig, counts: readonly number[] = PROPOSER_COUNTS): EvalConfig[] {
  if (board.layers.length < 2) throw new Error('A proposer sweep needs a board with an aggregating layer after its proposers.');
  const proposers = board.layers[0].agents;
  return counts.map((n) => ({
    id: `proposers-${n}`,
    label: `${n} ${n === 1 ? 'proposer' : 'proposers'}`,
    config: {
      ...board,
      layers: [{ ...board.layers[0], agents: Array.from({ length: n }, (_, i) => ({ ...proposers[i % proposers.length], id: undefined })) }, ...board.layers.slice(1)],
    },
  }));
}
