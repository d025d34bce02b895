import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison (of digests, so lengths do not leak either). */
export function passwordMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
