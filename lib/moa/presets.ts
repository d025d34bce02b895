import type { ModelInfo } from '../models/types';
import type { AgentConfig, MoAConfig } from './config';
import { DEFAULT_SYNTHESIS_PROMPT } from './prompts';

export const PRESETS = [
  { id: 'moa', label: 'MoA (3 layers)', description: '6 diverse proposers, refined by a second layer of the same 6, then one aggregator (the paper’s default).' },
  { id: 'moa-lite', label: 'MoA-Lite (2 layers)', description: '6 proposers and one aggregator: cheaper, on the cost/quality Pareto front.' },
  { id: 'single-proposer', label: 'Single proposer', description: 'One model sampled 6 times at temperature 0.7, then aggregated.' },
  { id: 'llm-ranker', label: 'LLM-ranker', description: 'MoA-Lite’s 6 proposers, but the aggregator only picks the best answer and passes it on verbatim: the paper’s baseline.' },
  { id: 'sparse-moa', label: 'Sparse MoA (top-2)', description: 'MoA-Lite’s 6 proposers, a judge keeping the best 2 for the aggregator, and an early stop when those 2 agree (SMoA).' },
  { id: 'llm-council', label: 'LLM Council', description: '4 diverse proposers, the same 4 ranking every answer anonymously (Borda count), then a chairman writing the answer from the answers and the ranking.' },
  { id: 'self-moa-seq', label: 'Self-MoA-Seq', description: 'The strongest model sampled 6 times, then aggregated by itself 3 answers at a time, carrying its synthesis (sliding window).' },
  { id: 'self-moa', label: 'Self-MoA', description: 'The strongest model sampled 6 times, then aggregated by itself.' },
  { id: 'single', label: 'Single model', description: 'One layer, one agent: the baseline.' },
] as const;

/** Offered only when a local model is present (see presetsFor). */
export const LOCAL_MOA_PRESET = {
  id: 'local-moa',
  label: 'Local MoA',
  description: 'Only models on this machine: 3 proposers, 1 aggregator. No key, no bill, nothing leaves it.',
} as const;

export type PresetId = (typeof PRESETS)[number]['id'] | typeof LOCAL_MOA_PRESET.id;
export const DEFAULT_PRESET: PresetId = 'moa';

const usableLocal = (models: ModelInfo[]) => models.filter((m) => m.kind === 'local' && !m.unavailable);

/** The presets these models can fill. */
export function presetsFor(models: ModelInfo[]) {
  return usableLocal(models).length ? [...PRESETS, LOCAL_MOA_PRESET] : PRESETS;
}

/** 3 local proposers (each local model in turn) and the first local model as aggregator. */
function localMoA(models: ModelInfo[]): MoAConfig {
  const local = usableLocal(models);
  if (!local.length) throw new Error('No local model is available: pull one (npm run models:pull) or start Ollama.');
  const agent = (model: ModelInfo): AgentConfig => ({ model: model.id, temperature: 0.7, maxOutputTokens: 512 });
  const proposers = Array.from({ length: 3 }, (_, i) => agent(local[i % local.length]));
  return { version: 1, synthesisPrompt: DEFAULT_SYNTHESIS_PROMPT, layers: [{ agents: proposers }, { agents: [agent(local[0])] }] };
}

const PROPOSERS = 6;
/** The LLM Council preset's proposers, and so its rankers. */
const COUNCIL = 4;

/**
 * Builds a preset from the models available now. Real models are preferred over offline
 * simulations; the aggregator is the first model suited to aggregate (the offline
 * synthesiser, or the first listed model of the first configured provider).
 */
export function buildPreset(id: PresetId, models: ModelInfo[]): MoAConfig {
  if (id === 'local-moa') return localMoA(models);
  // Local models are slow on CPU and opt-in: they make the Local MoA preset, not these.
  const real = models.filter((m) => m.kind !== 'offline' && m.kind !== 'local' && !m.unavailable);
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
    case 'llm-ranker': {
      const lite = layers(diverse.map((m) => agent(m)), [agent(aggregator)]);
      return { ...lite, layers: [lite.layers[0], { ...lite.layers[1], strategy: 'rank' }] };
    }
    case 'sparse-moa': {
      // The judge scores at temperature 0: the same answers get the same scores.
      const sparse = layers(diverse.map((m) => agent(m)), [agent(aggregator, 0)], [agent(aggregator)]);
      return { ...sparse, layers: [sparse.layers[0], { ...sparse.layers[1], strategy: 'top-k', topK: 2, earlyStop: true }, sparse.layers[2]] };
    }
    case 'llm-council': {
      // The rankers rank at temperature 0: the same answers get the same ranking.
      const four = diverse.slice(0, COUNCIL);
      const c = layers(four.map((m) => agent(m)), four.map((m) => agent(m, 0)), [agent(aggregator)]);
      return { ...c, layers: [c.layers[0], { ...c.layers[1], strategy: 'council' }, c.layers[2]] };
    }
    case 'self-moa-seq': {
      const seq = layers(Array.from({ length: PROPOSERS }, () => agent(aggregator)), [agent(aggregator)]);
      return { ...seq, layers: [seq.layers[0], { ...seq.layers[1], strategy: 'sliding-window', window: 3 }] };
    }
    case 'single-proposer':
      return layers(Array.from({ length: PROPOSERS }, () => agent(candidates[0])), [agent(aggregator)]);
    case 'self-moa':
      return layers(Array.from({ length: PROPOSERS }, () => agent(aggregator)), [agent(aggregator)]);
    case 'single':
      return layers([agent(aggregator)]);
  }
}
