/** What the browser may know of a model: never a key, never a base URL. */
export type ModelInfo = {
  /** `provider:model` */
  id: string;
  provider: string;
  providerLabel: string;
  label: string;
  /** `local`: runs on this machine (embedded llama.cpp, or a detected Ollama / LM Studio / llama.cpp server). */
  kind: 'offline' | 'cloud' | 'compatible' | 'local';
  description?: string;
  /** Offline simulations say what they are good at. */
  role?: 'proposer' | 'aggregator';
  /** Tokens of context, from the catalog; absent when unknown. */
  contextWindow?: number;
  /** USD per 1M tokens; absent when unknown (shown as "price unknown", never $0). */
  price?: Price;
  /** Takes a reasoning setting: true, false, or absent when unknown (self-hosted servers, models newer than the catalog). */
  reasoning?: boolean;
  /** Listed but not usable, and why (e.g. a malformed model file). */
  unavailable?: string;
};

/**
 * USD per 1M tokens. Cached input falls back to the input price when a provider lists none;
 * reasoning tokens (part of the output) to the output price.
 */
export type Price = { inputPerMTok: number; outputPerMTok: number; cachedInputPerMTok?: number; reasoningPerMTok?: number };

/** The providers of these `provider:model` ids, once each. */
export const providersOf = (ids: readonly string[]) => [...new Set(ids.map((id) => splitModelId(id).provider))];

export function splitModelId(id: string): { provider: string; model: string } {
  const colon = id.indexOf(':');
  return colon < 0 ? { provider: '', model: id } : { provider: id.slice(0, colon), model: id.slice(colon + 1) };
}
