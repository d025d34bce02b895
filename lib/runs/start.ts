import 'server-only';
import { agentBounds, checkBudget, contextOverflows, estimateRunCost, withAccounting } from '../moa/budget';
import { modelsOf, type MoAConfig } from '../moa/config';
import { messagesOf, type ConversationMessage } from '../moa/conversation';
import { runMoA } from '../moa/engine';
import type { RunEvent } from '../moa/events';
import { resolveRunModels } from '../models/pricing';
import { reasoningProblems } from '../models/reasoning-support';
import { getModelCalls, getModelRegistry } from '../models/server';
import { countTokens } from '../tokens';
import { recordRun, type RunMeta } from './recorder';
import { traced } from './tracing';
import { getRunStore } from './server';
import type { RunStore } from './store';

/**
 * How a run starts, wherever it is asked for (POST /api/runs, an evaluation's items): the
 * same checks, engine, accounting and recording, so every kind of run is stored and costed alike.
 */

/** Why a run may not start: its models or their reasoning settings (400), context or budget (422), in lines a user can act on. */
export type RunRefusal = {
  status: 400 | 422; reason: 'models' | 'reasoning' | 'context' | 'budget'; error: string; details: string[];
  /** A follow-up that overflows: how many of its oldest turns to leave out so that it fits. */
  dropOldestTurns?: number;
};

/** `id: why` for each model that cannot be used now; empty when all can. */
export function unavailableModels(ids: readonly string[]): string[] {
  const registry = getModelRegistry();
  return ids.flatMap((id) => {
    const problem = registry.check(id);
    return problem ? [`${id}: ${problem}`] : [];
  });
}

/** Null when a run of `config` on `prompt` (after `history`, for a follow-up) may start now. */
export function refuseRun(config: MoAConfig, prompt: string, history: readonly ConversationMessage[] = []): RunRefusal | null {
  const problems = unavailableModels(modelsOf(config));
  if (problems.length) return { status: 400, reason: 'models', error: 'The configuration uses models that are not available.', details: problems };
  // Refused here, before any call: a provider would reject it, or ignore it and bill a run that is not what was asked.
  const reasoning = reasoningProblems(config);
  if (reasoning.length) return { status: 400, reason: 'reasoning', error: 'Reasoning is set on agents whose model does not reason.', details: reasoning };
  const messages = messagesOf(prompt, history);
  // A follow-up's history grows every turn: say which agent would not fit before any call.
  if (history.length) {
    const registry = getModelRegistry();
    const overflowsWith = (earlier: readonly ConversationMessage[]) => contextOverflows(agentBounds(config, messagesOf(prompt, earlier), countTokens), registry.contextWindow);
    const overflows = overflowsWith(history);
    if (overflows.length) {
      // The fewest oldest turns (user prompt and answer) to leave out so that every agent fits.
      const turns = history.length / 2;
      const drop = Array.from({ length: turns }, (_, i) => i + 1).find((n) => !overflowsWith(history.slice(2 * n)).length);
      return {
        status: 422,
        reason: 'context',
        error: 'This turn could overflow a model’s context window, so it was not started.',
        details: [
          ...overflows,
          drop
            ? `Without its oldest ${drop === 1 ? 'turn' : `${drop} turns`} it fits: follow up without ${drop === 1 ? 'it' : 'them'} (the agents then do not see ${drop === 1 ? 'it' : 'them'}), start a new conversation, or lower those agents’ max output tokens.`
            : 'Even without its earlier turns it would not fit: shorten the prompt, or lower those agents’ max output tokens.',
        ],
        ...(drop && { dropOldestTurns: drop }),
      };
    }
  }
  // The estimate tokenizes every agent's input: only worth it when there is a budget to check.
  if (config.budgetUsd === undefined) return null;
  const { prices } = resolveRunModels(modelsOf(config), config.pricing);
  const overBudget = checkBudget(config.budgetUsd, estimateRunCost(config, messages, prices, countTokens));
  return overBudget.length ? { status: 422, reason: 'budget', error: 'The run was not started: it could exceed its budget.', details: overBudget } : null;
}

/**
 * Runs `meta.config` on `meta.prompt`, recorded as it streams (lib/runs/recorder.ts); the
 * run-started event carries its share id. Aborting `signal` (or leaving the stream early)
 * stops every model call and the run is stored as cancelled. Check `refuseRun` first.
 */
export function startRecordedRun(meta: RunMeta, signal?: AbortSignal, store: Promise<RunStore> = getRunStore()): AsyncIterable<RunEvent> {
  const { config, prompt } = meta;
  const messages = messagesOf(prompt, meta.followUp?.history ?? meta.history);
  // Prices are fixed now and travel in run-started, so a stored run costs the same on replay.
  const { prices, parameters } = resolveRunModels(modelsOf(config), config.pricing);
  const registry = getModelRegistry();
  const budgetStop = new AbortController();
  return traced(recordRun(
    meta,
    (recording) =>
      withAccounting(
        runMoA(config, messages, { resolveModel: registry.resolve, streamCall: getModelCalls().call, signal: AbortSignal.any([recording, budgetStop.signal]) }),
        { prices, parameters, abort: budgetStop, count: countTokens },
      ),
    { store, signal },
  ));
}
