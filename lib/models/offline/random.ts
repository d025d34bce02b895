/** Seeded randomness: every choice an offline model makes goes through a Sampler. */
import { mulberry32 } from '../../prng';

/** FNV-1a over the parts, so equal inputs give equal seeds on every machine. */
export function hashSeed(...parts: Array<string | number | undefined>): number {
  let hash = 0x811c9dc5;
  for (const char of parts.map((p) => String(p ?? '')).join('\u241f')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Temperature at and above which choices are fully random. */
const FULLY_RANDOM_AT = 1.2;

/**
 * Mimics temperature sampling over templates. Each draw blends a "preferred" value (fixed by
 * model and prompt: the greedy choice) with a sampled one; the sampled share grows with
 * temperature, so temperature 0 is deterministic and higher temperatures vary more.
 */
export class Sampler {
  private readonly preferred: () => number;
  private readonly sampled: () => number;
  private readonly mix: number;

  constructor(options: { preferredSeed: number; sampledSeed: number; temperature: number }) {
    this.preferred = mulberry32(options.preferredSeed);
    this.sampled = mulberry32(options.sampledSeed);
    this.mix = Math.min(1, Math.max(0, options.temperature / FULLY_RANDOM_AT));
  }

  /** A number in [0, 1). */
  next(): number {
    const preferred = this.preferred();
    const sampled = this.sampled();
    return preferred + (sampled - preferred) * this.mix;
  }

  /** Zero-centred noise that vanishes at temperature 0. */
  jitter(scale: number): number {
    return (this.sampled() - 0.5) * scale * this.mix;
  }

  pick<T>(options: readonly T[]): T {
    return options[Math.min(options.length - 1, Math.floor(this.next() * options.length))];
  }

  /** `count` distinct items, in the order drawn. */
  pickSome<T>(options: readonly T[], count: number): T[] {
    const pool = [...options];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length) {
      chosen.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    }
    return chosen;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.min(max - min, Math.floor(this.next() * (max - min + 1)));
  }
}
