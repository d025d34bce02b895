/**
 * The simulated reasoning of an offline model that reasons (offline:stepwise): a short working
 * trace about the request's key terms, longer at higher levels. Plainly a simulation, like the
 * answers; it lets the reasoning feature be seen and tested with no key.
 */
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { OFFLINE_MODELS } from './catalog';
import { readPrompt } from './prompt';
import { keyTerms, questionKind } from './text';

const STEPS_PER_LEVEL = { low: 2, medium: 4, high: 7 } as const;
type Level = keyof typeof STEPS_PER_LEVEL;

/** The level an agent asked for (lib/models/reasoning.ts puts it under providerOptions.offline), when this model reasons. */
export function reasoningLevelOf(modelId: string, options: LanguageModelV4CallOptions): Level | null {
  if (!OFFLINE_MODELS.find((m) => m.id === modelId)?.reasoning) return null;
  const level = options.providerOptions?.offline?.reasoning;
  return typeof level === 'string' && level in STEPS_PER_LEVEL ? (level as Level) : null;
}

export function composeReasoning(options: LanguageModelV4CallOptions, level: Level): string {
  const { user } = readPrompt(options.prompt);
  const terms = keyTerms(user, 6);
  const [first = 'the request', second = first, third = second] = terms;
  const kind = questionKind(user);
  const steps = [
    `The request is about ${first}${terms.length > 1 ? ` and ${second}` : ''}; it reads as a ${kind} question.`,
    `What matters most: how ${first} works, then what follows from it for ${second}.`,
    `A plan in steps suits this: start from ${first}, then ${second}, then ${third}.`,
    `Check: does each step name something concrete, and is anything about ${third} missing?`,
    `A counterpoint worth one line: ${second} may not hold in every case.`,
    `Order the steps so each builds on the one before; keep the wording short.`,
    `Last check before answering: the plan covers ${terms.slice(0, 4).join(', ') || first}.`,
  ];
  return steps.slice(0, STEPS_PER_LEVEL[level]).join('\n');
}
