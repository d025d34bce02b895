import { describe, expect, it } from 'vitest';
import { scripted } from './helpers/scripted-calls';
import { applyOp } from '@/lib/builder/board';
import { decodeConfig, encodeConfig } from '@/lib/builder/url-codec';
import { agentBounds, estimateRunCost, withAccounting } from '@/lib/moa/budget';
import { describeIssues, moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { parseRankReply, parseTopKReply, RANK_REPLY_FORMAT, TOP_K_REPLY_FORMAT } from '@/lib/moa/prompts';
import { buildPreset } from '@/lib/moa/presets';
import { selectTopK } from '@/lib/moa/top-k';
import { createOfflineModel, OFFLINE_MODELS } from '@/lib/models/offline';
import { topKOffline } from '@/lib/models/offline/judge';
import { answerOf, finalAgent, reduceEvents } from '@/lib/run-view';

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

const four = [{ model: 'x:a' }, { model: 'x:b' }, { model: 'x:c' }, { model: 'x:d' }];
const fourAnswers = { 'x:a': ['Answer A.'], 'x:b': ['Answer B.'], 'x:c': ['Answer C.'], 'x:d': ['Answer D.'], 'x:agg': ['The synthesis.'] };
/** 4 proposers, a top-k judge (k = 2 unless said), and an aggregator. */
const sparse = (judge: Partial<MoAConfigInput['layers'][number]> = {}) =>
  moaConfigSchema.parse({
    layers: [{ agents: four }, { agents: [{ model: 'x:judge' }], strategy: 'top-k', topK: 2, ...judge }, { agents: [{ model: 'x:agg' }] }],
  });

async function runConfig(config: ReturnType<typeof sparse>, replies: Record<string, string[]>) {
  const { call, requests } = scripted(replies);
  const events: RunEvent[] = [];
  for await (const e of runMoA(config, 'Which?', { resolveModel: () => null as never, streamCall: call })) events.push(e);
  return { events, requests, view: reduceEvents(events) };
}

describe('the top-k strategy', () => {
  it('passes only the k best answers on, verbatim and with their numbers, and marks the dropped ones with their score and why', async () => {
    const { view, requests } = await runConfig(sparse(), {
      ...fourAnswers,
      'x:judge': ['Answer 1: 4/10 - vague\nAnswer 2: 9/10 - precise\nAnswer 3: 2.5/10 - wrong\nAnswer 4: 7/10 - fine'],
    });
    expect(view.status).toBe('finished');
    const judge = requests.find((r) => r.model === 'x:judge')!;
    expect(judge.instructions).toContain(TOP_K_REPLY_FORMAT);
    // Without early stop the judge is not asked whether they agree.
    expect(judge.instructions).not.toContain('Agree: yes');
    const aggregator = requests.find((r) => r.model === 'x:agg')!;
    expect(aggregator.instructions).toContain('<response n="2">\nAnswer B.\n</response>');
    expect(aggregator.instructions).toContain('<response n="4">\nAnswer D.\n</response>');
    expect(aggregator.instructions).not.toContain('Answer A.');
    expect(aggregator.instructions).not.toContain('Answer C.');
    expect(aggregator.instructions).toContain('Candidate responses (2):');
    expect(view.layers[1][0].verdict).toMatchObject({ from: 0, k: 2, kept: [2, 4], dropped: [1, 3], best: { answer: 2, text: 'Answer B.' }, agree: null });
    expect(view.layers[0][2].judged).toEqual({ layer: 1, score: 2.5, kept: false, reason: 'wrong' });
    expect(view.layers[0][1].judged).toEqual({ layer: 1, score: 9, kept: true, reason: 'precise' });
    expect(view.finalText).toBe('The synthesis.');
  });

  it('stops early when the judge says the kept answers agree: the layers after are skipped, never called, and the best answer is final', async () => {
    const { view, events, requests } = await runConfig(sparse({ earlyStop: true }), {
      ...fourAnswers,
      'x:judge': ['Answer 1: 6/10\nAnswer 2: 8/10\nAnswer 3: 8/10\nAnswer 4: 3/10\nAgree: yes'],
    });
    expect(requests.find((r) => r.model === 'x:judge')!.instructions).toContain('"Agree: yes" if the 2 responses you score highest');
    expect(requests.some((r) => r.model === 'x:agg')).toBe(false);
    expect(events.some((e) => e.type === 'agent-started' && e.layer === 2)).toBe(false);
    const stop = events.find((e) => e.type === 'early-stop');
    expect(stop).toMatchObject({ layer: 1, reason: expect.stringContaining('answer 2 is final') });
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', finalText: 'Answer B.' });
    // Equal scores go by answer order: 2 before 3.
    expect(view.layers[1][0].verdict).toMatchObject({ kept: [2, 3], best: { answer: 2 }, agree: true });
    expect(view.layers[2][0]).toMatchObject({ status: 'skipped', skipped: stop!.type === 'early-stop' && stop!.reason });
    expect(view.earlyStop?.layer).toBe(1);
    expect(answerOf(finalAgent(view)!)).toBe('Answer B.');
    // Spend: the proposers and the judge only.
    expect(view.usage).toMatchObject({ inputTokens: 500, outputTokens: 50 });
  });

  it('goes on when the kept answers do not agree', async () => {
    const { view, events } = await runConfig(sparse({ earlyStop: true }), {
      ...fourAnswers,
      'x:judge': ['Answer 1: 6/10\nAnswer 2: 8/10\nAnswer 3: 8/10\nAnswer 4: 3/10\nAgree: no'],
    });
    expect(events.some((e) => e.type === 'early-stop')).toBe(false);
    expect(view.layers[1][0].verdict?.agree).toBe(false);
    expect(view.finalText).toBe('The synthesis.');
  });

  it('asks once more, with a reminder, when the scores are unreadable, and counts both calls', async () => {
    const { view, events, requests } = await runConfig(sparse(), {
      ...fourAnswers,
      'x:judge': ['B is best, then D.', 'Answer 1: 1/10\nAnswer 2: 2/10\nAnswer 3: 9/10\nAnswer 4: 8/10'],
    });
    const judged = requests.filter((r) => r.model === 'x:judge');
    expect(judged).toHaveLength(2);
    expect(judged[1].instructions).toContain('Your previous reply could not be read');
    expect(events.find((e) => e.type === 'agent-retry')).toMatchObject({ layer: 1, restart: true, reason: expect.stringContaining('scores were unreadable') });
    expect(view.layers[1][0].usage).toMatchObject({ inputTokens: 200, outputTokens: 20 });
    expect(view.layers[1][0].verdict).toMatchObject({ kept: [3, 4], dropped: [2, 1] });
    expect(view.layers[1][0].verdict?.fallback).toBeUndefined();
  });

  it('keeps every answer when the scores are unreadable twice, says so in the cell, and does not stop early', async () => {
    const { view, events, requests } = await runConfig(sparse({ earlyStop: true }), {
      ...fourAnswers,
      // Answer 3 is missing: not a reading of every answer.
      'x:judge': ['Answer 1: 5/10\nAnswer 2: 9/10\nAnswer 4: 1/10\nAgree: yes'],
    });
    expect(view.layers[1][0].verdict).toMatchObject({ kept: [1, 2, 3, 4], dropped: [], scores: [], agree: null, fallback: 'The scores were unreadable twice: kept all 4 answers and did not stop early.' });
    expect(events.some((e) => e.type === 'early-stop')).toBe(false);
    expect(requests.find((r) => r.model === 'x:agg')!.instructions).toContain('Candidate responses (4):');
    // No cell is marked when nothing was scored.
    expect(view.layers[0].every((a) => a.judged === undefined)).toBe(true);
  });

  it('goes on, saying why, when the scores are readable but the judge never says whether they agree', async () => {
    const { view, events } = await runConfig(sparse({ earlyStop: true }), { ...fourAnswers, 'x:judge': ['Answer 1: 5/10\nAnswer 2: 9/10\nAnswer 3: 2/10\nAnswer 4: 1/10'] });
    expect(view.layers[1][0].verdict).toMatchObject({ kept: [2, 1], agree: null, fallback: expect.stringContaining('did not say whether the kept answers agree') });
    expect(events.some((e) => e.type === 'early-stop')).toBe(false);
    expect(view.finalText).toBe('The synthesis.');
  });

  it('with k at least the number of answers keeps them all, and the judge still scores them (its best is what an early stop makes final)', async () => {
    const { view, requests } = await runConfig(sparse({ topK: 6, earlyStop: true }), {
      ...fourAnswers,
      'x:judge': ['Answer 1: 5/10\nAnswer 2: 6/10\nAnswer 3: 7/10\nAnswer 4: 8/10\nAgree: yes'],
    });
    // Asked about the 4 there are, not the 6 it may keep.
    expect(requests.find((r) => r.model === 'x:judge')!.instructions).toContain('"Agree: yes" if the 4 responses');
    expect(view.layers[1][0].verdict).toMatchObject({ kept: [4, 3, 2, 1], dropped: [] });
    expect(view.finalText).toBe('Answer D.');
  });

  it('as the last layer, makes the best kept answer final, verbatim', async () => {
    const config = moaConfigSchema.parse({ layers: [{ agents: four }, { agents: [{ model: 'x:judge' }], strategy: 'top-k', topK: 3 }] });
    const { view } = await runConfig(config, { ...fourAnswers, 'x:judge': ['Answer 1: 5/10\nAnswer 2: 6/10\nAnswer 3: 9.5/10\nAnswer 4: 8/10'] });
    expect(view.finalText).toBe('Answer C.');
    expect(answerOf(finalAgent(view)!)).toBe('Answer C.');
  });

  it('reads a reply strictly: every answer exactly once, scores 0–10 with one decimal at most; emphasis and bullets aside', () => {
    const answers = [1, 2, 3].map((index) => ({ index, text: `t${index}` }));
    expect(parseTopKReply('Some thoughts first.\n**Answer 1:** 7/10 - good\n- Answer 2: 3.5 / 10: thin\nAnswer 3: 10/10\nAgree: no\nAgree: yes', answers)).toEqual({
      scores: [{ answer: 1, score: 7, reason: 'good' }, { answer: 2, score: 3.5, reason: 'thin' }, { answer: 3, score: 10, reason: '' }],
      agree: true,
    });
    const read = (reply: string) => parseTopKReply(reply, answers).scores;
    expect(read('Answer 1: 7/10\nAnswer 2: 3/10')).toBeNull(); // one missing
    expect(read('Answer 1: 7/10\nAnswer 2: 3/10\nAnswer 3: 5/10\nAnswer 2: 4/10')).toBeNull(); // twice
    expect(read('Answer 1: 7/10\nAnswer 2: 3/10\nAnswer 3: 5/10\nAnswer 4: 4/10')).toBeNull(); // no such answer
    expect(read('Answer 1: 11/10\nAnswer 2: 3/10\nAnswer 3: 5/10')).toBeNull(); // over 10
    expect(read('Answer 1: 7.25/10\nAnswer 2: 3/10\nAnswer 3: 5/10')).toBeNull(); // two decimals
    expect(read('Answer 1: seven\nAnswer 2: 3/10\nAnswer 3: 5/10')).toBeNull();
    expect(parseTopKReply('Answer 1: 7/10\nAgree: maybe', answers.slice(0, 1)).agree).toBeNull();
  });

  it('keeps the k best, equal scores in answer order', () => {
    const answers = [1, 2, 3, 4].map((index) => ({ index, text: '' }));
    const scores = [5, 8, 5, 8].map((score, i) => ({ answer: i + 1, score, reason: '' }));
    expect(selectTopK(answers, scores, 3)).toEqual({ kept: [2, 4, 1], dropped: [3] });
    expect(selectTopK(answers, scores, 9)).toEqual({ kept: [2, 4, 1, 3], dropped: [] });
    expect(selectTopK(answers, null, 2)).toEqual({ kept: [1, 2, 3, 4], dropped: [] });
  });

  it('is a filter layer: one agent, its judge; k and early stop belong to it; early stop needs k ≥ 2', () => {
    const issues = (input: unknown) => {
      const result = moaConfigSchema.safeParse(input);
      return result.success ? [] : describeIssues(result.error);
    };
    const base = { agents: four };
    const last = { agents: [{ model: 'x:agg' }] };
    expect(issues({ layers: [base, { agents: [{ model: 'x:j' }, { model: 'x:k' }], strategy: 'top-k' }, last] })).toEqual([
      'layer 2: A top-k layer holds exactly one agent, its judge (it has 2).',
    ]);
    expect(issues({ layers: [base, { agents: [{ model: 'x:j' }], topK: 2 }, last] })).toEqual(['layer 2 › topK: topK applies to a top-k layer only.']);
    expect(issues({ layers: [base, { agents: [{ model: 'x:j' }], strategy: 'top-k', topK: 1, earlyStop: true }, last] })[0]).toContain('Early stop needs k of at least 2');
    expect(issues({ layers: [base, { agents: [{ model: 'x:j' }], strategy: 'top-k', topK: 0 }, last] })[0]).toContain('k is at least 1');
    expect(issues({ layers: [{ agents: [{ model: 'x:j' }], strategy: 'top-k' }] })[0]).toContain('The first layer proposes');
    expect(issues({ layers: [base, { agents: [{ model: 'x:j' }], strategy: 'top-k' }, last] })).toEqual([]);
  });

  it('budget: the judge may be asked twice, and the layer after it reads only the k longest answers', () => {
    const config = moaConfigSchema.parse({
      layers: [
        { agents: [100, 200, 300, 400].map((maxOutputTokens, i) => ({ model: `x:${i}`, maxOutputTokens })) },
        { agents: [{ model: 'x:judge' }], strategy: 'top-k', topK: 2 },
        { agents: [{ model: 'x:agg' }] },
      ],
    });
    const bounds = agentBounds(config, 'q', () => 0);
    expect(bounds[4]).toMatchObject({ layer: 1, calls: 2 });
    expect(bounds[5]).toMatchObject({ layer: 2, calls: 1 });
    // Reads answers of 400 and 300 tokens (plus framing), not the judge's reply.
    const synth = agentBounds({ ...config, layers: [{ agents: config.layers[0].agents.slice(2) }, config.layers[2]] }, 'q', () => 0);
    expect(bounds[5].inputTokens).toBe(synth[2].inputTokens);
  });

  it('budget: an early stop ends the spending; the guard does not stop a run that is done', async () => {
    const { call } = scripted({ ...fourAnswers, 'x:judge': ['Answer 1: 6/10\nAnswer 2: 8/10\nAnswer 3: 8/10\nAnswer 4: 3/10\nAgree: yes'] });
    const price = { inputPerMTok: 0, outputPerMTok: 1_000_000 };
    const config = { ...sparse({ earlyStop: true }), budgetUsd: 50 };
    const prices = Object.fromEntries(['x:a', 'x:b', 'x:c', 'x:d', 'x:judge', 'x:agg'].map((m) => [m, price]));
    const abort = new AbortController();
    const events: RunEvent[] = [];
    for await (const e of withAccounting(runMoA(config, 'Which?', { resolveModel: () => null as never, streamCall: call, signal: abort.signal }), { prices, parameters: {}, abort, count: () => 0 })) events.push(e);
    // 5 calls of 10 output tokens at $1 a token (running calls count nothing here): the $50 cap is reached as the judge stops the run.
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', finalText: 'Answer B.' });
    expect(abort.signal.aborted).toBe(false);
  });

  it('the builder: choosing top-k keeps the first agent as the judge; k and early stop survive the link', () => {
    const moa = moaConfigSchema.parse({ layers: [{ agents: four }, { agents: four }, { agents: [{ model: 'x:agg' }] }] });
    const topK = applyOp(moa, { type: 'set-layer-strategy', layer: 1, strategy: 'top-k' }, []);
    expect(topK.layers[1]).toEqual({ agents: [moa.layers[1].agents[0]], strategy: 'top-k', topK: 2 });
    const stopping = applyOp(applyOp(topK, { type: 'set-layer-top-k', layer: 1, patch: { topK: 3 } }, []), { type: 'set-layer-top-k', layer: 1, patch: { earlyStop: true } }, []);
    expect(stopping.layers[1]).toMatchObject({ topK: 3, earlyStop: true });
    expect(decodeConfig(encodeConfig(stopping))).toEqual({ ok: true, config: stopping });
    // Back to synthesize, k and early stop leave the layer.
    expect(applyOp(stopping, { type: 'set-layer-strategy', layer: 1, strategy: 'synthesize' }, []).layers[1]).toEqual({ agents: [moa.layers[1].agents[0]] });
  });

  it('the offline judge scores deterministically and says the kept answers agree only when they cover the same key terms', () => {
    const question = 'How do vaccines train the immune system?';
    const covering = 'Vaccines train the immune system: they show it a harmless piece of a pathogen, so it learns to make antibodies and memory cells. Later infections are then cleared fast.';
    const alike = 'A vaccine trains your immune system by presenting a harmless antigen; the immune system answers with antibodies and memory cells that respond quickly to the real infection later.';
    const offTopic = 'Drink water and rest well. Sleep matters.';
    const reply = topKOffline(question, [{ index: 1, text: covering }, { index: 2, text: alike }, { index: 3, text: offTopic }], 2);
    expect(reply).toContain('Offline heuristic judge (not an LLM)');
    expect(topKOffline(question, [{ index: 1, text: covering }, { index: 2, text: alike }, { index: 3, text: offTopic }], 2)).toBe(reply);
    const read = parseTopKReply(reply, [1, 2, 3].map((index) => ({ index, text: '' })));
    expect(read.scores).not.toBeNull();
    expect(selectTopK([1, 2, 3].map((index) => ({ index, text: '' })), read.scores, 2).dropped).toEqual([3]);
    expect(read.agree).toBe(true);
    const disagree = parseTopKReply(topKOffline(question, [{ index: 1, text: covering }, { index: 2, text: offTopic }], 2), [1, 2].map((index) => ({ index, text: '' })));
    expect(disagree.agree).toBe(false);
  });

  it('works with no key: the Sparse MoA preset on the offline models keeps 2 proposals and its final answer follows from the verdict', async () => {
    const models = OFFLINE_MODELS.map((m) => ({ id: `offline:${m.id}`, provider: 'offline', providerLabel: 'Offline', label: m.label, kind: 'offline' as const, role: m.role }));
    const config = buildPreset('sparse-moa', models);
    expect(config.layers[1]).toMatchObject({ strategy: 'top-k', topK: 2, earlyStop: true });
    const events: RunEvent[] = [];
    const resolveModel = (id: string) => createOfflineModel(id.slice('offline:'.length), { tokensPerSecond: 0, firstTokenMs: 0 });
    for await (const e of runMoA(config, 'How do vaccines train the immune system?', { resolveModel })) events.push(e);
    const view = reduceEvents(events);
    const verdict = view.layers[1][0].verdict!;
    expect(verdict.fallback).toBeUndefined();
    expect(verdict.kept).toHaveLength(2);
    expect(verdict.dropped).toHaveLength(4);
    expect(view.layers[0].filter((a) => a.judged?.kept === false)).toHaveLength(4);
    if (verdict.agree) {
      expect(view.finalText).toBe(view.layers[0][verdict.best.answer - 1].text);
      expect(view.layers[2][0].status).toBe('skipped');
    } else {
      expect(view.layers[2][0].status).toBe('done');
    }
  });
});
