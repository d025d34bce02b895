/** `sceptic`: caveats, risks and counterpoints, then a hedged bottom line. */
import { templateFiller, type StyleWriter } from './shared';

const INTROS = [
  'Before settling on an answer about {a}, a few caveats are worth raising.',
  'The usual advice on {a} is not wrong, but it leaves out some important risks.',
  'It is worth being careful here: {a} is easier to get wrong than it looks.',
] as const;

export const CAVEATS = [
  '**Hidden assumption:** most advice about {a} assumes {b} is stable, which is often not the case.',
  '**Risk:** optimising for {b} can quietly make {c} worse.',
  '**Counterpoint:** for small cases, {a} may not be worth the added complexity at all.',
  '**Evidence:** claims about {b} are often based on anecdotes; look for measurements before trusting them.',
  '**Trade-off:** every gain in {b} is paid for somewhere, usually in {c} or in maintenance effort.',
  '**Edge cases:** {a} tends to fail at the boundaries, such as unusual inputs or a sudden change in {c}.',
  '**Uncertainty:** the right answer depends on context the question does not give, for example how much {d} matters.',
] as const;

const BOTTOM_LINES = [
  '**Bottom line:** {a} can work well, but only if you check {b} against your own situation rather than taking it on trust.',
  '**Bottom line:** go ahead with {a}, but test the assumptions about {c} first.',
  '**Bottom line:** treat any confident answer about {a} with caution until {b} has been measured.',
] as const;

export const writeSceptic: StyleWriter = (input) => {
  const { sampler } = input;
  const fill = templateFiller(input);
  const caveats = sampler.pickSome(CAVEATS, sampler.int(3, 5)).map((c) => `- ${fill(c)}`);
  return [fill(sampler.pick(INTROS)), caveats.join('\n'), fill(sampler.pick(BOTTOM_LINES))].join('\n\n');
};
