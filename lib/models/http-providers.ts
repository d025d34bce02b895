import type { LanguageModel } from 'ai';
import type { ServerEnv } from '../env';
import { CLOUD_PROVIDERS, type CloudProvider } from './cloud-providers';
import { createCompatibleProvider, type CompatibleSettings } from './compatible';

export type HttpProviders = {
  /** Model factories by provider id: every cloud provider with a key, and the OpenAI-compatible one. */
  factories: Map<string, (model: string) => LanguageModel>;
  configuredCloud: CloudProvider[];
  compatible: CompatibleSettings | null;
};

const splitList = (value?: string) => value?.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * The providers configured by env that are reached over HTTP with nothing else to set up: the
 * registry's, and the model-call worker's, which builds its own from the same env.
 */
export function createHttpProviders(env: ServerEnv): HttpProviders {
  const factories = new Map<string, (model: string) => LanguageModel>();
  const configuredCloud = CLOUD_PROVIDERS.flatMap((provider) => {
    const key = env[provider.envKey];
    if (!key) return [];
    factories.set(provider.id, provider.create(key));
    return [provider];
  });
  const compatible: CompatibleSettings | null = env.OPENAI_COMPATIBLE_BASE_URL
    ? {
        name: env.OPENAI_COMPATIBLE_NAME ?? 'compatible',
        baseURL: env.OPENAI_COMPATIBLE_BASE_URL,
        apiKey: env.OPENAI_COMPATIBLE_API_KEY,
        models: splitList(env.OPENAI_COMPATIBLE_MODELS),
      }
    : null;
  if (compatible) factories.set(compatible.name, createCompatibleProvider(compatible));
  return { factories, configuredCloud, compatible };
}
