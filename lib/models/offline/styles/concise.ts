/** `concise`: a short, direct answer and a one-line summary. */
import type { QuestionKind } from '../text';
import { templateFiller, type StyleWriter } from './shared';

export const DIRECT_OPENERS: Record<QuestionKind, readonly string[]> = {
  how: [
    'The most reliable way to handle {a} is to start from {b} and keep {c} as simple as possible.',
    'To get {a} right, focus on {b} first; most of the rest follows from it.',
    'In practice, {a} comes down to {b} and a clear plan for {c}.',
  ],
  why: [
    'Mostly because {a} depends on {b}: when {b} changes, {a} follows.',
    'The short answer is that {a} is driven by {b}, with {c} as a secondary factor.',
    'It comes down to how {a} interacts with {b}; {c} only amplifies the effect.',
  ],
  what: [
    '{A} is best understood through {b}: it is what connects {b} with {c}.',
    'In short, {a} describes how {b} and {c} fit together.',
    '{A} is, at its simplest, a way of organising {b} around {c}.',
  ],
  compare: [
    'Neither option wins everywhere: {a} is stronger on {b}, while the alternative is better when {c} matters most.',
    'Choose based on {b}: {a} suits most cases, but {c} can tip the balance the other way.',
    'The deciding factor is usually {b}; compare {a} on that first and the choice becomes clear.',
  ],
  other: [
    'The key point about {a} is {b}.',
    'Start with {a}: it has the biggest influence on {b} and {c}.',
    'The most useful way to approach {a} is through {b}.',
  ],
};

export const SUPPORTING_POINTS = [
  'Keep {a} in view, because it has the biggest effect on the outcome.',
  'Check {b} early; problems there are cheap to fix at the start and expensive later.',
  'If {c} is not a constraint, the simplest approach is usually the right one.',
  'Measure before and after any change to {a}, so you know it actually helped.',
  'Treat {b} as the deciding factor and everything else as detail.',
  'Most difficulties with {a} trace back to unclear assumptions about {c}.',
  'Small, reversible changes to {b} are safer than one large rewrite.',
] as const;

const SUMMARIES = [
  '**In short:** {a} first, then {b}, then {c}.',
  '**Bottom line:** get {a} right and {b} becomes much easier.',
  '**TL;DR:** focus on {a}; revisit {b} only if it turns out to matter.',
] as const;

export const writeConcise: StyleWriter = (input) => {
  const { sampler, kind } = input;
  const fill = templateFiller(input);
  const points = sampler.pickSome(SUPPORTING_POINTS, sampler.int(3, 4)).map(fill);
  const paragraph = [fill(sampler.pick(DIRECT_OPENERS[kind])), ...points].join(' ');
  return `${paragraph}\n\n${fill(sampler.pick(SUMMARIES))}`;
};
