/**
 * Reasoning, per provider: the agent's level (off / low / medium / high) as each AI SDK provider
 * takes it in `providerOptions`, and the tokens it may add. The one place that knows it: calls
 * are made with `withReasoning` in the model-call worker and in the main thread alike. Which
 * models may reason is ./reasoning-support.ts (the catalog's word); this file stays free of the
 * catalog, so the builder's estimate can use it in the browser.
 */
import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import { reasons, type AgentConfig, type ReasoningLevel } from '../moa/config';
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

/** A call's settings with its reasoning level turned into its provider's options (what streamLanguageModelCall takes). */
export function withReasoning<T extends { model: string; reasoning?: ReasoningLevel; maxOutputTokens?: number }>({ reasoning, ...settings }: T): Omit<T, 'reasoning'> & ReasoningCallOptions {
  return { ...settings, ...reasoningCallOptions(settings.model, reasoning, settings.maxOutputTokens) };
}

/** Output tokens a call may make beyond its max output tokens: the thinking budget, where the provider adds it (Anthropic, Google). */
export function extraReasoningTokens(agent: Pick<AgentConfig, 'model' | 'reasoning'>): number {
  if (!reasons(agent)) return 0;
  const { provider } = splitModelId(agent.model);
  return provider === 'anthropic' || provider === 'google' ? REASONING_BUDGETS[agent.reasoning as Level] : 0;
}

/** The most reasoning a call may produce: its budget, or its max output tokens where the effort shares them. */
export function reasoningTokenBound(agent: Pick<AgentConfig, 'model' | 'reasoning' | 'maxOutputTokens'>): number {
  if (!reasons(agent)) return 0;
  return extraReasoningTokens(agent) || agent.maxOutputTokens;
}
