/** `explainer`: background, how it works, a worked example. */
import { templateFiller, type StyleWriter } from './shared';

export const BACKGROUND = [
  '{A} sits at the intersection of {b} and {c}, which is why it can seem confusing at first.',
  'At its core, {a} is about managing {b} so that the result stays predictable.',
  'Most of the confusion around {a} comes from mixing up {b} with {c}.',
  'Historically, {a} grew out of practical problems with {b}, and that origin still shapes how it is used.',
] as const;

const MECHANISM = [
  'The central idea is that {b} drives {a}: change {b}, and the behaviour of {a} changes with it.',
  'Think of {a} as a pipeline: {b} goes in, {c} constrains it, and the result comes out the other end.',
  'In practice, {a} works by breaking the problem into smaller parts, each handled through {b}.',
  'What makes {a} work is feedback: you adjust {b}, observe {c}, and repeat.',
] as const;

const EXAMPLES = [
  'Suppose {b} starts to become a bottleneck: the first move is to isolate {b}, then adjust {c} while watching the effect on {a}.',
  'For example, imagine a small project where {a} matters: a sensible first version focuses only on {b} and postpones {c}.',
  'A concrete case: if {c} doubles, {a} usually has to be revisited, starting with {b}.',
] as const;

const CLOSINGS = [
  'Once this picture of {a} is clear, the details of {b} and {c} are much easier to follow.',
  'With that background, the rest of {a} is mostly a matter of practice.',
] as const;

export const writeExplainer: StyleWriter = (input) => {
  const { sampler } = input;
  const fill = templateFiller(input);
  const background = sampler.pickSome(BACKGROUND, 2).map(fill).join(' ');
  const mechanism = sampler.pickSome(MECHANISM, sampler.int(1, 2)).map(fill).join(' ');
  return [
    `### Background\n${background}`,
    `### How it works\n${mechanism}`,
    `### Example\n${fill(sampler.pick(EXAMPLES))}`,
    fill(sampler.pick(CLOSINGS)),
  ].join('\n\n');
};
