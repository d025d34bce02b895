import type { TokenUsage } from './moa/events';
import type { Price } from './models/types';

/** USD spent by one call, split by what was billed. */
export type Cost = { inputUsd: number; cachedInputUsd: number; outputUsd: number; totalUsd: number };

export const ZERO_COST: Cost = { inputUsd: 0, cachedInputUsd: 0, outputUsd: 0, totalUsd: 0 };

/** Float sums of per-token prices drift (0.1 + 0.2); a picodollar is far below any price. */
export const roundUsd = (usd: number) => Math.round(usd * 1e12) / 1e12;

/**
 * Cost of a call from its token usage. Cached input tokens are part of the input count and are
 * billed at the cached price (the input price when the provider lists none); reasoning tokens are
 * part of the output count (billed at the reasoning price where one is listed). Null when the price is unknown: an unknown price is never $0.
 */
export function costOf(usage: TokenUsage, price: Price | null | undefined): Cost | null {
  if (!price) return null;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const inputUsd = roundUsd(((usage.inputTokens - cached) * price.inputPerMTok) / 1e6);
  const cachedInputUsd = roundUsd((cached * (price.cachedInputPerMTok ?? price.inputPerMTok)) / 1e6);
  // Reasoning tokens are output tokens: their own price where the catalog lists one, else the output price.
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const outputUsd = roundUsd(((usage.outputTokens - reasoning) * price.outputPerMTok + reasoning * (price.reasoningPerMTok ?? price.outputPerMTok)) / 1e6);
  return { inputUsd, cachedInputUsd, outputUsd, totalUsd: roundUsd(inputUsd + cachedInputUsd + outputUsd) };
}

export function addCost(a: Cost, b: Cost): Cost {
  return {
    inputUsd: roundUsd(a.inputUsd + b.inputUsd),
    cachedInputUsd: roundUsd(a.cachedInputUsd + b.cachedInputUsd),
    outputUsd: roundUsd(a.outputUsd + b.outputUsd),
    totalUsd: roundUsd(a.totalUsd + b.totalUsd),
  };
}

/** Sum of known costs, and how many calls had none (unknown price): a total with gaps says so. */
export function sumCosts(costs: (Cost | null | undefined)[]): { cost: Cost; unpriced: number } {
  let cost = ZERO_COST;
  let unpriced = 0;
  for (const c of costs) {
    if (c) cost = addCost(cost, c);
    else unpriced++;
  }
  return { cost, unpriced };
}
