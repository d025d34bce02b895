// Spans of a run: run → layer → agent, with model, tokens and cost, and no prompt or answer text
// unless asked; through POST /api/runs as a deployment with tracing on gets them.
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as startRun } from '@/app/api/runs/route';
import { readRunEvents } from '@/lib/browser/read-stream';
import type { RunEvent } from '@/lib/moa/events';
import { getRunStore } from '@/lib/runs/server';
import { enableTracing } from '@/lib/runs/tracing';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
beforeAll(async () => {
  trace.setGlobalTracerProvider(provider);
  await getRunStore();
}, 120_000);
afterAll(() => {
  enableTracing(null);
  trace.disable();
});

const PROMPT = 'A secret prompt about payroll.';
const agent = (model: string) => ({ model, maxOutputTokens: 40 });
const config = {
  layers: [{ agents: [agent('offline:concise'), agent('offline:stepwise')] }, { agents: [agent('offline:synth')] }],
  pricing: { 'offline:concise': { inputPerMTok: 1, outputPerMTok: 2 }, 'offline:stepwise': { inputPerMTok: 1, outputPerMTok: 2 }, 'offline:synth': { inputPerMTok: 3, outputPerMTok: 4 } },
};

async function run(): Promise<RunEvent[]> {
  exporter.reset();
  const response = await startRun(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config, prompt: PROMPT }) }));
  expect(response.status).toBe(200);
  const events: RunEvent[] = [];
  for await (const event of readRunEvents(response.body!)) events.push(event);
  return events;
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('run traces', () => {
  it('one run → 2 layers → 3 agent spans, with model, tokens and cost; no prompt or answer text by default', async () => {
    enableTracing({ recordContent: false });
    const events = await run();
    const spans = exporter.getFinishedSpans();
    const [root] = byName(spans, 'moa.run');
    const layers = byName(spans, 'moa.layer');
    const agents = spans.filter((s) => s.name.startsWith('chat '));
    expect(layers).toHaveLength(2);
    expect(agents.map((s) => s.attributes['gen_ai.request.model']).sort()).toEqual(['offline:concise', 'offline:stepwise', 'offline:synth']);
    for (const layer of layers) expect(parentOf(layer)).toBe(root.spanContext().spanId);
    const layerOf = (n: number) => layers.find((l) => l.attributes['moa.layer'] === n)!.spanContext().spanId;
    expect(agents.filter((a) => parentOf(a) === layerOf(1))).toHaveLength(2);
    expect(agents.filter((a) => parentOf(a) === layerOf(2))).toHaveLength(1);

    const finished = events.filter((e): e is Extract<RunEvent, { type: 'agent-finished' }> => e.type === 'agent-finished');
    const synth = agents.find((a) => a.attributes['gen_ai.request.model'] === 'offline:synth')!;
    const synthUsage = finished.find((e) => e.layer === 1)!.usage;
    expect(synth.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': synthUsage.inputTokens, 'gen_ai.usage.output_tokens': synthUsage.outputTokens });
    expect(synth.attributes['moa.cost_usd']).toBeCloseTo((synthUsage.inputTokens * 3 + synthUsage.outputTokens * 4) / 1e6, 12);
    const total = finished.reduce((n, e) => n + e.usage.inputTokens, 0);
    expect(root.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': total, 'moa.status': 'finished', 'moa.layers': 2, 'moa.calls': 3 });
    expect(root.attributes['moa.run_id']).toBe((events[0] as Extract<RunEvent, { type: 'run-started' }>).runId);
    expect(root.attributes['moa.cost_usd']).toBeGreaterThan(0);

    const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(text).not.toContain('payroll');
    const answer = finished[0].text;
    expect(text).not.toContain(answer.slice(0, 30));
  });

  it('with content recording on, the run span holds the prompt and the final answer, each agent span its answer', async () => {
    enableTracing({ recordContent: true });
    const events = await run();
    const spans = exporter.getFinishedSpans();
    const [root] = byName(spans, 'moa.run');
    const final = events.at(-1) as Extract<RunEvent, { type: 'run-finished' }>;
    expect(root.attributes['moa.prompt']).toBe(PROMPT);
    expect(root.attributes['moa.output']).toBe(final.finalText);
    expect(spans.filter((s) => s.name.startsWith('chat ')).every((s) => typeof s.attributes['moa.output'] === 'string')).toBe(true);
  });
});
