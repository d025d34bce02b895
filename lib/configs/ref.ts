import { z } from 'zod';
import { SAVED_CONFIG_LIMITS, SLUG_PATTERN } from './names';

/**
 * Which saved config version the board came from. `edited` once the board changed since: a
 * run then records no version, and saving offers the next version of the same config.
 */
export const savedRefSchema = z.object({
  slug: z.string().max(SAVED_CONFIG_LIMITS.maxSlugChars).regex(SLUG_PATTERN),
  name: z.string().max(SAVED_CONFIG_LIMITS.maxNameChars),
  version: z.number().int().min(1),
  versionId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  edited: z.boolean(),
});

export type SavedRef = z.infer<typeof savedRefSchema>;

/** "My board v2", as the board and run pages name a saved config version. */
export const savedLabel = (ref: { name: string; version: number }) => `${ref.name} v${ref.version}`;
