/**
 * The paper's ablations as configurations of one evaluation, made from the current board:
 * how many proposers, diverse proposers or one model sampled, how many layers, which
 * aggregator. Each needs a board with proposers and an aggregating layer after them.
 */
import { LIMITS, modelsOf, type AgentConfig, type MoAConfig } from '../moa/config';
import { EVAL_LIMITS, type EvalConfig } from './spec';

export const SWEEPS = {
  proposers: { label: 'Number of proposers: 1, 2, 3, 6', note: '47.8 → 61.3% LC win rate in the paper' },
  sampling: { label: 'Diverse proposers vs one model sampled as often', note: 'the paper’s multi- vs single-proposer' },
  layers: { label: 'Number of layers: 1, 2, 3', note: 'the aggregator alone, proposers + aggregator, a refining layer between' },
  aggregator: { label: 'Aggregator choice: each of the board’s models', note: 'some models propose well but aggregate badly' },
} as const;
export type SweepKind = keyof typeof SWEEPS;

/** The paper's proposer-count ablation (1, 2, 3 and 6 proposers; 47.8 → 61.3% LC win rate). */
export const PROPOSER_COUNTS = [1, 2, 3, 6] as const;
/** A sample of one model is only a sample with some temperature: the paper samples at 0.7. */
const SAMPLING_TEMPERATURE = 0.7;

function needsAggregator(board: MoAConfig, sweep: string) {
  if (board.layers.length < 2) throw new Error(`A ${sweep} sweep needs a board with an aggregating layer after its proposers.`);
}

/** Model ids can be long; a label is at most EVAL_LIMITS.maxLabelChars. */
const labelled = (text: string) => (text.length > EVAL_LIMITS.maxLabelChars ? `${text.slice(0, EVAL_LIMITS.maxLabelChars - 1)}…` : text);

/** A fresh copy of an agent (the builder's card id dropped: the copies are distinct agents). */
const copy = (agent: AgentConfig, changes: Partial<AgentConfig> = {}): AgentConfig => ({ ...agent, ...changes, id: undefined });

/**
 * The board with n proposers, for each n: the first layer's agents taken in turn (so 6 from a
 * board of 3 samples each model twice), every later layer as it is.
 */
export function proposerSweep(board: MoAConfig, counts: readonly number[] = PROPOSER_COUNTS): EvalConfig[] {
  needsAggregator(board, 'proposer');
  const proposers = board.layers[0].agents;
  return counts.map((n) => ({
    id: `proposers-${n}`,
    label: `${n} ${n === 1 ? 'proposer' : 'proposers'}`,
    config: { ...board, layers: [{ ...board.layers[0], agents: Array.from({ length: n }, (_, i) => copy(proposers[i % proposers.length])) }, ...board.layers.slice(1)] },
  }));
}

/** The board's diverse proposers, against its first proposer's model sampled as many times (at temperature 0.7 at least). */
export function samplingSweep(board: MoAConfig): EvalConfig[] {
  needsAggregator(board, 'sampling');
  const [first] = board.layers[0].agents;
  const n = board.layers[0].agents.length;
  const sampled = copy(first, { temperature: Math.max(first.temperature, SAMPLING_TEMPERATURE) });
  return [
    { id: 'multi-proposer', label: `${n} diverse proposers`, config: board },
    { id: 'single-proposer', label: labelled(`${first.model} sampled ${n}×`), config: { ...board, layers: [{ agents: Array.from({ length: n }, () => ({ ...sampled })) }, ...board.layers.slice(1)] } },
  ];
}

/** 1 layer: the aggregator alone; 2: the proposers and the aggregator; 3: the proposers again as a refining layer between. */
export function layerSweep(board: MoAConfig): EvalConfig[] {
  needsAggregator(board, 'layer');
  const proposers = board.layers[0];
  const aggregator = board.layers.at(-1)!;
  const stacks = [[aggregator], [proposers, aggregator], [proposers, { agents: proposers.agents.map((a) => copy(a)) }, aggregator]];
  return stacks
    .filter((layers) => layers.reduce((calls, l) => calls + l.agents.length, 0) <= LIMITS.maxCallsPerRun)
    .map((layers) => ({ id: `layers-${layers.length}`, label: `${layers.length} ${layers.length === 1 ? 'layer' : 'layers'}`, config: { ...board, layers } }));
}

/** The board with each of its models as the final aggregator (at most 8: an evaluation's limit). */
export function aggregatorSweep(board: MoAConfig): EvalConfig[] {
  needsAggregator(board, 'aggregator');
  const [aggregator] = board.layers.at(-1)!.agents;
  const models = [aggregator.model, ...modelsOf(board).filter((m) => m !== aggregator.model)].slice(0, EVAL_LIMITS.maxConfigs);
  return models.map((model, i) => ({
    id: `aggregator-${i + 1}`,
    label: labelled(`${model} aggregates`),
    config: { ...board, layers: [...board.layers.slice(0, -1), { agents: [copy(aggregator, { model })] }] },
  }));
}

/** The sweep's configurations from the board. */
export function sweepConfigs(kind: SweepKind, board: MoAConfig): EvalConfig[] {
  switch (kind) {
    case 'proposers':
      return proposerSweep(board);
    case 'sampling':
      return samplingSweep(board);
    case 'layers':
      return layerSweep(board);
    case 'aggregator':
      return aggregatorSweep(board);
  }
}
