import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';

export type CompatibleSettings = { name: string; baseURL: string; apiKey?: string; models?: string[] };

export function createCompatibleProvider(settings: CompatibleSettings): (modelId: string) => LanguageModel {
  const provider = createOpenAICompatible({
    name: settings.name,
    baseURL: settings.baseURL,
    apiKey: settings.apiKey,
    // Without it, streamed responses carry no usage.
    includeUsage: true,
  });
  return (modelId) => provider.chatModel(modelId);
}

const LIST_TIMEOUT_MS = 1500;
const LIST_TTL_MS = 60_000;
const listCache = new Map<string, { at: number; models: Promise<string[]> }>();

/** The server's own model list (GET /models), cached briefly; empty when it does not answer. */
export function listCompatibleModels(settings: CompatibleSettings): Promise<string[]> {
  if (settings.models?.length) return Promise.resolve(settings.models);
  const cached = listCache.get(settings.baseURL);
  if (cached && Date.now() - cached.at < LIST_TTL_MS) return cached.models;
  const models = fetchModelList(settings).catch(() => []);
  listCache.set(settings.baseURL, { at: Date.now(), models });
  return models;
}

async function fetchModelList({ baseURL, apiKey }: CompatibleSettings): Promise<string[]> {
  const response = await fetch(`${baseURL.replace(/\/$/, '')}/models`, {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
  });
  if (!response.ok) return [];
  const body = (await response.json()) as { data?: { id?: unknown }[] };
  return (body.data ?? []).flatMap((m) => (typeof m.id === 'string' ? [m.id] : []));
}
