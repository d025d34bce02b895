// Reasoning models: the provider-option mapping, which models may reason, and reasoning streamed
// apart from the answer through the real OpenAI-compatible provider (in-process and through the
// model-call worker), counted, priced and passed to aggregators only when the config says so.
import { createUIMessageStreamResponse } from 'ai';
import { beforeEach, describe, expect, it } from 'vitest';
import { readRunEvents } from '@/lib/browser/read-stream';
import { costOf } from '@/lib/cost';
import { moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { runMoA, type StreamModelCall } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { buildSynthesisSystemPrompt, parseSynthesisResponses, REASONING_NOTE } from '@/lib/moa/prompts';
import { createOfflineModel } from '@/lib/models/offline';
import { extraReasoningTokens, REASONING_BUDGETS, reasoningCallOptions, reasoningTokenBound } from '@/lib/models/reasoning';
import { reasoningProblems, reasoningSupport } from '@/lib/models/reasoning-support';
import { reduceEvents } from '@/lib/run-view';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';
import { useFakeProvider } from './helpers/fake-provider';

describe('reasoningCallOptions: each provider its own option', () => {
  it.each([
    ['openai:o3', 'medium', { providerOptions: { openai: { reasoningEffort: 'medium', reasoningSummary: 'auto' } } }],
    ['anthropic:claude-sonnet-4-5', 'low', { providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } } }],
    ['anthropic:claude-sonnet-4-5', 'high', { providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 16384 } } } }],
    ['google:gemini-2.5-flash', 'medium', { providerOptions: { google: { thinkingConfig: { thinkingBudget: 4096, includeThoughts: true } } }, maxOutputTokens: 1024 + 4096 }],
    ['deepseek:deepseek-reasoner', 'low', { providerOptions: { deepseek: { thinking: { type: 'enabled' }, reasoningEffort: 'low' } } }],
    ['deepseek:deepseek-reasoner', 'medium', { providerOptions: { deepseek: { thinking: { type: 'enabled' }, reasoningEffort: 'high' } } }],
    ['deepseek:deepseek-reasoner', 'high', { providerOptions: { deepseek: { thinking: { type: 'enabled' }, reasoningEffort: 'max' } } }],
    ['groq:openai/gpt-oss-120b', 'high', { providerOptions: { groq: { reasoningEffort: 'high', reasoningFormat: 'parsed' } } }],
    ['xai:grok-3-mini', 'low', { providerOptions: { xai: { reasoningEffort: 'low' } } }],
    ['mistral:magistral-medium-latest', 'medium', { providerOptions: { mistral: { reasoningEffort: 'medium' } } }],
    ['openrouter:deepseek/deepseek-r1', 'high', { providerOptions: { openrouter: { reasoning: { effort: 'high' } } } }],
    ['togetherai:deepseek-ai/DeepSeek-R1', 'low', { providerOptions: { openaiCompatible: { reasoningEffort: 'low' } } }],
    ['ollama:qwen3:8b', 'medium', { providerOptions: { openaiCompatible: { reasoningEffort: 'medium' } } }],
    ['fake:fake-reasoner', 'high', { providerOptions: { openaiCompatible: { reasoningEffort: 'high' } } }],
    ['offline:stepwise', 'low', { providerOptions: { offline: { reasoning: 'low' } } }],
    ['local:qwen2.5-0.5b', 'low', {}],
  ] as const)('%s at %s', (model, level, expected) => {
    expect(reasoningCallOptions(model, level, 1024)).toEqual(expected);
  });

  it('sends nothing when reasoning is off or absent', () => {
    for (const model of ['openai:o3', 'anthropic:claude-sonnet-4-5', 'google:gemini-2.5-pro', 'fake:m']) {
      expect(reasoningCallOptions(model, 'off', 1024)).toEqual({});
      expect(reasoningCallOptions(model, undefined, 1024)).toEqual({});
    }
  });

  it('documents budgets that grow with the level, from Anthropic’s minimum', () => {
    expect(REASONING_BUDGETS).toEqual({ low: 1024, medium: 4096, high: 16384 });
  });

  it('bounds what reasoning may add: a budget beyond max output tokens where the provider adds one, else within them', () => {
    const agent = (model: string, reasoning?: 'high' | 'off') => ({ model, reasoning, maxOutputTokens: 1000 });
    expect(extraReasoningTokens(agent('anthropic:claude-sonnet-4-5', 'high'))).toBe(16384);
    expect(extraReasoningTokens(agent('google:gemini-2.5-pro', 'high'))).toBe(16384);
    expect(extraReasoningTokens(agent('openai:o3', 'high'))).toBe(0);
    expect(extraReasoningTokens(agent('anthropic:claude-sonnet-4-5', 'off'))).toBe(0);
    expect(reasoningTokenBound(agent('anthropic:claude-sonnet-4-5', 'high'))).toBe(16384);
    expect(reasoningTokenBound(agent('openai:o3', 'high'))).toBe(1000);
    expect(reasoningTokenBound(agent('openai:o3'))).toBe(0);
  });
});

