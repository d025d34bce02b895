import type { PricingOverrides } from '../moa/config';
import { lookupModel, type CatalogEntry } from './catalog';
import { CATALOG_PROVIDERS } from './catalog/prune';
import { paramsFromModelId, type ParamCount } from './params';
import { splitModelId, type Price } from './types';

/** The offline simulations cost nothing, unless a config makes them mimic a real model. */
export const FREE: Price = { inputPerMTok: 0, outputPerMTok: 0 };

const isCatalogProvider = (provider: string) => (CATALOG_PROVIDERS as readonly string[]).includes(provider);

/** What the catalog says of a `provider:model` id, if anything. */
export function catalogEntryOf(id: string): CatalogEntry | undefined {
  const { provider, model } = splitModelId(id);
  return isCatalogProvider(provider) ? lookupModel(provider, model) : undefined;
}

/**
 * The price of a model for a run: the config's override (a price, or the price of the model it
 * mimics), else $0 for the offline models, else the catalog's. Null means unknown — never $0.
 */
export function resolvePrice(id: string, overrides?: PricingOverrides): Price | null {
  const override = overrides && Object.hasOwn(overrides, id) ? overrides[id] : undefined;
  if (override && 'mimic' in override) {
    // One level only: a mimic of a mimic would allow cycles and says nothing a direct price cannot.
    const target = overrides && Object.hasOwn(overrides, override.mimic) ? overrides[override.mimic] : undefined;
    if (target && !('mimic' in target)) return target;
    return baselinePrice(override.mimic);
  }
  if (override) return override;
  return baselinePrice(id);
}

function baselinePrice(id: string): Price | null {
  if (splitModelId(id).provider === 'offline') return FREE;
  return catalogEntryOf(id)?.price ?? null;
}

/** Parameter count of an open-weight model: the catalog's, or for self-hosted servers the id's. */
export function resolveParams(id: string): ParamCount | undefined {
  const { provider, model } = splitModelId(id);
  if (provider === 'offline') return undefined;
  if (isCatalogProvider(provider)) return catalogEntryOf(id)?.params;
  // Ollama, vLLM, llama.cpp…: self-hosted means open weights, and their names carry sizes ("qwen2.5:72b").
  return paramsFromModelId(model);
}

/** The prices and sizes a run is accounted with, fixed at its start so stored runs add up the same. */
export function resolveRunModels(ids: string[], overrides?: PricingOverrides) {
  const prices: Record<string, Price | null> = {};
  const parameters: Record<string, ParamCount> = {};
  for (const id of ids) {
    prices[id] = resolvePrice(id, overrides);
    const params = resolveParams(id);
    if (params) parameters[id] = params;
  }
  return { prices, parameters };
}
