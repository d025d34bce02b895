import { createUIMessageStream, type UIMessage } from 'ai';
import { describeError } from '../moa/errors';
import { isDelta, type DeltaEvent, type RunEvent } from '../moa/events';

/** The data parts a run stream carries: every run event, under one part type. */
export type RunUIMessage = UIMessage<unknown, { run: RunEvent }>;

/**
 * Turns run events into an AI SDK UI message stream. Text deltas (answer and reasoning) are sent as transient parts
 * (the client accumulates them; nothing is reconciled), those of one agent that arrive in one
 * burst (the recorder forwards each committed batch at once) joined into one part; every other
 * event goes out as it comes, after the deltas pending before it, so order holds.
 */
export function runEventsToUIStream(events: AsyncIterable<RunEvent>) {
  return createUIMessageStream<RunUIMessage>({
    execute: async ({ writer }) => {
      const pending = new Map<string, DeltaEvent>();
      let scheduled: ReturnType<typeof setImmediate> | null = null;
      const flush = () => {
        if (scheduled) clearImmediate(scheduled), (scheduled = null);
        for (const delta of pending.values()) writer.write({ type: 'data-run', data: delta, transient: true });
        pending.clear();
      };
      try {
        for await (const event of events) {
          if (isDelta(event)) {
            const key = `${event.type}.${event.layer}.${event.agent}`;
            // The agent's other kind of text is pending: send it first, so the two keep their order.
            if (pending.has(`${event.type === 'agent-delta' ? 'agent-reasoning-delta' : 'agent-delta'}.${event.layer}.${event.agent}`)) flush();
            const earlier = pending.get(key);
            pending.set(key, earlier ? { ...earlier, t: event.t, text: earlier.text + event.text } : event);
            // At the end of this burst: waiting any longer would only add latency.
            scheduled ??= setImmediate(flush);
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
