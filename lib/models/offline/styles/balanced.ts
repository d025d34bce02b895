/**
 * `balanced`: a little of every style, for the aggregator when it has nothing to aggregate
 * (in the first layer it acts as a proposer).
 */
import { DIRECT_OPENERS } from './concise';
import { BACKGROUND } from './explainer';
import { CAVEATS } from './sceptic';
import { templateFiller, type StyleWriter } from './shared';
import { PHASES } from './stepwise';

const CLOSINGS = [
  'Taken together, these points give a solid starting point for {a}.',
  'Start with the first point and work down; {b} can wait until the basics are in place.',
] as const;

export const writeBalanced: StyleWriter = (input) => {
  const { sampler, kind } = input;
  const fill = templateFiller(input);
  const opening = [sampler.pick(DIRECT_OPENERS[kind]), sampler.pick(BACKGROUND)].map(fill).join(' ');
  const points = [...sampler.pickSome(PHASES.slice(0, 5), 3).map((phase) => sampler.pick(phase)), sampler.pick(CAVEATS)];
  return [opening, `**Key points**\n${points.map((p) => `- ${fill(p)}`).join('\n')}`, fill(sampler.pick(CLOSINGS))].join('\n\n');
};
