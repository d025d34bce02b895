import { describe, expect, it } from 'vitest';
import { moaConfigSchema, type MoAConfig } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { mockModel, promptOf, type MockAgentBehaviour, type MockModel } from './helpers/mock-models';

function setup(layers: Record<string, MockAgentBehaviour>[]) {
  const models = new Map<string, MockModel>();
  for (const layer of layers) for (const [id, behaviour] of Object.entries(layer)) models.set(id, mockModel(id, behaviour));
  const config: MoAConfig = moaConfigSchema.parse({
    layers: layers.map((layer) => ({ agents: Object.keys(layer).map((id) => ({ model: `mock:${id}`, temperature: 0 })) })),
  });
  const resolveModel = (id: string) => models.get(id.slice('mock:'.length))!;
  return { models, config, resolveModel };
}

async function collect(events: AsyncIterable<RunEvent>, onEvent?: (e: RunEvent) => void) {
  const all: RunEvent[] = [];
  for await (const event of events) {
    all.push(event);
    onEvent?.(event);
  }
  return all;
}

const types = (events: RunEvent[]) => events.map((e) => e.type);

describe('runMoA', () => {
  it('runs layers in order, agents of a layer concurrently, and ends with the aggregator’s answer', async () => {
    const { config, resolveModel } = setup([
      { a: { delayMs: 20 }, b: { delayMs: 20 }, c: { delayMs: 20 } },
      { d: { delayMs: 5 }, e: { delayMs: 5 } },
      { agg: { text: 'The final synthesis.' } },
    ]);
    const events = await collect(runMoA(config, 'What is MoA?', { resolveModel }));

    expect(events[0].type).toBe('run-started');
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', finalText: 'The final synthesis.' });

    // Every agent of layer 1 starts before any of them finishes: they run concurrently.
    const firstFinish = events.findIndex((e) => e.type === 'agent-finished');
    const layer1Starts = events.flatMap((e, i) => (e.type === 'agent-started' && e.layer === 0 ? [i] : []));
    expect(layer1Starts).toHaveLength(3);
    expect(Math.max(...layer1Starts)).toBeLessThan(firstFinish);

    // A layer starts only once the previous one has ended.
    for (const layer of [1, 2]) {
      const previousEnd = events.findIndex((e) => e.type === 'layer-finished' && e.layer === layer - 1);
      const firstStart = events.findIndex((e) => e.type === 'agent-started' && e.layer === layer);
      expect(previousEnd).toBeGreaterThan(-1);
      expect(firstStart).toBeGreaterThan(previousEnd);
    }

    // Deltas of an agent add up to its final text.
    const streamed = events.filter((e) => e.type === 'agent-delta' && e.layer === 2).map((e) => (e as { text: string }).text).join('');
    expect(streamed).toBe('The final synthesis.');
  });

  it('gives each later agent the prompt and every numbered answer of the layer before', async () => {
    const { config, resolveModel, models } = setup([
      { p1: { text: 'Paris is the capital.' }, p2: { text: 'It is Paris.' } },
      { agg: {} },
    ]);
    await collect(runMoA(config, 'Capital of France?', { resolveModel }));

    const [p1Call] = models.get('p1')!.calls;
    expect(promptOf(p1Call)).toEqual({ system: '', user: 'Capital of France?' });

    const { system, user } = promptOf(models.get('agg')!.calls[0]);
    expect(user).toBe('Capital of France?');
    expect(system).toContain(config.synthesisPrompt);
    expect(system).toContain('<response n="1">\nParis is the capital.\n</response>');
    expect(system).toContain('<response n="2">\nIt is Paris.\n</response>');
  });

  it('passes each agent its own settings and system prompt', async () => {
    const model = mockModel('x');
    const config = moaConfigSchema.parse({
      layers: [{ agents: [{ model: 'mock:x', temperature: 1.3, topP: 0.9, maxOutputTokens: 77, systemPrompt: 'Be terse.' }] }],
    });
    await collect(runMoA(config, 'Hi', { resolveModel: () => model }));
    expect(model.calls[0]).toMatchObject({ temperature: 1.3, topP: 0.9, maxOutputTokens: 77 });
    expect(promptOf(model.calls[0]).system).toBe('Be terse.');
  });

  it('sums usage per run and estimates, marked, when a provider reports none', async () => {
    const { config, resolveModel } = setup([
      { a: { usage: { input: 100, output: 40 } }, b: { usage: { input: 120, output: 60 } }, c: { usage: null, text: 'four words of text' } },
      { agg: { usage: { input: 300, output: 80 } } },
    ]);
    const events = await collect(runMoA(config, 'Q', { resolveModel }));
    const finishedC = events.find((e) => e.type === 'agent-finished' && e.agent === 2 && e.layer === 0);
    expect(finishedC).toMatchObject({ usage: { outputTokens: 4, estimated: true } });
    const estimatedInput = (finishedC as Extract<RunEvent, { type: 'agent-finished' }>).usage.inputTokens;
    expect(estimatedInput).toBeGreaterThan(0);

    const end = events.at(-1) as Extract<RunEvent, { type: 'run-finished' }>;
    expect(end.usage).toMatchObject({
      inputTokens: 100 + 120 + estimatedInput + 300,
      outputTokens: 40 + 60 + 4 + 80,
      totalTokens: 100 + 120 + estimatedInput + 300 + 40 + 60 + 4 + 80,
      estimated: true,
    });
  });

  it('goes on without a failed agent and tells the aggregator how many answers are missing', async () => {
    const { config, resolveModel, models } = setup([
      { ok1: { text: 'First answer.' }, broken: { failWith: new Error('HTTP 500 upstream exploded') }, ok2: { text: 'Second answer.' } },
      { agg: {} },
    ]);
    const events = await collect(runMoA(config, 'Q', { resolveModel, maxRetries: 0 }));
    expect(events.find((e) => e.type === 'agent-failed')).toMatchObject({ layer: 0, agent: 1, cancelled: false, error: expect.stringContaining('upstream exploded') });
    expect(events.find((e) => e.type === 'layer-finished' && e.layer === 0)).toMatchObject({ succeeded: 2, failed: 1 });
    expect(events.at(-1)?.type).toBe('run-finished');

    const { system } = promptOf(models.get('agg')!.calls[0]);
    expect(system).toContain('2 of 3; 1 did not complete');
    expect(system).toContain('<response n="1">\nFirst answer.');
    expect(system).toContain('<response n="3">\nSecond answer.');
    expect(system).not.toContain('<response n="2">');
  });

  it('keeps the partial text of an agent whose stream breaks', async () => {
    const { config, resolveModel } = setup([{ a: { text: 'one two three four', failAfter: 2 } }]);
    const events = await collect(runMoA(config, 'Q', { resolveModel, maxRetries: 0 }));
    expect(events.find((e) => e.type === 'agent-failed')).toMatchObject({ text: 'one two ', error: expect.stringContaining('broke mid-stream') });
    expect(events.at(-1)).toMatchObject({ type: 'run-failed', error: 'Every agent of layer 1 failed.' });
  });

  it('fails the run when a whole layer fails, and never starts the next layer', async () => {
    const { config, resolveModel, models } = setup([{ a: { failWith: new Error('nope') }, b: { failWith: new Error('nope') } }, { agg: {} }]);
    const events = await collect(runMoA(config, 'Q', { resolveModel, maxRetries: 0 }));
    expect(events.at(-1)?.type).toBe('run-failed');
    expect(models.get('agg')!.calls).toHaveLength(0);
  });

  it('cancelling aborts every running call and starts nothing more', async () => {
    const { config, resolveModel, models } = setup([
      { a: { delayMs: 30, text: 'a b c d e f g h' }, b: { delayMs: 30, text: 'a b c d e f g h' } },
      { agg: {} },
    ]);
    const controller = new AbortController();
    const events = await collect(runMoA(config, 'Q', { resolveModel, signal: controller.signal }), (e) => {
      if (e.type === 'agent-delta') controller.abort();
    });
    expect(models.get('a')!.aborted && models.get('b')!.aborted).toBe(true);
    expect(models.get('agg')!.calls).toHaveLength(0);
    expect(types(events).filter((t) => t === 'agent-failed')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'agent-failed').every((e) => (e as { cancelled: boolean }).cancelled)).toBe(true);
    expect(events.at(-1)?.type).toBe('run-cancelled');
  });

  it('a consumer that stops reading aborts the calls still running', async () => {
    const { config, resolveModel, models } = setup([{ a: { delayMs: 30, text: 'a b c d e f g h' } }]);
    for await (const event of runMoA(config, 'Q', { resolveModel })) {
      if (event.type === 'agent-delta') break;
    }
    expect(models.get('a')!.aborted).toBe(true);
  });
});
