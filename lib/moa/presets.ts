import type { ModelInfo } from '../models/types';
import type { AgentConfig, MoAConfig } from './config';
import { DEFAULT_SYNTHESIS_PROMPT } from './prompts';

export const PRESETS = [
  { id: 'moa', label: 'MoA (3 layers)', description: '6 diverse proposers, refined by a second layer of the same 6, then one aggregator (the paper’s default).' },
  { id: 'moa-lite', label: 'MoA-Lite (2 layers)', description: '6 proposers and one aggregator: cheaper, on the cost/quality Pareto front.' },
  { id: 'single-proposer', label: 'Single proposer', description: 'One model sampled 6 times at temperature 0.7, then aggregated.' },
  { id: 'self-moa', label: 'Self-MoA', description: 'The strongest model sampled 6 times, then aggregated by itself.' },
  { id: 'single', label: 'Single model', description: 'One layer, one agent: the baseline.' },
] as const;

export type PresetId = (typeof PRESETS)[number]['id'];
export const DEFAULT_PRESET: PresetId = 'moa';

const PROPOSERS = 6;

/**
 * Builds a preset from the models available now. Real models are preferred over offline
 * simulations; the aggregator is the first model suited to aggregate (the offline
 * synthesiser, or the first listed model of the first configured provider).
 */
export function buildPreset(id: PresetId, models: ModelInfo[]): MoAConfig {
  const real = models.filter((m) => m.kind !== 'offline');
  const pool = real.length ? real : models.filter((m) => m.kind === 'offline');
  if (!pool.length) throw new Error('No models are available.');
  const aggregator = pool.find((m) => m.role === 'aggregator') ?? pool[0];
  const proposers = pool.filter((m) => m.role !== 'aggregator');
  const candidates = proposers.length ? proposers : pool;
  const diverse = Array.from({ length: PROPOSERS }, (_, i) => candidates[i % candidates.length]);
  const agent = (model: ModelInfo, temperature = 0.7): AgentConfig => ({ model: model.id, temperature, maxOutputTokens: 1024 });
  const layers = (...agents: AgentConfig[][]) => ({ version: 1 as const, synthesisPrompt: DEFAULT_SYNTHESIS_PROMPT, layers: agents.map((a) => ({ agents: a })) });

  switch (id) {
    case 'moa':
      return layers(diverse.map((m) => agent(m)), diverse.map((m) => agent(m)), [agent(aggregator)]);
    case 'moa-lite':
      return layers(diverse.map((m) => agent(m)), [agent(aggregator)]);
    case 'single-proposer':
      return layers(Array.from({ length: PROPOSERS }, () => agent(candidates[0])), [agent(aggregator)]);
    case 'self-moa':
      return layers(Array.from({ length: PROPOSERS }, () => agent(aggregator)), [agent(aggregator)]);
    case 'single':
      return layers([agent(aggregator)]);
  }
}
