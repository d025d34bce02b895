'use client';

import { create, createStore, type StateCreator } from 'zustand';
import type { MoAConfig } from '../moa/config';
import { initialRunView, reduceEvents, type RunView } from '../run-view';
import { ApiError, fetchJson } from '../browser/fetch-api';
import type { RunEvent } from '../moa/events';
import { streamRunEvents } from '../browser/run-stream';

/** Where a run goes in the conversation on the page: after its first `keep` turns (the current one included). */
export type RunPlacement = { keep: number };

export type RunState = {
  view: RunView;
  /** The conversation's turns before the current one (`view`), first to last: finished runs. */
  turns: RunView[];
  /** Set while a request is open. */
  running: boolean;
  /** A request-level error (bad config, network): the run never started or its stream broke. */
  requestError: {
    message: string; details?: string[]; needsPassword?: boolean;
    /** The server's fix for a follow-up that overflows: the same follow-up without its oldest turns. */
    dropOldestTurns?: { turns: number; retry: () => Promise<void> };
  } | null;
  /**
   * Starts a run: a new conversation, or with `conversation` a turn after the first `keep`
   * turns of this one (all of them: a follow-up; fewer: an edited turn, a new branch).
   */
  start(config: MoAConfig, prompt: string, meta?: { presetId?: string | null; groupId?: string; configVersionId?: string; conversation?: RunPlacement; dropOldestTurns?: number }): Promise<void>;
  /** Shows the conversation that run `runId` ends (its stored turns), following its last turn if it still runs. */
  restore(runId: string): Promise<void>;
  stop(): void;
  reset(): void;
};

/** One run's state and its request; each store drives its own run (the page's, or a compare pane's). */
const runState: StateCreator<RunState> = (set, get) => {
  let controller: AbortController | null = null;

  return {
    view: initialRunView,
    turns: [],
    running: false,
    requestError: null,

    async start(config, prompt, meta) {
      controller?.abort();
      const own = (controller = new AbortController());
      const before = { view: get().view, turns: get().turns };
      const turns = meta?.conversation ? conversationTurns(before).slice(0, meta.conversation.keep) : [];
      const parentRunId = turns.at(-1)?.runId;
      set({ view: initialRunView, turns, running: true, requestError: null });
      try {
        await streamRunEvents(
          '/api/runs',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ config, prompt, presetId: meta?.presetId ?? undefined, groupId: meta?.groupId, configVersionId: meta?.configVersionId, parentRunId, dropOldestTurns: meta?.dropOldestTurns }),
            signal: own.signal,
          },
          // A run started since takes over the store: this one's last events are dropped.
          (batch) => controller === own && set({ view: reduceEvents(batch, get().view) }),
        );
      } catch (error) {
        if (own.signal.aborted) return;
        // Refused before it started (a 4xx): the conversation stays as it was.
        if (get().view.status === 'idle') set(before);
        set({
          requestError:
            error instanceof ApiError
              ? {
                  message: error.message,
                  details: error.details,
                  needsPassword: error.needsPassword,
                  ...(error.fix && meta?.conversation && {
                    dropOldestTurns: { turns: error.fix.dropOldestTurns, retry: () => get().start(config, prompt, { ...meta, dropOldestTurns: error.fix!.dropOldestTurns }) },
                  }),
                }
              : { message: error instanceof Error ? error.message : String(error) },
        });
      } finally {
        if (controller === own) {
          controller = null;
          // Stopped by the user: the server aborted every call; show it as cancelled here.
          const view = get().view;
          if (own.signal.aborted && view.status === 'running') set({ view: markCancelled(view) });
          set({ running: false });
        }
      }
    },

    async restore(runId) {
      controller?.abort();
      const own = (controller = new AbortController());
      try {
        const { turns } = await fetchJson<{ turns: { id: string; events: RunEvent[]; lastSeq: number }[] }>(`/api/runs/${runId}/conversation`, { signal: own.signal });
        if (controller !== own || !turns.length) return;
        const views = turns.map((t) => reduceEvents(t.events));
        set({ turns: views.slice(0, -1), view: views.at(-1)!, requestError: null });
        const last = turns.at(-1)!;
        if (views.at(-1)!.status === 'running') {
          await streamRunEvents(`/api/runs/${last.id}/stream?after=${last.lastSeq}`, { signal: own.signal }, (batch) => controller === own && set({ view: reduceEvents(batch, get().view) }));
        }
      } catch {
        // Gone (deleted, another server's storage): there is nothing to show again.
      } finally {
        if (controller === own) controller = null;
      }
    },

    stop() {
      controller?.abort();
    },

    reset() {
      controller?.abort();
      set({ view: initialRunView, turns: [], requestError: null });
    },
  };
};

export const useRunStore = create<RunState>()(runState);

/** Every turn of the conversation on the page that a follow-up can build on: the earlier ones, and the current one once finished. */
export function conversationTurns({ view, turns }: Pick<RunState, 'view' | 'turns'>): RunView[] {
  return view.status === 'finished' && view.runId ? [...turns, view] : turns;
}

/** A run store of its own, e.g. for a pane of a comparison. */
export const createRunViewStore = () => createStore<RunState>()(runState);

function markCancelled(view: RunView): RunView {
  return {
    ...view,
    status: 'cancelled',
    layers: view.layers.map((layer) =>
      layer.map((agent) => (agent.status === 'waiting' || agent.status === 'streaming' ? { ...agent, status: 'cancelled' as const } : agent)),
    ),
  };
}
