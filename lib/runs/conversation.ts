import 'server-only';
import { CONVERSATION_LIMITS, historyProblem, type ConversationMessage } from '../moa/conversation';
import type { RunStore } from './store';

/** Where a follow-up sits: its history (from the stored turns, never from the client) and its place. */
export type FollowUp = { history: ConversationMessage[]; parentRunId: string; conversationId: string; turn: number };
export type FollowUpRefusal = { status: 404 | 409 | 413; error: string; details?: string[] };

/**
 * The conversation a follow-up of `parentRunId` continues: each earlier turn's prompt and final
 * answer, read from the stored runs. A run id is the capability to read the run and the turns
 * before it, so whoever holds it may continue from it (a fork: the new turn is theirs, and
 * reads nothing they could not read). Only a turn that finished with an answer can be followed up.
 */
export async function followUpOf(store: RunStore, parentRunId: string): Promise<FollowUp | FollowUpRefusal> {
  const chain = await store.conversationChain(parentRunId, CONVERSATION_LIMITS.turns);
  const parent = chain?.at(-1);
  if (!chain || !parent) return { status: 404, error: 'There is no run with that id to follow up.' };
  if (chain[0].parentRunId) {
    return { status: 413, error: `A conversation holds at most ${CONVERSATION_LIMITS.turns} turns.`, details: ['Start a new conversation, or follow up an earlier turn.'] };
  }
  const unfinished = chain.find((turn) => turn.status !== 'finished' || !turn.finalText);
  if (unfinished) {
    return {
      status: 409,
      error: `Turn ${unfinished.turn} ${unfinished.status === 'running' ? 'is still running' : `has no final answer (${unfinished.status})`}: only a finished turn can be followed up.`,
      details: ['Edit and resend that turn instead, or follow up an earlier one.'],
    };
  }
  const history = chain.flatMap((turn): ConversationMessage[] => [
    { role: 'user', content: turn.prompt },
    { role: 'assistant', content: turn.finalText! },
  ]);
  const problem = historyProblem(history);
  if (problem) return { status: 413, error: problem };
  return { history, parentRunId, conversationId: parent.conversationId ?? chain[0].id, turn: parent.turn + 1 };
}

export const isFollowUpRefusal = (value: FollowUp | FollowUpRefusal): value is FollowUpRefusal => 'error' in value;
