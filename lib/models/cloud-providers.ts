import { createAnthropic } from '@ai-sdk/anthropic';
import { createDeepSeek } from '@ai-sdk/deepseek';
import { createGoogle } from '@ai-sdk/google';
import { createGroq } from '@ai-sdk/groq';
import { createMistral } from '@ai-sdk/mistral';
import { createOpenAI } from '@ai-sdk/openai';
import { createTogetherAI } from '@ai-sdk/togetherai';
import { createXai } from '@ai-sdk/xai';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import type { LanguageModel } from 'ai';
import type { ServerEnv } from '../env';

export type CloudProvider = {
  id: string;
  label: string;
  /** The provider's standard env variable; the provider is enabled when it is set. */
  envKey: keyof ServerEnv & `${string}_API_KEY`;
  /** Offered in the model picker; any other model id of the provider is accepted too. */
  defaultModels: string[];
  create: (apiKey: string) => (modelId: string) => LanguageModel;
};

// The default lists are starting points for the picker, not a catalog: users may type any id.
export const CLOUD_PROVIDERS: CloudProvider[] = [
  {
    id: 'openai', label: 'OpenAI', envKey: 'OPENAI_API_KEY',
    defaultModels: ['gpt-5.4', 'gpt-5.4-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4o-mini'],
    create: (apiKey) => createOpenAI({ apiKey }),
  },
  {
    id: 'anthropic', label: 'Anthropic', envKey: 'ANTHROPIC_API_KEY',
    defaultModels: ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'],
    create: (apiKey) => createAnthropic({ apiKey }),
  },
  {
    id: 'google', label: 'Google', envKey: 'GOOGLE_GENERATIVE_AI_API_KEY',
    defaultModels: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'],
    create: (apiKey) => createGoogle({ apiKey }),
  },
  {
    id: 'groq', label: 'Groq', envKey: 'GROQ_API_KEY',
    defaultModels: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'qwen/qwen3-32b', 'openai/gpt-oss-120b'],
    create: (apiKey) => createGroq({ apiKey }),
  },
  {
    id: 'togetherai', label: 'Together AI', envKey: 'TOGETHER_API_KEY',
    // The open models of the paper's MoA line-up.
    defaultModels: [
      'Qwen/Qwen2.5-72B-Instruct-Turbo',
      'meta-llama/Llama-3.3-70B-Instruct-Turbo',
      'mistralai/Mixtral-8x22B-Instruct-v0.1',
      'deepseek-ai/DeepSeek-V3',
    ],
    create: (apiKey) => createTogetherAI({ apiKey }),
  },
  {
    id: 'openrouter', label: 'OpenRouter', envKey: 'OPENROUTER_API_KEY',
    defaultModels: ['qwen/qwen-2.5-72b-instruct', 'meta-llama/llama-3.3-70b-instruct', 'mistralai/mixtral-8x22b-instruct', 'openai/gpt-4o-mini'],
    create: (apiKey) => {
      const openrouter = createOpenRouter({ apiKey });
      return (modelId) => openrouter.chat(modelId);
    },
  },
  {
    id: 'mistral', label: 'Mistral', envKey: 'MISTRAL_API_KEY',
    defaultModels: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest'],
    create: (apiKey) => createMistral({ apiKey }),
  },
  {
    id: 'deepseek', label: 'DeepSeek', envKey: 'DEEPSEEK_API_KEY',
    defaultModels: ['deepseek-chat', 'deepseek-reasoner'],
    create: (apiKey) => createDeepSeek({ apiKey }),
  },
  {
    id: 'xai', label: 'xAI', envKey: 'XAI_API_KEY',
    defaultModels: ['grok-4', 'grok-3-mini'],
    create: (apiKey) => createXai({ apiKey }),
  },
];
