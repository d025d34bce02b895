import type { LanguageModel } from 'ai';
import type { ServerEnv } from '../env';
import { CLOUD_PROVIDERS } from './cloud-providers';
import { listCompatibleModels } from './compatible';
import { createHttpProviders } from './http-providers';
import { createLocalModels, type LocalModels } from './local';
import { localSettings } from './local/settings';
import { createOfflineModel, OFFLINE_MODELS } from './offline';
import { catalogEntryOf, FREE } from './pricing';
import { reasoningSupport } from './reasoning-support';
import { splitModelId, type ModelInfo } from './types';

export class UnknownModelError extends Error {
  constructor(id: string, reason: string) {
    super(`Unknown model "${id}": ${reason}`);
    this.name = 'UnknownModelError';
  }
}

export type ModelRegistry = {
  /** Models a user can pick now: offline ones, then each configured provider's. */
  list(): Promise<ModelInfo[]>;
  /** Throws UnknownModelError for a provider that is not configured or an unknown offline model. */
  resolve(id: string): LanguageModel;
  /** Why a model id cannot be used, or null when it can. */
  check(id: string): string | null;
  /** Models on this machine: the models folder and the local servers. */
  local: LocalModels;
  /** Whether the model's provider is a configured HTTP one, which the model-call worker can call too. */
  isHttp(id: string): boolean;
  /** Whether any HTTP provider (cloud key, OpenAI-compatible server) is configured. */
  hasHttpProviders: boolean;
  /** The tokens a call may hold, where known: the catalog's window, or the embedded models' context size. */
  contextWindow(id: string): number | null;
};

/** Everything about providers is decided here, from env; nothing else reads keys. */
export function createModelRegistry(env: ServerEnv): ModelRegistry {
  const offlineOptions = { tokensPerSecond: env.OFFLINE_TOKENS_PER_SECOND, firstTokenMs: env.OFFLINE_FIRST_TOKEN_MS };
  const { factories, configuredCloud, compatible } = createHttpProviders(env);
  // An explicitly configured provider keeps its name; a detected server of that name is not probed.
  const settings = localSettings(env);
  for (const name of [compatible?.name, ...configuredCloud.map((p) => p.id)]) delete settings.servers[name as never];
  for (const [id, url] of Object.entries(settings.servers)) if (compatible?.baseURL.replace(/\/v1\/?$/, '') === url) delete settings.servers[id as never];
  const local = createLocalModels(settings);

  function check(id: string): string | null {
    const { provider, model } = splitModelId(id);
    if (!provider || !model) return 'model ids look like "provider:model".';
    if (provider === 'offline') {
      return OFFLINE_MODELS.some((m) => m.id === model) ? null : `there is no offline model "${model}".`;
    }
    if (factories.has(provider)) return null;
    if (local.owns(provider)) return local.check(provider, model);
    const cloud = CLOUD_PROVIDERS.find((p) => p.id === provider);
    return cloud ? `${cloud.label} is not configured (set ${cloud.envKey} on the server).` : `no provider "${provider}" is configured.`;
  }

  return {
    check,
    local,
    isHttp: (id) => factories.has(splitModelId(id).provider),
    hasHttpProviders: factories.size > 0,
    // Embedded models get at most LOCAL_CONTEXT_SIZE (less if trained on less: then the call says so).
    contextWindow: (id) => (splitModelId(id).provider === 'local' ? settings.contextSize : (catalogEntryOf(id)?.contextWindow ?? null)),
    resolve(id) {
      const problem = check(id);
      if (problem) throw new UnknownModelError(id, problem);
      const { provider, model } = splitModelId(id);
      if (provider === 'offline') return createOfflineModel(model, offlineOptions);
      return factories.get(provider)?.(model) ?? local.resolve(provider, model);
    },
    async list() {
      const offline: ModelInfo[] = OFFLINE_MODELS.map((m) => ({
        id: `offline:${m.id}`, provider: 'offline', providerLabel: 'Offline simulation', label: m.label,
        kind: 'offline', description: m.description, role: m.role, price: FREE,
      }));
      const cloud: ModelInfo[] = configuredCloud.flatMap((provider) =>
        provider.defaultModels.map((model) => {
          const id = `${provider.id}:${model}`;
          const known = catalogEntryOf(id);
          return {
            id, provider: provider.id, providerLabel: provider.label, label: model, kind: 'cloud' as const,
            ...(known?.price && { price: known.price }),
            ...(known?.contextWindow && { contextWindow: known.contextWindow }),
          };
        }),
      );
      const [onMachine, served] = await Promise.all([
        local.list(),
        compatible ? listCompatibleModels(compatible) : [],
      ]);
      const compatibleModels: ModelInfo[] = served.map((model) => ({
        id: `${compatible!.name}:${model}`, provider: compatible!.name, providerLabel: `${compatible!.name} (OpenAI-compatible)`,
        label: model, kind: 'compatible' as const,
      }));
      // Unknown support is left out: the builder offers the setting and says it is up to the server.
      return [...offline, ...onMachine, ...compatibleModels, ...cloud].map((m) => {
        const support = reasoningSupport(m.id);
        return support === 'unknown' ? m : { ...m, reasoning: support === 'yes' };
      });
    },
  };
}
