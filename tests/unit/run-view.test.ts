import { createUIMessageStreamResponse } from 'ai';
import { describe, expect, it } from 'vitest';
import { moaConfigSchema } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { readRunEvents } from '@/lib/browser/read-stream';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';
import { finalAgent, initialRunView, reduceEvents, reduceRun } from '@/lib/run-view';
import { mockModel } from './helpers/mock-models';

const config = moaConfigSchema.parse({
  layers: [{ agents: [{ model: 'mock:a' }, { model: 'mock:b' }] }, { agents: [{ model: 'mock:agg' }] }],
});
const models = {
  a: mockModel('a', { text: 'alpha beta gamma', delayMs: 1 }),
  b: mockModel('b', { failWith: new Error('rate limited') }),
  agg: mockModel('agg', { text: 'the **final** answer', delayMs: 1 }),
};
const resolveModel = (id: string) => models[id.slice(5) as keyof typeof models];

async function collect<T>(iterable: AsyncIterable<T>) {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

describe('reduceRun', () => {
  it('turns a run’s events into the grid the user sees', async () => {
    const events = await collect(runMoA(config, 'Q?', { resolveModel, maxRetries: 0 }));
    const view = reduceEvents(events);
    expect(view.status).toBe('finished');
    expect(view.prompt).toBe('Q?');
    expect(view.layers.map((l) => l.map((a) => a.status))).toEqual([['done', 'failed'], ['done']]);
    expect(view.layers[0][0]).toMatchObject({ model: 'mock:a', text: 'alpha beta gamma', usage: { inputTokens: 10, outputTokens: 5 } });
    expect(view.layers[0][1].error).toContain('rate limited');
    expect(finalAgent(view)?.text).toBe('the **final** answer');
    expect(view.finalText).toBe('the **final** answer');
    expect(view.usage).toMatchObject({ inputTokens: 20, outputTokens: 10 });
  });

  it('shows text mid-stream and leaves untouched cells as they were', () => {
    const started = reduceEvents([
      { type: 'run-started', t: 0, startedAt: '2026-01-01T00:00:00Z', config, prompt: 'Q' },
      { type: 'agent-started', t: 1, layer: 0, agent: 0, model: 'mock:a' },
      { type: 'agent-started', t: 1, layer: 0, agent: 1, model: 'mock:b' },
    ]);
    const next = reduceRun(started, { type: 'agent-delta', t: 5, layer: 0, agent: 0, text: 'Hel' });
    const after = reduceRun(next, { type: 'agent-delta', t: 6, layer: 0, agent: 0, text: 'lo' });
    expect(after.layers[0][0]).toMatchObject({ status: 'streaming', text: 'Hello' });
    expect(after.layers[0][1]).toBe(started.layers[0][1]);
    expect(after.layers[1]).toBe(started.layers[1]);
    expect(after.lastT).toBe(6);
  });

  it('ignores events for agents that do not exist', () => {
    const view = reduceRun(initialRunView, { type: 'agent-delta', t: 1, layer: 3, agent: 9, text: 'x' });
    expect(view).toBe(initialRunView);
  });
});

describe('run stream transport', () => {
  it('carries every event through the AI SDK UI message stream, deltas coalesced but complete and in order', async () => {
    const events = await collect(runMoA(config, 'Q?', { resolveModel, maxRetries: 0 }));
    async function* replay(): AsyncGenerator<RunEvent> {
      yield* events;
    }
    const response = createUIMessageStreamResponse({ stream: runEventsToUIStream(replay()) });
    const received = await collect(readRunEvents(response.body!));

    const withoutDeltas = (list: RunEvent[]) => list.filter((e) => e.type !== 'agent-delta');
    expect(withoutDeltas(received)).toEqual(withoutDeltas(events));
    expect(reduceEvents(received)).toEqual(reduceEvents(events));
    // Deltas of one agent never arrive after its finished event.
    const finishedAt = received.findIndex((e) => e.type === 'agent-finished' && e.layer === 0 && e.agent === 0);
    const lastDeltaAt = received.findLastIndex((e) => e.type === 'agent-delta' && e.layer === 0 && e.agent === 0);
    expect(lastDeltaAt).toBeLessThan(finishedAt);
  });
});
