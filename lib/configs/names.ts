import { z } from 'zod';

/** Bounds of saved configurations; the board itself is bounded by moaConfigSchema. */
export const SAVED_CONFIG_LIMITS = {
  maxNameChars: 80,
  maxSlugChars: 64,
  maxConfigsPerOwner: 100,
  maxVersionsPerConfig: 100,
} as const;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The slug of a name: lower-case ASCII letters and digits joined by dashes ("My board!" → "my-board"). */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SAVED_CONFIG_LIMITS.maxSlugChars)
    .replace(/-+$/, '');
}

export const isSlug = (value: unknown): value is string => typeof value === 'string' && value.length <= SAVED_CONFIG_LIMITS.maxSlugChars && SLUG_PATTERN.test(value);

/** A config's name: its slug must not be empty, so every name can be addressed. */
export const configNameSchema = z
  .string('The name must be text.')
  .trim()
  .min(1, 'Give the configuration a name.')
  .max(SAVED_CONFIG_LIMITS.maxNameChars, `Names are limited to ${SAVED_CONFIG_LIMITS.maxNameChars} characters.`)
  // eslint-disable-next-line no-control-regex
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'The name cannot hold control characters.')
  .refine((name) => slugOf(name) !== '', 'The name needs at least one letter or digit (a–z, 0–9): its slug is made of them.');
