import { paramsFromModelId, type ParamCount } from '../params';
import type { Price } from '../types';
import type { CatalogModel, CatalogSnapshot } from './prune';
import snapshotJson from './snapshot.json';

export const CATALOG = snapshotJson as CatalogSnapshot;

/** What the catalog knows of one `provider:model` id. */
export type CatalogEntry = {
  /** The catalog's own id when it was found under an alias (e.g. a dated Anthropic snapshot). */
  matchedId: string;
  name: string;
  price?: Price;
  contextWindow?: number;
  outputLimit?: number;
  openWeights: boolean;
  releaseDate?: string;
  params?: ParamCount;
  /** The model reasons before it answers (models.dev). */
  reasoning: boolean;
};

// Anthropic serves "claude-opus-4-1" as an alias of its dated snapshot "claude-opus-4-1-20250805".
const DATED_SUFFIX = /^-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** Looks a model up by provider and model id: exact, then case-insensitive, then its newest dated snapshot. */
export function lookupModel(provider: string, model: string, snapshot: CatalogSnapshot = CATALOG): CatalogEntry | undefined {
  const models = Object.hasOwn(snapshot.providers, provider) ? snapshot.providers[provider] : undefined;
  if (!models) return undefined;
  const lower = model.toLowerCase();
  const id =
    (Object.hasOwn(models, model) ? model : undefined) ??
    Object.keys(models).find((k) => k.toLowerCase() === lower) ??
    Object.keys(models)
      .filter((k) => k.toLowerCase().startsWith(lower) && DATED_SUFFIX.test(k.slice(lower.length)))
      .sort()
      .at(-1);
  return id ? toEntry(id, models[id]) : undefined;
}

function toEntry(id: string, m: CatalogModel): CatalogEntry {
  const entry: CatalogEntry = { matchedId: id, name: m.name, openWeights: m.openWeights, reasoning: !!m.reasoning };
  // A price needs both directions; one without the other would pass for free.
  if (m.input !== undefined && m.output !== undefined) {
    entry.price = { inputPerMTok: m.input, outputPerMTok: m.output };
    if (m.cacheRead !== undefined) entry.price.cachedInputPerMTok = m.cacheRead;
    if (m.reasoningPrice !== undefined) entry.price.reasoningPerMTok = m.reasoningPrice;
  }
  if (m.context) entry.contextWindow = m.context;
  if (m.outputLimit) entry.outputLimit = m.outputLimit;
  if (m.releaseDate) entry.releaseDate = m.releaseDate;
  const params = paramsFromModelId(id);
  // Ids of closed models can look like sizes too; only open weights have a countable size.
  if (params && (m.openWeights || params.source === 'override table')) entry.params = params;
  return entry;
}
