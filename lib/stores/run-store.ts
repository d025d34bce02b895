'use client';

import { create, createStore, type StateCreator } from 'zustand';
import type { MoAConfig } from '../moa/config';
import type { RunEvent } from '../moa/events';
import { createFrameBatcher } from '../frame-batcher';
import { initialRunView, reduceEvents, type RunView } from '../run-view';
import { ApiError, fetchApi } from '../browser/fetch-api';

export type RunState = {
  view: RunView;
  /** Set while a request is open. */
  running: boolean;
  /** A request-level error (bad config, network): the run never started or its stream broke. */
  requestError: { message: string; details?: string[]; needsPassword?: boolean } | null;
  start(config: MoAConfig, prompt: string, meta?: { presetId?: string | null }): Promise<void>;
  stop(): void;
  reset(): void;
};

/** One run's state and its request; each store drives its own run (the page's, or a compare pane's). */
const runState: StateCreator<RunState> = (set, get) => {
  let controller: AbortController | null = null;
  // Events are applied at most once per animation frame, however fast they arrive.
  const events = createFrameBatcher<RunEvent>((batch) => set({ view: reduceEvents(batch, get().view) }));

  return {
    view: initialRunView,
    running: false,
    requestError: null,

    async start(config, prompt, meta) {
      controller?.abort();
      const own = (controller = new AbortController());
      events.clear();
      set({ view: initialRunView, running: true, requestError: null });
      // The stream parser (the AI SDK's) is loaded with the first run, not with the page.
      const reader = import('../runs/read-stream');
      try {
        const response = await fetchApi('/api/runs', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ config, prompt, presetId: meta?.presetId ?? undefined }),
          signal: own.signal,
        });
        if (!response.body) throw new Error('The server answered without a stream.');
        const { readRunEvents } = await reader;
        for await (const event of readRunEvents(response.body)) events.push(event);
      } catch (error) {
        if (own.signal.aborted) return;
        set({
          requestError:
            error instanceof ApiError
              ? { message: error.message, details: error.details, needsPassword: error.needsPassword }
              : { message: error instanceof Error ? error.message : String(error) },
        });
      } finally {
        if (controller === own) {
          events.flush();
          controller = null;
          // Stopped by the user: the server aborted every call; show it as cancelled here.
          const view = get().view;
          if (own.signal.aborted && view.status === 'running') set({ view: markCancelled(view) });
          set({ running: false });
        }
      }
    },

    stop() {
      controller?.abort();
    },

    reset() {
      controller?.abort();
      set({ view: initialRunView, requestError: null });
    },
  };
};

export const useRunStore = create<RunState>()(runState);

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
