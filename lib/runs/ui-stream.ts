import { createUIMessageStream, type UIMessage } from 'ai';
import { describeError } from '../moa/errors';
import type { RunEvent } from '../moa/events';

/** The data parts a run stream carries: every run event, under one part type. */
export type RunUIMessage = UIMessage<unknown, { run: RunEvent }>;

/** Deltas of one agent arriving within this window go out as one part. */
export const DELTA_FLUSH_MS = 16;

/**
 * Turns run events into an AI SDK UI message stream. Text deltas are coalesced per agent
 * and sent as transient parts (the client accumulates them; nothing is reconciled); every
 * other event goes out as it comes, after the deltas pending before it, so order holds.
 */
export function runEventsToUIStream(events: AsyncIterable<RunEvent>) {
  return createUIMessageStream<RunUIMessage>({
    execute: async ({ writer }) => {
      const pending = new Map<string, Extract<RunEvent, { type: 'agent-delta' }>>();
      let timer: ReturnType<typeof setTimeout> | null = null;
      const flush = () => {
        if (timer) clearTimeout(timer), (timer = null);
        for (const delta of pending.values()) writer.write({ type: 'data-run', data: delta, transient: true });
        pending.clear();
      };
      try {
        for await (const event of events) {
          if (event.type === 'agent-delta') {
            const key = `${event.layer}.${event.agent}`;
            const earlier = pending.get(key);
            pending.set(key, earlier ? { ...earlier, t: event.t, text: earlier.text + event.text } : event);
            timer ??= setTimeout(flush, DELTA_FLUSH_MS);
          } else {
            flush();
            writer.write({ type: 'data-run', data: event });
          }
        }
      } finally {
        flush();
      }
    },
    onError: describeError,
  });
}
