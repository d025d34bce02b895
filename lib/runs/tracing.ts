import { context, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { RunEvent } from '../moa/events';
import { runTotalsOf } from './totals';
import { initialRunView, reduceRun } from '../run-view';

/**
 * OpenTelemetry spans of a run, from its events: `moa.run` → `moa.layer` → `moa.agent`, with the
 * model, tokens and cost (GenAI semantic conventions where they have a name). Derived from the
 * event log, so every kind of run (app, API, evaluation) is traced alike. Without a registered
 * tracer provider the spans are no-ops. Prompt and answers only with `recordContent`.
 */

const TRACER = 'moa-playground';
type Options = { recordContent: boolean };

const usageAttributes = (usage: { inputTokens: number; outputTokens: number; reasoningTokens?: number; estimated?: boolean } | undefined): Attributes =>
  usage
    ? {
        'gen_ai.usage.input_tokens': usage.inputTokens,
        'gen_ai.usage.output_tokens': usage.outputTokens,
        ...(usage.reasoningTokens !== undefined && { 'gen_ai.usage.reasoning_tokens': usage.reasoningTokens }),
        'moa.usage.estimated': !!usage.estimated,
      }
    : {};

export async function* withTracing(events: AsyncIterable<RunEvent>, options: Options): AsyncGenerator<RunEvent> {
  const tracer = trace.getTracer(TRACER);
  let view = initialRunView;
  let run: Span | undefined;
  const layers = new Map<number, Span>();
  const agents = new Map<string, Span>();
  const under = (span: Span | undefined) => (span ? trace.setSpan(context.active(), span) : context.active());
  const endAll = (status: { code: SpanStatusCode; message?: string }) => {
    for (const span of [...agents.values(), ...layers.values()]) {
      span.setStatus(status);
      span.end();
    }
    agents.clear();
    layers.clear();
  };
  try {
    for await (const event of events) {
      view = reduceRun(view, event);
      switch (event.type) {
        case 'run-started': {
          const calls = event.config.layers.reduce((n, l) => n + l.agents.length, 0);
          run = tracer.startSpan('moa.run', {
            attributes: {
              'gen_ai.operation.name': 'moa',
              'moa.layers': event.config.layers.length,
              'moa.calls': calls,
              ...(event.runId && { 'moa.run_id': event.runId }),
              ...(event.history && { 'moa.conversation.earlier_messages': event.history.length }),
              ...(options.recordContent && { 'moa.prompt': event.prompt }),
            },
          });
          break;
        }
        case 'agent-started': {
          if (!layers.has(event.layer)) layers.set(event.layer, tracer.startSpan('moa.layer', { attributes: { 'moa.layer': event.layer + 1 } }, under(run)));
          const span = tracer.startSpan(
            `chat ${event.model}`,
            { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': event.model, 'moa.layer': event.layer + 1, 'moa.agent': event.agent + 1 } },
            under(layers.get(event.layer)),
          );
          agents.set(`${event.layer}:${event.agent}`, span);
          break;
        }
        case 'agent-finished':
        case 'agent-failed': {
          const key = `${event.layer}:${event.agent}`;
          const span = agents.get(key);
          if (!span) break;
          const agent = view.layers[event.layer]?.[event.agent];
          span.setAttributes({
            ...usageAttributes(event.usage),
            ...(agent?.cost && { 'moa.cost_usd': agent.cost.totalUsd }),
            ...(agent?.firstTokenMs !== undefined && { 'moa.first_token_ms': agent.firstTokenMs }),
            ...(event.type === 'agent-finished' && { 'gen_ai.response.finish_reasons': [event.finishReason] }),
            ...(options.recordContent && event.text && { 'moa.output': event.text }),
          });
          if (event.type === 'agent-failed') span.setStatus({ code: SpanStatusCode.ERROR, message: event.error });
          span.end();
          agents.delete(key);
          break;
        }
        case 'layer-finished': {
          const span = layers.get(event.layer);
          span?.setAttributes({ 'moa.layer.succeeded': event.succeeded, 'moa.layer.failed': event.failed });
          span?.end();
          layers.delete(event.layer);
          break;
        }
        case 'run-finished':
        case 'run-failed':
        case 'run-cancelled':
        case 'run-interrupted': {
          const failed = event.type !== 'run-finished';
          const message = event.type === 'run-failed' ? event.error : event.type === 'run-finished' ? undefined : event.type;
          endAll({ code: failed ? SpanStatusCode.ERROR : SpanStatusCode.UNSET, message });
          const totals = runTotalsOf(view);
          run?.setAttributes({
            ...usageAttributes(totals.usage),
            ...(totals.costUsd !== undefined && { 'moa.cost_usd': totals.costUsd }),
            'moa.status': event.type.replace('run-', ''),
            ...(options.recordContent && event.type === 'run-finished' && { 'moa.output': event.finalText }),
          });
          if (failed) run?.setStatus({ code: SpanStatusCode.ERROR, message });
          run?.end();
          run = undefined;
          break;
        }
      }
      yield event;
    }
  } finally {
    // The reader left early: what is open ends as cancelled.
    endAll({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    run?.setStatus({ code: SpanStatusCode.ERROR, message: 'cancelled' });
    run?.end();
  }
}

let tracing: Options | null = null;
let stop: (() => Promise<void>) | null = null;

/** Sends spans over OTLP/HTTP when an endpoint is set (instrumentation.ts calls this once at start). */
export async function startTracing(endpoint: string | undefined, recordContent: boolean): Promise<void> {
  if (!endpoint || tracing) return;
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'moa-playground' }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  trace.setGlobalTracerProvider(provider);
  stop = () => provider.shutdown();
  enableTracing({ recordContent });
  console.log(`[traces] sending spans to ${new URL(endpoint).origin} over OTLP/HTTP${recordContent ? ', with prompts and answers' : ''}`);
}

/** Sends the spans not sent yet and stops (on shutdown; spans are batched). */
export async function stopTracing(): Promise<void> {
  const stopping = stop;
  stop = null;
  tracing = null;
  await stopping?.();
}

/** Runs are traced from now on, into the global tracer provider (tests register an in-memory one). */
export const enableTracing = (options: Options | null) => void (tracing = options);

/** The run's events, traced when tracing is on. */
export const traced = (events: AsyncIterable<RunEvent>): AsyncIterable<RunEvent> => (tracing ? withTracing(events, tracing) : events);
