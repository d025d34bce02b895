/**
 * Reasoning, per provider: whether a model can reason (the catalog's word, models.dev's
 * `reasoning` flag), and the agent's level (off / low / medium / high) as each AI SDK provider
 * takes it in `providerOptions`. The one place that knows either; calls are made with
 * `reasoningCallOptions` in the model-call worker and in the main thread alike.
 */
import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import { reasons, type AgentConfig, type MoAConfig, type ReasoningLevel } from '../moa/config';
import { OFFLINE_MODELS } from './offline/catalog';
import { catalogEntryOf } from './pricing';
import { splitModelId } from './types';

type Level = Exclude<ReasoningLevel, 'off'>;

/** Thinking budgets in tokens, for the providers that take a budget rather than an effort (Anthropic, Google). 1,024 is Anthropic's minimum. */
export const REASONING_BUDGETS: Record<Level, number> = { low: 1024, medium: 4096, high: 16384 };

/** DeepSeek's efforts are low, high and max: medium goes to high, high to max. */
const DEEPSEEK_EFFORT: Record<Level, 'low' | 'high' | 'max'> = { low: 'low', medium: 'high', high: 'max' };

export type ReasoningCallOptions = {
  providerOptions?: SharedV4ProviderOptions;
  /** Raised by the budget where a provider counts thinking inside max output tokens, so the answer keeps its own. */
  maxOutputTokens?: number;
};

/**
 * The call options that ask `modelId`'s provider for reasoning at `level`. Off (or absent)
 * sends nothing: the model's own default applies. Providers not listed are OpenAI-compatible
 * servers (configured, Ollama, LM Studio, llama.cpp, vLLM…): `reasoning_effort`, which servers
 * that do not know it ignore.
 */
export function reasoningCallOptions(modelId: string, level: ReasoningLevel | undefined, maxOutputTokens?: number): ReasoningCallOptions {
  if (!level || level === 'off') return {};
  const budget = REASONING_BUDGETS[level];
  switch (splitModelId(modelId).provider) {
    case 'openai':
      // Without a summary the Responses API streams no reasoning text at all.
      return { providerOptions: { openai: { reasoningEffort: level, reasoningSummary: 'auto' } } };
    case 'anthropic':
      // The provider adds the budget to max_tokens itself.
      return { providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: budget } } } };
    case 'google':
      return {
        providerOptions: { google: { thinkingConfig: { thinkingBudget: budget, includeThoughts: true } } },
        ...(maxOutputTokens !== undefined && { maxOutputTokens: maxOutputTokens + budget }),
      };
    case 'deepseek':
      return { providerOptions: { deepseek: { thinking: { type: 'enabled' }, reasoningEffort: DEEPSEEK_EFFORT[level] } } };
    case 'groq':
      // "parsed": reasoning in its own field, streamed apart from the answer.
      return { providerOptions: { groq: { reasoningEffort: level, reasoningFormat: 'parsed' } } };
    case 'xai':
      return { providerOptions: { xai: { reasoningEffort: level } } };
    case 'mistral':
      return { providerOptions: { mistral: { reasoningEffort: level } } };
    case 'openrouter':
      return { providerOptions: { openrouter: { reasoning: { effort: level } } } };
    case 'offline':
      return { providerOptions: { offline: { reasoning: level } } };
    case 'local':
      // Embedded llama.cpp takes no reasoning setting; runs asking for one are refused before they start.
      return {};
    default:
      // Together AI and every OpenAI-compatible server.
      return { providerOptions: { openaiCompatible: { reasoningEffort: level } } };
  }
}

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

/** A call's settings with its reasoning level turned into its provider's options (what streamLanguageModelCall takes). */
export function withReasoning<T extends { model: string; reasoning?: ReasoningLevel; maxOutputTokens?: number }>({ reasoning, ...settings }: T): Omit<T, 'reasoning'> & ReasoningCallOptions {
  return { ...settings, ...reasoningCallOptions(settings.model, reasoning, settings.maxOutputTokens) };
}
