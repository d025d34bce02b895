import { countTokens as count } from 'gpt-tokenizer/encoding/o200k_base';

// Special-token text in a prompt is ordinary text to us; the default would throw on it.
export const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Token count by the o200k tokenizer: exact for recent OpenAI models, an estimate elsewhere. */
export function countTokens(text: string): number {
  return text ? count(text, PLAIN_TEXT) : 0;
}
