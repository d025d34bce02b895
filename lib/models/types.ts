/** What the browser may know of a model: never a key, never a base URL. */
export type ModelInfo = {
  /** `provider:model` */
  id: string;
  provider: string;
  providerLabel: string;
  label: string;
  kind: 'offline' | 'cloud' | 'compatible';
  description?: string;
  /** Offline simulations say what they are good at. */
  role?: 'proposer' | 'aggregator';
  /** Context window in tokens, when the catalog knows it. */
  contextWindow?: number;
  /** USD per million tokens, when the catalog knows it. */
  price?: { inputPerMTok: number; outputPerMTok: number; cachedInputPerMTok?: number };
};

export function splitModelId(id: string): { provider: string; model: string } {
  const colon = id.indexOf(':');
  return colon < 0 ? { provider: '', model: id } : { provider: id.slice(0, colon), model: id.slice(colon + 1) };
}
