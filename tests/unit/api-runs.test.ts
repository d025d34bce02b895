import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/runs/route';
import { GET } from '@/app/api/models/route';
import { readRunEvents } from '@/lib/browser/read-stream';
import { reduceEvents } from '@/lib/run-view';
import { getRunStore } from '@/lib/runs/server';

// Runs are recorded: open the (in-memory) run database once, outside any test's time limit.
beforeAll(() => getRunStore(), 120_000);

const post = (body: unknown, raw = false) =>
  POST(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? (body as string) : JSON.stringify(body) }));

const agent = (model = 'offline:concise') => ({ model, maxOutputTokens: 40 });
const valid = { config: { layers: [{ agents: [agent(), agent('offline:stepwise')] }, { agents: [agent('offline:synth')] }] }, prompt: 'Why is the sky blue?' };

async function errorOf(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: string; details?: string[] };
  return [body.error, ...(body.details ?? [])].join('\n');
}

describe('POST /api/runs', () => {
  it.each([
    ['a non-JSON body', '{not json', 'must be JSON'],
    ['no layers', { ...valid, config: { layers: [] } }, 'at least one layer'],
    ['a layer of 0 agents', { ...valid, config: { layers: [{ agents: [] }, { agents: [agent()] }] } }, 'layer 1: A layer needs at least one agent'],
    ['two aggregators', { ...valid, config: { layers: [{ agents: [agent()] }, { agents: [agent(), agent()] }] } }, 'exactly one aggregator'],
    ['an unknown offline model', { ...valid, config: { layers: [{ agents: [agent('offline:gpt-9')] }] } }, 'offline:gpt-9: there is no offline model "gpt-9"'],
    ['an unconfigured provider', { ...valid, config: { layers: [{ agents: [agent('anthropic:claude-x')] }] } }, 'Anthropic is not configured (set ANTHROPIC_API_KEY'],
    ['an unknown provider', { ...valid, config: { layers: [{ agents: [agent('nope:x')] }] } }, 'no provider "nope"'],
    ['a huge prompt', { ...valid, prompt: 'x'.repeat(40_000) }, 'limited to 32,000 characters'],
    ['max tokens out of range', { ...valid, config: { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 0 }] }] } }, 'maxOutputTokens'],
    ['no prompt', { config: valid.config }, 'prompt'],
    [
      'reasoning on a model that does not reason',
      { ...valid, config: { layers: [{ agents: [{ ...agent(), reasoning: 'high' }] }] } },
      'Reasoning is set on agents whose model does not reason.\nthe aggregator (offline:concise, reasoning high): this offline simulation does not reason (offline:stepwise does); set reasoning to off.',
    ],
  ])('answers 400 with a readable message for %s', async (_, body, message) => {
    expect(await errorOf(await post(body, typeof body === 'string'))).toContain(message);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await post({ ...valid, padding: 'x'.repeat(300 * 1024) });
    expect(response.status).toBe(413);
  });

  it('stops reading a chunked body without a length soon after it passes the limit', async () => {
    let pulled = 0;
    // 64 MB on offer, 64 KB at a time: the route must not buffer it all.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulled > 1_000) return controller.close();
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    const response = await POST(new Request('http://test/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'The request body is larger than 256 KB.', code: 'payload_too_large' });
    // Read (and dropped) up to 16 × 256 KB at most, so a client still sending gets its answer.
    expect(pulled).toBeLessThanOrEqual(66);
  });

  it('streams a whole run on the offline models', async () => {
    const response = await post(valid);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = [];
    for await (const event of readRunEvents(response.body!)) events.push(event);
    const view = reduceEvents(events);
    expect(view.status).toBe('finished');
    expect(view.layers.flat().map((a) => a.status)).toEqual(['done', 'done', 'done']);
    expect(view.finalText?.length).toBeGreaterThan(20);
    expect(view.usage!.outputTokens).toBeGreaterThan(0);
  });
});

describe('GET /api/models', () => {
  it('lists the offline models when no provider is configured, and nothing secret', async () => {
    const body = (await (await GET(new Request('http://test/api/models'))).json()) as { models: { id: string; kind: string }[] };
    expect(body.models.length).toBeGreaterThanOrEqual(4);
    expect(body.models.every((m) => m.kind === 'offline' && m.id.startsWith('offline:'))).toBe(true);
  });
});
