/** What every answer style is given, and how templates are filled in. */
import type { Sampler } from '../random';
import { capitalise, type QuestionKind } from '../text';

export type StyleInput = {
  /** Key terms, most important first; the first is the topic. */
  terms: string[];
  kind: QuestionKind;
  sampler: Sampler;
};

export type StyleWriter = (input: StyleInput) => string;

/** Used when a prompt yields too few key terms to fill a template. */
const FALLBACK_TOPIC = 'this topic';
const FALLBACK_TERMS = ['the requirements', 'the constraints', 'the context', 'the edge cases'];

/** How many of the top terms (after the topic) sentences draw from. */
const SUPPORTING_TERMS = 5;

/**
 * Returns a function that fills one template: {a} is the topic, {b}–{d} are other terms drawn
 * afresh for each sentence (so sentences vary), {A} is {a} capitalised.
 */
export function templateFiller({ terms, sampler }: StyleInput): (template: string) => string {
  const topic = terms[0] ?? FALLBACK_TOPIC;
  const supporting = terms.slice(1, 1 + SUPPORTING_TERMS);
  const others = [...supporting, ...FALLBACK_TERMS.slice(0, Math.max(0, 3 - supporting.length))];
  return (template) => {
    const [b, c, d] = sampler.pickSome(others, 3);
    const values: Record<string, string> = { a: topic, A: capitalise(topic), b, c, d };
    return template.replace(/\{([aAbcd])\}/g, (_, key: string) => values[key]);
  };
}
