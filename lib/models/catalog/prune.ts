import { z } from 'zod';

/** Providers whose prices the app ships: the cloud providers it can call. */
export const CATALOG_PROVIDERS = ['openai', 'anthropic', 'google', 'groq', 'togetherai', 'openrouter', 'mistral', 'deepseek', 'xai'] as const;

/** One model of the pruned snapshot. Prices are USD per 1M tokens; absent means unknown. */
export type CatalogModel = {
  name: string;
  input?: number;
  output?: number;
  cacheRead?: number;
  /** The price of reasoning tokens where the provider lists its own (else they cost the output price). */
  reasoningPrice?: number;
  context?: number;
  outputLimit?: number;
  openWeights: boolean;
  releaseDate?: string;
  /** models.dev's flag: the model thinks before it answers and takes a reasoning setting. */
  reasoning?: boolean;
};

export type CatalogSource = {
  name: 'models.dev';
  url: string;
  license: 'MIT';
  /** How this snapshot was obtained: the live API, or a package that ships its data. */
  via: string;
  /** When the snapshot was written (YYYY-MM-DD). */
  retrievedAt: string;
  /** The newest `last_updated` date in the data: how fresh the prices are. */
  dataAsOf: string;
};

export type CatalogSnapshot = { source: CatalogSource; providers: Record<string, Record<string, CatalogModel>> };

// Only what we keep is checked; models.dev carries more fields, and new ones must not break a refresh.
const price = z.number().nonnegative().finite();
const modelsDevModel = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  open_weights: z.boolean().optional(),
  release_date: z.string().optional(),
  reasoning: z.boolean().optional(),
  last_updated: z.string().optional(),
  cost: z.looseObject({ input: price.optional(), output: price.optional(), cache_read: price.optional(), reasoning: price.optional() }).optional(),
  limit: z.looseObject({ context: z.number().int().nonnegative().optional(), output: z.number().int().nonnegative().optional() }).optional(),
});
const modelsDevProvider = z.looseObject({ models: z.record(z.string(), modelsDevModel) });
export const modelsDevSchema = z.record(z.string(), z.unknown());

/**
 * Prunes models.dev's `api.json` (provider → {models: id → model}) to the providers and fields
 * the app uses. Throws with a readable message when a provider we need is missing or malformed.
 */
export function pruneModelsDev(data: unknown, source: Omit<CatalogSource, 'dataAsOf'>): CatalogSnapshot {
  const all = modelsDevSchema.parse(data);
  let dataAsOf = '';
  const providers: CatalogSnapshot['providers'] = {};
  for (const id of CATALOG_PROVIDERS) {
    const parsed = modelsDevProvider.safeParse(all[id]);
    if (!parsed.success) throw new Error(`models.dev data has no usable provider "${id}": ${z.prettifyError(parsed.error)}`);
    const models: Record<string, CatalogModel> = {};
    for (const [modelId, m] of Object.entries(parsed.data.models).sort(([a], [b]) => a.localeCompare(b))) {
      const entry: CatalogModel = { name: m.name ?? modelId, openWeights: m.open_weights ?? false };
      if (m.cost?.input !== undefined) entry.input = m.cost.input;
      if (m.cost?.output !== undefined) entry.output = m.cost.output;
      if (m.cost?.cache_read !== undefined) entry.cacheRead = m.cost.cache_read;
      if (m.limit?.context) entry.context = m.limit.context;
      if (m.limit?.output) entry.outputLimit = m.limit.output;
      if (m.release_date) entry.releaseDate = m.release_date;
      if (m.reasoning) entry.reasoning = true;
      if (m.cost?.reasoning !== undefined) entry.reasoningPrice = m.cost.reasoning;
      if (m.last_updated && m.last_updated > dataAsOf) dataAsOf = m.last_updated;
      models[modelId] = entry;
    }
    providers[id] = models;
  }
  return { source: { ...source, dataAsOf }, providers };
}
