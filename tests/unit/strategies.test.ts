import { describe, expect, it } from 'vitest';
import { estimateRunCost } from '@/lib/moa/budget';
import { describeIssues, moaConfigSchema } from '@/lib/moa/config';
import { runMoA, type ModelCallPart, type ModelCallRequest, type StreamModelCall } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { parseRankReply, RANK_REPLY_FORMAT } from '@/lib/moa/prompts';
import { buildPreset } from '@/lib/moa/presets';
import { createOfflineModel, OFFLINE_MODELS } from '@/lib/models/offline';
import { reduceEvents } from '@/lib/run-view';

/** Calls answered from a script per model, in order (the last reply repeats); every request recorded. */
function scripted(replies: Record<string, string[]>) {
  const requests: ModelCallRequest[] = [];
  const call: StreamModelCall = async (request) => {
    requests.push(request);
    const queue = replies[request.model];
    const text = queue.length > 1 ? queue.shift()! : queue[0];
    async function* parts(): AsyncIterable<ModelCallPart> {
      yield { type: 'text-delta', text };
      yield { type: 'model-call-end', finishReason: 'stop', usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 } as never };
    }
    return { stream: parts() };
  };
  return { call, requests };
}

const ranker = moaConfigSchema.parse({
  layers: [{ agents: [{ model: 'x:a' }, { model: 'x:b' }, { model: 'x:c' }] }, { agents: [{ model: 'x:judge' }], strategy: 'rank' }],
});
const proposals = { 'x:a': ['Answer A.'], 'x:b': ['Answer B, the best.'], 'x:c': ['Answer C.'] };

async function run(replies: Record<string, string[]>) {
  const { call, requests } = scripted(replies);
  const events: RunEvent[] = [];
  for await (const e of runMoA(ranker, 'Which?', { resolveModel: () => null as never, streamCall: call })) events.push(e);
  return { events, requests, view: reduceEvents(events) };
}

describe('the rank strategy', () => {
  it('passes the picked answer on verbatim, with the ranker’s reason', async () => {
    const { view, requests } = await run({ ...proposals, 'x:judge': ['B covers the question.\nBest: [[2]]'] });
    expect(view.status).toBe('finished');
    expect(view.finalText).toBe('Answer B, the best.');
    expect(view.layers[1][0].pick).toEqual({ answer: 2, text: 'Answer B, the best.', reason: 'B covers the question.' });
    // The ranker got the numbered answers and the fixed reply format.
    expect(requests.at(-1)!.instructions).toContain(RANK_REPLY_FORMAT);
    expect(requests.at(-1)!.instructions).toContain('<response n="2">\nAnswer B, the best.\n</response>');
  });

  it('asks once more when the ranking is unreadable, and counts both calls', async () => {
    const { view, events, requests } = await run({ ...proposals, 'x:judge': ['I like the third one.', 'C is clearest.\nBest: [[3]]'] });
    expect(requests.filter((r) => r.model === 'x:judge')).toHaveLength(2);
    expect(events.find((e) => e.type === 'agent-retry')).toMatchObject({ layer: 1, restart: true, reason: expect.stringContaining('unreadable') });
    expect(view.finalText).toBe('Answer C.');
    expect(view.layers[1][0].usage).toMatchObject({ inputTokens: 200, outputTokens: 20 });
    expect(view.layers[1][0].text).toBe('C is clearest.\nBest: [[3]]');
    // Asked again with a reminder of the format.
    expect(requests.filter((r) => r.model === 'x:judge')[1].instructions).toContain('Your previous reply did not end with a line "Best: [[n]]"');
  });

  it('keeps the first answer when the ranking is unreadable twice, and says so', async () => {
    const { view } = await run({ ...proposals, 'x:judge': ['Best: [[7]]'] });
    expect(view.status).toBe('finished');
    expect(view.finalText).toBe('Answer A.');
    expect(view.layers[1][0].pick).toMatchObject({ answer: 1, fallback: 'The ranking was unreadable twice: kept answer 1.' });
  });

  it('reads only a last "Best: [[n]]" that names an answer', () => {
    const answers = [1, 2, 3].map((index) => ({ index, text: `t${index}` }));
    expect(parseRankReply('Best: [[1]] no wait.\nBest: [[3]]', answers)).toEqual({ answer: 3, reason: 'no wait.' });
    expect(parseRankReply('best:[[ 2 ]]', answers)?.answer).toBe(2);
    expect(parseRankReply('Best: [[4]]', answers)).toBeNull();
    expect(parseRankReply('Best: 2', answers)).toBeNull();
  });

  it('applies only after the first layer, and the budget counts the ranker’s possible second call', () => {
    const bad = moaConfigSchema.safeParse({ layers: [{ agents: [{ model: 'x:a' }], strategy: 'rank' }] });
    expect(bad.success).toBe(false);
    expect(describeIssues(bad.error!).join('\n')).toContain('The first layer proposes');
    const price = { inputPerMTok: 1, outputPerMTok: 1 };
    const synth = moaConfigSchema.parse({ ...ranker, layers: [ranker.layers[0], { agents: ranker.layers[1].agents }] });
    const prices = { 'x:a': price, 'x:b': price, 'x:c': price, 'x:judge': price };
    const count = () => 100;
    const judgeCost = (c: typeof ranker) => estimateRunCost(c, 'q', prices, count).maxUsd - estimateRunCost({ ...c, layers: [c.layers[0]] }, 'q', prices, count).maxUsd;
    expect(judgeCost(ranker)).toBeCloseTo(2 * judgeCost(synth), 6);
  });

  it('works with no key: the LLM-ranker preset on the offline models picks one proposal exactly', async () => {
    const models = OFFLINE_MODELS.map((m) => ({ id: `offline:${m.id}`, provider: 'offline', providerLabel: 'Offline', label: m.label, kind: 'offline' as const, role: m.role }));
    const config = buildPreset('llm-ranker', models);
    expect(config.layers[1].strategy).toBe('rank');
    const events: RunEvent[] = [];
    const resolveModel = (id: string) => createOfflineModel(id.slice('offline:'.length), { tokensPerSecond: 0, firstTokenMs: 0 });
    for await (const e of runMoA(config, 'What are the trade-offs of microservices versus a monolith?', { resolveModel })) events.push(e);
    const view = reduceEvents(events);
    const pick = view.layers[1][0].pick!;
    expect(pick.fallback).toBeUndefined();
    expect(view.finalText).toBe(view.layers[0][pick.answer - 1].text);
    expect(view.layers[1][0].text).toContain('Offline heuristic ranker (not an LLM)');
  });
});
