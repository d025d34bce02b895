import type { Totals } from './run-stats';

/** Numbers for humans: 1.2k tokens, 3.4 s, 850 ms. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Dollars for humans: two significant digits below a dollar ($0.0042, $0.12), cents above
 * ($3.40), "$0" for nothing and "<$0.000001" for dust. `formatUsdExact` for tooltips.
 */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0) return `-${formatUsd(-usd)}`;
  if (usd >= 1) return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (usd < 0.000001) return '<$0.000001';
  const digits = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(digits)}`;
}

/** Every significant digit a cost has (up to a picodollar): for tooltips and tables. */
export function formatUsdExact(usd: number): string {
  return `$${usd.toFixed(12).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export function formatTflops(tflops: number): string {
  if (tflops === 0) return '0 TFLOPs';
  if (tflops < 0.01) return `${(tflops * 1000).toPrecision(2)} GFLOPs`;
  return `${tflops < 10 ? tflops.toPrecision(2) : Math.round(tflops).toLocaleString('en-US')} TFLOPs`;
}

export function formatRate(tokensPerSecond: number): string {
  return `${tokensPerSecond < 100 ? tokensPerSecond.toFixed(1) : Math.round(tokensPerSecond)} tok/s`;
}

/** "$0.0042", "$0.0042 + 2 unpriced", or "price unknown" when no call had a price: never a false $0. */
export function formatCostTotal({ cost, priced, unpriced }: Pick<Totals, 'cost' | 'priced' | 'unpriced'>): string {
  if (unpriced === 0) return formatUsd(cost.totalUsd);
  return priced === 0 ? 'price unknown' : `${formatUsd(cost.totalUsd)} + ${unpriced} unpriced`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** A share as a percentage: 0.875 → "87.5%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Answer numbers compactly, runs as ranges: "1–3, 5, 7". */
export function formatNumberList(numbers: number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}