describe('which models may reason', () => {
  it('reads the catalog, the offline list and the kind of provider', () => {
    expect(reasoningSupport('openai:o3')).toBe('yes');
    expect(reasoningSupport('anthropic:claude-opus-4-1')).toBe('yes'); // an alias of a dated snapshot
    expect(reasoningSupport('openai:gpt-4o-mini')).toBe('no');
    expect(reasoningSupport('deepseek:deepseek-chat')).toBe('no');
    expect(reasoningSupport('openai:gpt-9-future')).toBe('unknown'); // newer than the snapshot
    expect(reasoningSupport('fake:anything')).toBe('unknown'); // an OpenAI-compatible server decides
    expect(reasoningSupport('ollama:qwen3:8b')).toBe('unknown');
    expect(reasoningSupport('local:qwen2.5-0.5b')).toBe('no');
    expect(reasoningSupport('offline:stepwise')).toBe('yes');
    expect(reasoningSupport('offline:concise')).toBe('no');
  });

  it('names every agent whose model cannot take its setting, readably', () => {
    const config = moaConfigSchema.parse({
      layers: [
        { agents: [{ model: 'openai:o3', reasoning: 'high' }, { model: 'openai:gpt-4o-mini', reasoning: 'low' }, { model: 'openai:gpt-4o-mini', reasoning: 'off' }] },
        { agents: [{ model: 'offline:synth', reasoning: 'medium' }] },
      ],
    });
    expect(reasoningProblems(config)).toEqual([
      'layer 1 › agent 2 (openai:gpt-4o-mini, reasoning low): this model does not reason (per the models.dev catalog); set reasoning to off or pick a reasoning model.',
      'the aggregator (offline:synth, reasoning medium): this offline simulation does not reason (offline:stepwise does); set reasoning to off.',
    ]);
  });

  it('refuses an unknown level in the schema', () => {
    const parsed = moaConfigSchema.safeParse({ layers: [{ agents: [{ model: 'openai:o3', reasoning: 'extreme' }] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe('Reasoning is one of: off, low, medium, high.');
  });
});

describe('pricing reasoning tokens', () => {
  it('bills them as output, at their own price where the catalog lists one', () => {
    const usage = { inputTokens: 0, outputTokens: 1_000_000, totalTokens: 1_000_000, reasoningTokens: 400_000 };
    expect(costOf(usage, { inputPerMTok: 1, outputPerMTok: 10 })?.outputUsd).toBe(10);
    expect(costOf(usage, { inputPerMTok: 1, outputPerMTok: 10, reasoningPerMTok: 20 })?.outputUsd).toBe(6 + 8);
  });
});

describe('the synthesis prompt', () => {
  it('marks reasoning apart from the answers, and the answers still read back alone', () => {
    const system = buildSynthesisSystemPrompt({
      instruction: 'Combine.',
      answers: [{ index: 1, text: 'Paris.', reasoning: 'France: capital is Paris.' }, { index: 2, text: 'It is Paris.' }],
    });
    expect(system).toContain(REASONING_NOTE);
    expect(system).toContain('<reasoning n="1">\nFrance: capital is Paris.\n</reasoning>\n\n<response n="1">\nParis.\n</response>');
    expect(parseSynthesisResponses(system)).toEqual([{ index: 1, text: 'Paris.' }, { index: 2, text: 'It is Paris.' }]);
    expect(buildSynthesisSystemPrompt({ instruction: 'Combine.', answers: [{ index: 1, text: 'Paris.' }] })).not.toContain('<reasoning');
  });
});

const fake = useFakeProvider();
const THOUGHTS = { a: 'Alpha thinks: the capital question, France, so Paris.', b: 'Bravo weighs Lyon against Paris and keeps Paris.' };
const ANSWERS = { a: 'Paris is the capital.', b: 'It is Paris.' };

describe.each(['in-process', 'worker'] as const)('a MoA whose proposers reason (%s calls)', (calls) => {
  beforeEach(() => {
    fake.server.reset();
    fake.server.setModel('a', { text: ANSWERS.a, reasoning: THOUGHTS.a, tokensPerSecond: 400 });
    // Reports no reasoning count: the app estimates it from the text.
    fake.server.setModel('b', { text: ANSWERS.b, reasoning: THOUGHTS.b, tokensPerSecond: 400, usage: { promptTokens: 20, completionTokens: 30, reasoningTokens: 0 } });
    fake.server.setModel('agg', { text: 'Paris.', tokensPerSecond: 400 });
  });

  async function run(extra: Partial<MoAConfigInput> = {}) {
    const config = moaConfigSchema.parse({
      layers: [{ agents: [{ model: 'fake:a', reasoning: 'high' }, { model: 'fake:b', reasoning: 'low' }] }, { agents: [{ model: 'fake:agg' }] }],
      ...extra,
    });
    const events: RunEvent[] = [];
    const streamCall: StreamModelCall | undefined = calls === 'worker' ? fake.workerCalls : undefined;
    for await (const event of runMoA(config, 'What is the capital of France?', { resolveModel: fake.resolveModel, streamCall })) events.push(event);
    const body = (model: string) => fake.server.requests.find((r) => r.model === model)!.body as { reasoning_effort?: string; messages: { role: string; content: string }[] };
    return { events, view: reduceEvents(events), body, aggregatorSystem: body('agg').messages.find((m) => m.role === 'system')!.content };
  }

  it('streams reasoning apart, before the answer, and counts its tokens', async () => {
    const { events, view, body } = await run();
    expect(view.status).toBe('finished');
    expect(body('a').reasoning_effort).toBe('high');
    expect(body('b').reasoning_effort).toBe('low');
    expect(body('agg').reasoning_effort).toBeUndefined();

    const ofA = events.filter((e) => 'layer' in e && e.layer === 0 && 'agent' in e && e.agent === 0).map((e) => e.type);
    expect(ofA.indexOf('agent-reasoning-delta')).toBeLessThan(ofA.indexOf('agent-delta'));
    const [a, b] = view.layers[0];
    expect([a.reasoning, a.text]).toEqual([THOUGHTS.a, ANSWERS.a]);
    expect([b.reasoning, b.text]).toEqual([THOUGHTS.b, ANSWERS.b]);
    expect(view.layers[1][0].reasoning).toBe('');

    // Provider-reported for a (one token per fake delta), estimated and marked for b.
    expect(a.usage?.reasoningTokens).toBe(THOUGHTS.a.split(' ').length);
    expect(a.usage?.reasoningEstimated).toBeUndefined();
    expect(b.usage?.reasoningTokens).toBeGreaterThan(5);
    expect(b.usage?.reasoningEstimated).toBe(true);
    expect(view.usage?.reasoningTokens).toBe(a.usage!.reasoningTokens! + b.usage!.reasoningTokens!);

    // First token (reasoning) before the first answer token.
    expect(a.firstTokenMs).toBeDefined();
    expect(a.firstAnswerTokenMs).toBeGreaterThan(a.firstTokenMs!);
  });

  it('gives aggregators only the answers by default, and the reasoning too with passReasoning', async () => {
    const plain = await run();
    expect(parseSynthesisResponses(plain.aggregatorSystem).map((r) => r.text)).toEqual([ANSWERS.a, ANSWERS.b]);
    expect(plain.aggregatorSystem).not.toContain(THOUGHTS.a);
    expect(plain.aggregatorSystem).not.toContain('<reasoning');

    fake.server.reset();
    fake.server.setModel('a', { text: ANSWERS.a, reasoning: THOUGHTS.a, tokensPerSecond: 400 });
    fake.server.setModel('b', { text: ANSWERS.b, reasoning: THOUGHTS.b, tokensPerSecond: 400 });
    fake.server.setModel('agg', { text: 'Paris.', tokensPerSecond: 400 });
    const passed = await run({ passReasoning: true });
    expect(passed.aggregatorSystem).toContain(REASONING_NOTE);
    expect(passed.aggregatorSystem).toContain(`<reasoning n="1">\n${THOUGHTS.a}\n</reasoning>`);
    expect(passed.aggregatorSystem).toContain(`<reasoning n="2">\n${THOUGHTS.b}\n</reasoning>`);
    expect(parseSynthesisResponses(passed.aggregatorSystem).map((r) => r.text)).toEqual([ANSWERS.a, ANSWERS.b]);
  });
});

describe('offline:stepwise reasons when asked', () => {
  it('streams a simulated trace first, counted as reasoning tokens, and none when off', async () => {
    const config = (reasoning?: 'high') =>
      moaConfigSchema.parse({ layers: [{ agents: [{ model: 'offline:stepwise', reasoning, maxOutputTokens: 60 }] }] });
    const resolveModel = (id: string) => createOfflineModel(id.slice('offline:'.length), { tokensPerSecond: 0, firstTokenMs: 0 });
    const collect = async (c: ReturnType<typeof config>) => {
      const events: RunEvent[] = [];
      for await (const e of runMoA(c, 'How do I brew green tea?', { resolveModel })) events.push(e);
      return reduceEvents(events).layers[0][0];
    };
    const on = await collect(config('high'));
    expect(on.reasoning).toMatch(/green tea/i);
    expect(on.reasoning.split('\n')).toHaveLength(7);
    expect(on.text.length).toBeGreaterThan(20);
    expect(on.usage?.reasoningTokens).toBeGreaterThan(20);
    expect(on.usage?.outputTokens).toBeGreaterThan(on.usage!.reasoningTokens!);
    const off = await collect(config());
    expect(off.reasoning).toBe('');
    expect(off.usage?.reasoningTokens).toBeUndefined();
  });
});

describe('the run stream carries reasoning', () => {
  it('joins an agent’s deltas of one kind but never reorders reasoning and answer', async () => {
    const config = moaConfigSchema.parse({ layers: [{ agents: [{ model: 'fake:a', reasoning: 'low' }] }] });
    const d = (type: 'agent-delta' | 'agent-reasoning-delta', text: string): RunEvent => ({ type, t: 1, layer: 0, agent: 0, text });
    const events: RunEvent[] = [
      { type: 'run-started', t: 0, startedAt: new Date(0).toISOString(), config, prompt: 'Q?' },
      { type: 'agent-started', t: 0, layer: 0, agent: 0, model: 'fake:a' },
      d('agent-reasoning-delta', 'think '), d('agent-reasoning-delta', 'more '), d('agent-delta', 'Ans'), d('agent-reasoning-delta', 'again'), d('agent-delta', 'wer'),
    ];
    async function* replay() {
      yield* events;
    }
    const response = createUIMessageStreamResponse({ stream: runEventsToUIStream(replay()) });
    const received: RunEvent[] = [];
    for await (const e of readRunEvents(response.body!)) received.push(e);
    expect(received.slice(2).map((e) => [e.type, 'text' in e ? e.text : ''])).toEqual([
      ['agent-reasoning-delta', 'think more '],
      ['agent-delta', 'Ans'],
      ['agent-reasoning-delta', 'again'],
      ['agent-delta', 'wer'],
    ]);
    expect(reduceEvents(received).layers[0][0]).toMatchObject({ reasoning: 'think more again', text: 'Answer' });
  });
});
