/**
 * Which models may reason: the catalog's word (models.dev's `reasoning` flag), the offline
 * simulations' own, and the kind of provider; and the readable refusal of a run that asks a
 * model for reasoning it cannot do (before any call: lib/runs/start.ts).
 */
import { reasons, type AgentConfig, type MoAConfig } from '../moa/config';
import { OFFLINE_MODELS } from './offline/catalog';
import { catalogEntryOf } from './pricing';
import { splitModelId } from './types';

/** Whether a model takes a reasoning setting: yes, no, or unknown (allowed: the server decides). */
export type ReasoningSupport = 'yes' | 'no' | 'unknown';

export function reasoningSupport(modelId: string): ReasoningSupport {
  const { provider, model } = splitModelId(modelId);
  if (provider === 'offline') return OFFLINE_MODELS.find((m) => m.id === model)?.reasoning ? 'yes' : 'no';
  if (provider === 'local') return 'no';
  const entry = catalogEntryOf(modelId);
  if (entry) return entry.reasoning ? 'yes' : 'no';
  // A catalog provider's model the snapshot does not list (newer than it), or a self-hosted server.
  return 'unknown';
}

/** Why an agent's reasoning setting cannot be honoured, or null. */
export function reasoningProblem(agent: Pick<AgentConfig, 'model' | 'reasoning'>): string | null {
  if (!reasons(agent)) return null;
  const { provider } = splitModelId(agent.model);
  if (reasoningSupport(agent.model) !== 'no') return null;
  if (provider === 'local') return `embedded llama.cpp models take no reasoning setting; set reasoning to off.`;
  if (provider === 'offline') return `this offline simulation does not reason (offline:stepwise does); set reasoning to off.`;
  return `this model does not reason (per the models.dev catalog); set reasoning to off or pick a reasoning model.`;
}

/** Every agent whose reasoning setting its model cannot take, named as the builder names it. */
export function reasoningProblems(config: Pick<MoAConfig, 'layers'>): string[] {
  const last = config.layers.length - 1;
  return config.layers.flatMap((layer, l) =>
    layer.agents.flatMap((agent, a) => {
      const problem = reasoningProblem(agent);
      const who = l === last ? 'the aggregator' : `layer ${l + 1} › agent ${a + 1}`;
      return problem ? [`${who} (${agent.model}, reasoning ${agent.reasoning}): ${problem}`] : [];
    }),
  );
}
