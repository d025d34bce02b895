/**
 * A prompt set: the items an evaluation runs, each a prompt with an optional reference answer
 * and category. One schema for the built-in sets, imports, pulled public sets and the API.
 * Dependency-free beyond zod: the browser validates with it too.
 */
import { z } from 'zod';
import { promptSchema } from '../moa/config';

export const SET_LIMITS = {
  /** AlpacaEval's 805 instructions fit. */
  maxItems: 1_000,
  maxReferenceChars: 16_000,
  maxCategoryChars: 40,
  maxIdChars: 64,
  maxNameChars: 120,
  maxDescriptionChars: 2_000,
} as const;

const n = (value: number) => value.toLocaleString('en-US');

export const setItemSchema = z.strictObject({
  /** Unique within its set; an evaluation item refers to it. */
  id: z
    .string('An item id is text.')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'Item ids use letters, digits, ".", "_" and "-", starting with a letter or digit.')
    .max(SET_LIMITS.maxIdChars, `Item ids are at most ${SET_LIMITS.maxIdChars} characters.`),
  prompt: promptSchema,
  reference: z
    .string('A reference answer is text.')
    .trim()
    .min(1, 'A reference answer cannot be empty (leave it out instead).')
    .max(SET_LIMITS.maxReferenceChars, `Reference answers are limited to ${n(SET_LIMITS.maxReferenceChars)} characters.`)
    .optional(),
  category: z
    .string('A category is text.')
    .trim()
    .min(1, 'A category cannot be empty (leave it out instead).')
    .max(SET_LIMITS.maxCategoryChars, `Categories are at most ${SET_LIMITS.maxCategoryChars} characters.`)
    .optional(),
});

/** Where a set came from, for sets the team did not write (license terms travel with the data). */
export const setSourceSchema = z.strictObject({
  url: z.url(),
  license: z.string().max(200).optional(),
  /** ISO date of the download. */
  retrievedAt: z.iso.date().optional(),
});

export const promptSetSchema = z
  .strictObject({
    id: z
      .string('A set id is text.')
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'Set ids use lower-case letters, digits and "-".')
      .max(SET_LIMITS.maxIdChars, `Set ids are at most ${SET_LIMITS.maxIdChars} characters.`),
    name: z.string().trim().min(1, 'A set needs a name.').max(SET_LIMITS.maxNameChars, `Set names are at most ${SET_LIMITS.maxNameChars} characters.`),
    description: z.string().trim().max(SET_LIMITS.maxDescriptionChars, `Descriptions are at most ${n(SET_LIMITS.maxDescriptionChars)} characters.`).default(''),
    source: setSourceSchema.optional(),
    items: z
      .array(setItemSchema)
      .min(1, 'A set needs at least one item.')
      .max(SET_LIMITS.maxItems, `A set holds at most ${n(SET_LIMITS.maxItems)} items.`),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.items.forEach((item, index) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', index, 'id'], message: `Item id "${item.id}" is used twice.` });
      seen.add(item.id);
    });
  });

/** The first `max` issues, each `path: message` (e.g. `items.3.prompt: Type a prompt first.`), joined by "; ". */
export function describeSetIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export type SetItem = z.infer<typeof setItemSchema>;
export type PromptSet = z.infer<typeof promptSetSchema>;
export type PromptSetInput = z.input<typeof promptSetSchema>;
