import { modelIdSchema } from '../moa/config';
import { splitModelId, type ModelInfo } from '../models/types';

export type ModelGroup = { provider: string; label: string; models: ModelInfo[] };

/**
 * Models grouped by provider, filtered by a search. Offline simulations come first when they
 * are all there is (no key set) and last otherwise: real models are what a user with a key wants.
 */
export function groupModels(models: ModelInfo[], query: string): ModelGroup[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (m: ModelInfo) => {
    const haystack = `${m.id} ${m.label} ${m.providerLabel} ${m.description ?? ''}`.toLowerCase();
    return terms.every((t) => haystack.includes(t));
  };
  const groups = new Map<string, ModelGroup>();
  for (const model of models) {
    if (!matches(model)) continue;
    const group = groups.get(model.provider) ?? { provider: model.provider, label: model.providerLabel, models: [] };
    group.models.push(model);
    groups.set(model.provider, group);
  }
  const hasReal = models.some((m) => m.kind !== 'offline');
  const all = [...groups.values()];
  return hasReal ? [...all.filter((g) => g.provider !== 'offline'), ...all.filter((g) => g.provider === 'offline')] : all;
}

export type CustomId = { ok: true; id: string } | { ok: false; hint: string } | null;

/**
 * A typed id that is not in the list: usable when its provider is configured (providers accept
 * any of their ids), explained otherwise. Offline models are a closed set.
 */
export function customModelId(models: ModelInfo[], query: string): CustomId {
  const text = query.trim();
  if (!text.includes(':')) return null;
  if (models.some((m) => m.id === text)) return null;
  const parsed = modelIdSchema.safeParse(text);
  if (!parsed.success) return { ok: false, hint: parsed.error.issues[0].message };
  const { provider } = splitModelId(parsed.data);
  if (provider === 'offline') return { ok: false, hint: 'The offline models are the ones listed.' };
  const known = models.find((m) => m.provider === provider);
  if (!known) return { ok: false, hint: `No provider “${provider}” is configured on this server.` };
  return { ok: true, id: parsed.data };
}
