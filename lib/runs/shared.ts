import 'server-only';
import { cache } from 'react';
import { versionLabel } from '../configs/server';
import { reduceEvents, type RunView } from '../run-view';
import { CONVERSATION_LIMITS } from '../moa/conversation';
import { isRunId } from './ids';
import type { StoredRunStatus } from './schema';
import { getRunStore } from './server';
import type { RunStore } from './store';
import type { RunTotals } from './totals';

export type SharedRunMeta = {
  id: string;
  status: StoredRunStatus;
  prompt: string;
  presetId: string | null;
  /** The saved config version it ran, while that config exists. */
  savedConfig: { name: string; version: number } | null;
  createdAt: string;
  finishedAt: string | null;
  /** A follow-up's earlier turns, first to last, each with its own page. */
  earlierTurns: { runId: string; prompt: string; finalText: string; totals?: RunTotals }[];
};
export type SharedRunData = { run: SharedRunMeta; view: RunView; lastSeq: number };

/** A stored run as the share page shows it, reduced from its events; null when there is none. Once per request. */
export const loadSharedRun = cache(async (id: string): Promise<SharedRunData | null> => {
  if (!isRunId(id)) return null;
  const store = await getRunStore();
  const row = await store.getRun(id);
  if (!row) return null;
  const [events, saved, chain] = await Promise.all([
    store.allEvents(id),
    versionLabel(row.configVersionId),
    row.parentRunId ? store.conversationChain(row.parentRunId, CONVERSATION_LIMITS.turns) : null,
  ]);
  return {
    run: {
      id: row.id,
      status: row.status,
      prompt: row.prompt,
      presetId: row.presetId,
      savedConfig: saved && { name: saved.name, version: saved.version },
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      earlierTurns: (chain ?? []).map((t) => ({ runId: t.id, prompt: t.prompt, finalText: t.finalText ?? '', ...(t.totals && { totals: t.totals }) })),
    },
    view: reduceEvents(events.map((e) => e.event)),
    lastSeq: events.at(-1)?.seq ?? -1,
  };
});

export type SharedComparison = { groupId: string; runs: Awaited<ReturnType<RunStore['listGroup']>> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The runs of one comparison, as its page shows them; null when there are none. Once per request. */
export const loadSharedComparison = cache(async (groupId: string): Promise<SharedComparison | null> => {
  if (!UUID.test(groupId)) return null;
  const runs = await (await getRunStore()).listGroup(groupId);
  return runs.length ? { groupId, runs } : null;
});
