/** `stepwise`: a numbered plan, one phase per step. */
import { templateFiller, type StyleWriter } from './shared';

const INTROS = [
  'Here is a step-by-step approach to {a}:',
  "Let's work through {a} one step at a time:",
  'A structured way to tackle {a}:',
] as const;

/** Phases in order; each step is drawn from one phase. The last two phases are optional. */
export const PHASES: ReadonlyArray<readonly string[]> = [
  [
    '**Clarify the goal.** Decide what a good result for {a} looks like and how you will recognise it.',
    '**Define the scope.** Write down what {a} must cover and what is out of scope, especially around {b}.',
  ],
  [
    '**Gather the inputs.** Collect what you know about {b} and note any gaps.',
    '**Check the current state.** Look at the current behaviour of {b} before changing anything.',
  ],
  [
    '**Compare the options.** List two or three ways to handle {b} and weigh them against {c}.',
    '**Pick an approach.** Choose the option that handles {c} with the least complexity.',
  ],
  [
    '**Apply it in small steps.** Change one aspect of {a} at a time so each effect is visible.',
    '**Implement the core first.** Get {a} working end to end before refining {c}.',
  ],
  [
    '**Verify the result.** Test {a} against the goal from the first step and fix what falls short.',
    '**Measure the outcome.** Compare {b} before and after to confirm the change helped.',
  ],
  [
    '**Iterate.** Revisit {c} once the basics are stable; it is rarely right the first time.',
    '**Write down what you learned.** A short note on {a} and {d} saves time when you return to it.',
  ],
];

const CLOSINGS = [
  'Following these steps keeps {a} manageable and makes problems with {b} easy to spot.',
  'Each step is small, but together they cover {a} from start to finish.',
  'If a step reveals a problem with {b}, go back one step rather than pushing on.',
] as const;

export const writeStepwise: StyleWriter = (input) => {
  const { sampler } = input;
  const fill = templateFiller(input);
  const phases = PHASES.slice(0, sampler.int(PHASES.length - 2, PHASES.length));
  const steps = phases.map((phase, i) => `${i + 1}. ${fill(sampler.pick(phase))}`);
  return [fill(sampler.pick(INTROS)), steps.join('\n'), fill(sampler.pick(CLOSINGS))].join('\n\n');
};
