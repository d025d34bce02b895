/** Reads what an offline model needs out of an AI SDK prompt. */
import type { LanguageModelV4Prompt } from '@ai-sdk/provider';

export type PromptView = {
  /** Text of the last user message: the request being answered. */
  user: string;
  /** Earlier user messages of a conversation, oldest first: what a follow-up refers back to. */
  earlier: string;
  /** All system messages; an aggregator finds the candidate responses here. */
  system: string;
  /** Every piece of text in the prompt, for counting input tokens and seeding. */
  all: string;
};

export function readPrompt(prompt: LanguageModelV4Prompt): PromptView {
  const texts = (message: LanguageModelV4Prompt[number]): string[] =>
    message.role === 'system'
      ? [message.content]
      : message.content.flatMap((part) => ('text' in part && typeof part.text === 'string' ? [part.text] : []));
  const lastUser = prompt.findLast((m) => m.role === 'user');
  return {
    user: lastUser ? texts(lastUser).join('\n') : '',
    earlier: prompt.filter((m) => m.role === 'user' && m !== lastUser).flatMap(texts).join('\n'),
    system: prompt.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n'),
    all: prompt.flatMap(texts).join('\n'),
  };
}
