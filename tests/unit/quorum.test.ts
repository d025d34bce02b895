// Quorum and early aggregation, through the real provider path against the fake server.
import { beforeEach, describe, expect, it } from 'vitest';
import { moaConfigSchema, type ResilienceInput } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { parseSynthesisResponses } from '@/lib/moa/prompts';
import { reduceEvents } from '@/lib/run-view';
import { useFakeProvider } from './helpers/fake-provider';

const fake = useFakeProvider();
beforeEach(() => fake.server.reset());

// 24 words each; the straggler streams 10× slower than the others.
const TEXT = Array.from({ length: 24 }, (_, i) => `word${i}`).join(' ');
const FAST_TPS = 60;

async function run(resilience: ResilienceInput) {
  const config = moaConfigSchema.parse({
    layers: [{ agents: ['a', 'b', 'slow'].map((m) => ({ model: `fake:${m}` })) }, { agents: [{ model: 'fake:agg' }] }],
    resilience,
  });
  const events: RunEvent[] = [];
  const started = performance.now();
  for await (const event of runMoA(config, 'Q', { resolveModel: fake.resolveModel })) events.push(event);
  const elapsedMs = performance.now() - started;
  const aggregator = fake.server.requests.find((r) => r.model === 'agg');
  const system = aggregator?.body.messages.find((m: { role: string }) => m.role === 'system')?.content as string | undefined;
  return { events, view: reduceEvents(events), elapsedMs, system };
}

describe('early aggregation', () => {
  /** Two fast proposers, one 10× slower, an instant aggregator. */
  const setModels = () => {
    fake.server.setModel('a', { text: `A ${TEXT}`, tokensPerSecond: FAST_TPS });
    fake.server.setModel('b', { text: `B ${TEXT}`, tokensPerSecond: FAST_TPS });
    fake.server.setModel('slow', { text: `S ${TEXT}`, tokensPerSecond: FAST_TPS / 10 });
    fake.server.setModel('agg', { text: 'Final.', tokensPerSecond: 0 });
  };
  beforeEach(setModels);

  it('with one proposer 10× slower, the run ends at least 50% sooner and the straggler’s request is aborted', async () => {
    const off = await run({ earlyAggregation: false });
    expect(off.view.status).toBe('finished');
    expect(off.view.layers[0].map((a) => a.status)).toEqual(['done', 'done', 'done']);
    expect(fake.server.closedByClient).toBe(0);

    fake.server.reset();
    setModels();
    const on = await run({ earlyAggregation: true, quorum: 2, graceMs: 100 });

    expect(on.view.status).toBe('finished');
    expect(on.elapsedMs).toBeLessThanOrEqual(0.5 * off.elapsedMs);
    // The straggler was cancelled upstream, and its cell says why.
    expect(fake.server.closedByClient).toBe(1);
    expect(fake.server.openStreams()).toBe(0);
    const straggler = on.view.layers[0][2];
    expect(straggler.status).toBe('cancelled');
    expect(straggler.error).toBe('Stopped by early aggregation: 2 of 3 agents had finished and the 0.1 s grace period ran out.');
    expect(straggler.text.length).toBeGreaterThan(0);
    // The aggregator got only the finished answers and was told one is missing.
    expect(parseSynthesisResponses(on.system!).map((r) => r.index)).toEqual([1, 2]);
    expect(on.system).toContain('2 of 3; 1 did not complete');
  }, 30_000);

  it('a straggler that finishes within the grace period is kept', async () => {
    fake.server.setModel('slow', { text: `S ${TEXT}`, tokensPerSecond: FAST_TPS / 2 });
    const { view, system } = await run({ earlyAggregation: true, quorum: 2, graceMs: 5_000 });
    expect(view.layers[0].map((a) => a.status)).toEqual(['done', 'done', 'done']);
    expect(parseSynthesisResponses(system!)).toHaveLength(3);
    expect(fake.server.closedByClient).toBe(0);
  }, 30_000);
});

describe('quorum', () => {
  beforeEach(() => {
    fake.server.setModel('a', { text: 'A.' });
    fake.server.setModel('b', { fault: { kind: 'status', status: 400 } });
    fake.server.setModel('slow', { fault: { kind: 'status', status: 400 } });
    fake.server.setModel('agg', { text: 'Final.' });
  });

  it('by default one finished agent is enough, and the next layer is told how many are missing', async () => {
    const { view, system } = await run({});
    expect(view.status).toBe('finished');
    expect(system).toContain('1 of 3; 2 did not complete');
  });

  it('a layer below its quorum fails the run with a reason, and the next layer never starts', async () => {
    const { view, events } = await run({ quorum: 2 });
    expect(view.status).toBe('failed');
    expect(view.error).toBe('Only 1 of 3 agents of layer 1 finished; the quorum is 2.');
    expect(events.some((e) => e.type === 'agent-started' && e.layer === 1)).toBe(false);
    expect(fake.server.requests.some((r) => r.model === 'agg')).toBe(false);
  });

  it('a quorum above a layer’s size means all of that layer (the aggregator layer has one agent)', async () => {
    fake.server.setModel('b', { text: 'B.' });
    fake.server.setModel('slow', { text: 'S.' });
    const { view } = await run({ quorum: 5 });
    expect(view.status).toBe('finished');
  });
});
