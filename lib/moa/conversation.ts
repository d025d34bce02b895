import { z } from 'zod';

/**
 * A conversation as every agent sees it: the earlier user turns and the MoA's final answers,
 * then this turn's request. Earlier intermediate answers are never part of it (as the MoA
 * reference bot): each turn's layers start from the conversation, not from old proposals.
 */
export type ConversationMessage = { role: 'user' | 'assistant'; content: string };

/** Turns a conversation may hold (this one included), and characters of its earlier turns. */
export const CONVERSATION_LIMITS = { turns: 20, historyChars: 200_000 } as const;

export const conversationMessageSchema = z.object({ role: z.enum(['user', 'assistant']), content: z.string() });

/** The messages of a turn: its history, then `prompt` as the user's latest message. */
export const messagesOf = (prompt: string, history: readonly ConversationMessage[] = []): ConversationMessage[] => [...history, { role: 'user', content: prompt }];

/** Splits messages into the history and the latest request; the last message must be the user's. */
export function splitMessages(messages: readonly ConversationMessage[]): { history: ConversationMessage[]; prompt: string } {
  const last = messages.at(-1);
  if (!last || last.role !== 'user') throw new Error('A conversation must end with a user message.');
  return { history: messages.slice(0, -1), prompt: last.content };
}

/** Why a history cannot be sent, or null: alternating user/assistant pairs within the limits. */
export function historyProblem(history: readonly ConversationMessage[]): string | null {
  if (history.length % 2 !== 0 || history.some((m, i) => m.role !== (i % 2 === 0 ? 'user' : 'assistant'))) {
    return 'A conversation alternates user turns and answers.';
  }
  const turns = history.length / 2 + 1;
  if (turns > CONVERSATION_LIMITS.turns) return `A conversation holds at most ${CONVERSATION_LIMITS.turns} turns; this would be turn ${turns}. Start a new conversation.`;
  const chars = history.reduce((n, m) => n + m.content.length, 0);
  if (chars > CONVERSATION_LIMITS.historyChars) {
    return `The conversation's earlier turns hold ${chars.toLocaleString('en-US')} characters, over the ${CONVERSATION_LIMITS.historyChars.toLocaleString('en-US')} a turn may carry. Start a new conversation.`;
  }
  return null;
}
