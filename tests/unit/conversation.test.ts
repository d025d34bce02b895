import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { agentBounds, contextOverflows } from '@/lib/moa/budget';
import { moaConfigSchema, type MoAConfig } from '@/lib/moa/config';
import { CONVERSATION_LIMITS, historyProblem, messagesOf, type ConversationMessage } from '@/lib/moa/conversation';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { createOfflineModel } from '@/lib/models/offline';
import { mockModel, type MockModel } from './helpers/mock-models';

/** A 3-2-1 MoA of mock models that answer "<id> answer <turn>". */
function setup(turn: number) {
  const ids = [['p1', 'p2', 'p3'], ['r1', 'r2'], ['agg']];
  const models = new Map<string, MockModel>(ids.flat().map((id) => [id, mockModel(id, { text: `${id} answer ${turn}` })]));
  const config: MoAConfig = moaConfigSchema.parse({ layers: ids.map((layer) => ({ agents: layer.map((id) => ({ model: `mock:${id}`, temperature: 0 })) })) });
  return { models, config, resolveModel: (id: string) => models.get(id.slice('mock:'.length))! };
}

async function drain(events: AsyncIterable<RunEvent>) {
  const all: RunEvent[] = [];
  for await (const e of events) all.push(e);
  return all;
}

/** A call's messages, as role + text, without the system message (the synthesis prompt). */
const chatOf = (call: LanguageModelV4CallOptions) =>
  call.prompt.flatMap((m) => (m.role === 'system' ? [] : [{ role: m.role, content: m.content.map((p) => ('text' in p ? p.text : '')).join('') }]));
const systemOf = (call: LanguageModelV4CallOptions) => call.prompt.filter((m) => m.role === 'system').map((m) => m.content).join('\n');

/** The history of `turns - 1` earlier turns: user prompts and the MoA's final answers. */
const historyOf = (turns: number): ConversationMessage[] =>
  Array.from({ length: turns - 1 }, (_, i): ConversationMessage[] => [
    { role: 'user', content: `Question ${i + 1}?` },
    { role: 'assistant', content: `Final answer ${i + 1}.` },
  ]).flat();

describe('the messages each agent of a turn receives', () => {
  for (const turns of [1, 2, 5]) {
    it(`turn ${turns}: every agent gets the earlier prompts and final answers, then the request; aggregators the answers of this turn only`, async () => {
      const { models, config, resolveModel } = setup(turns);
      const history = historyOf(turns);
      const events = await drain(runMoA(config, messagesOf(`Question ${turns}?`, history), { resolveModel }));
      expect(events.at(-1)).toMatchObject({ type: 'run-finished', finalText: `agg answer ${turns}` });
      expect(events[0]).toMatchObject({ type: 'run-started', prompt: `Question ${turns}?`, ...(turns > 1 ? { history } : {}) });
      if (turns === 1) expect(events[0]).not.toHaveProperty('history');

      const expected = [...history, { role: 'user', content: `Question ${turns}?` }];
      for (const [id, model] of models) {
        expect(model.calls).toHaveLength(1);
        const [call] = model.calls;
        expect(chatOf(call), id).toEqual(expected);
        const system = systemOf(call);
        if (id.startsWith('p')) expect(system, id).toBe('');
        // The second layer reads the proposers' answers of this turn; the last the refiners'.
        if (id.startsWith('r')) expect(system).toContain(`p3 answer ${turns}`);
        if (id === 'agg') expect(system).toContain(`r2 answer ${turns}`);
      }
    });
  }

  it('a conversation must end with the user’s request', async () => {
    const { config, resolveModel } = setup(1);
    await expect(drain(runMoA(config, [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }], { resolveModel }))).rejects.toThrow(
      'A conversation must end with a user message.',
    );
  });
});

describe('conversation limits', () => {
  it('accepts alternating turns up to the limit and says what is wrong otherwise', () => {
    expect(historyProblem([])).toBeNull();
    expect(historyProblem(historyOf(CONVERSATION_LIMITS.turns))).toBeNull();
    expect(historyProblem(historyOf(CONVERSATION_LIMITS.turns + 1))).toContain(`at most ${CONVERSATION_LIMITS.turns} turns`);
    expect(historyProblem([{ role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }])).toBe('A conversation alternates user turns and answers.');
    const long = [{ role: 'user' as const, content: 'x'.repeat(CONVERSATION_LIMITS.historyChars) }, { role: 'assistant' as const, content: 'y' }];
    expect(historyProblem(long)).toContain('characters, over the 200,000');
  });

  it('names the agent whose input would overflow its context window, and by how much', () => {
    const config = moaConfigSchema.parse({
      layers: [{ agents: [{ model: 'x:small', maxOutputTokens: 1000 }, { model: 'x:big', maxOutputTokens: 1000 }] }, { agents: [{ model: 'x:small', maxOutputTokens: 1000 }] }],
    });
    const windows: Record<string, number> = { 'x:small': 4000, 'x:big': 100_000 };
    const short = agentBounds(config, messagesOf('Hi', historyOf(2)));
    expect(contextOverflows(short, (m) => windows[m] ?? null)).toEqual([]);
    // 5 earlier turns of ~8,000 characters (~2,000 tokens each at 4 characters a token).
    const history = historyOf(6).map((m) => ({ ...m, content: m.content + ' word'.repeat(400) }));
    const bounds = agentBounds(config, messagesOf('And now?', history));
    const problems = contextOverflows(bounds, (m) => windows[m] ?? null);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Layer 1, agent 1 \(x:small\): its input may reach [\d,]+ tokens and its answer 1,000, [\d,]+ over its context window of 4,000\.$/);
    expect(problems[1]).toMatch(/^Layer 2, agent 1 \(x:small\)/);
    // Unknown windows are not checked.
    expect(contextOverflows(bounds, () => null)).toEqual([]);
  });
});

describe('the offline models in a conversation', () => {
  const resolveModel = (id: string) => createOfflineModel(id.slice('offline:'.length), { tokensPerSecond: 0, firstTokenMs: 0 });
  const config = moaConfigSchema.parse({
    layers: [{ agents: [{ model: 'offline:concise', temperature: 0 }, { model: 'offline:stepwise', temperature: 0 }] }, { agents: [{ model: 'offline:synth', temperature: 0 }] }],
  });
  const final = async (input: string | ConversationMessage[]) => {
    const events = await drain(runMoA(config, input, { resolveModel }));
    const end = events.at(-1)!;
    if (end.type !== 'run-finished') throw new Error(`run ended ${end.type}`);
    return end.finalText;
  };

  it('answer a follow-up about what the earlier turns were about', async () => {
    const first = 'Compare PostgreSQL and SQLite for a small web app.';
    const answer = await final(first);
    const followUp = 'Which one handles concurrent writes better?';
    const alone = await final(followUp);
    const inConversation = await final(messagesOf(followUp, [{ role: 'user', content: first }, { role: 'assistant', content: answer }]));
    expect(inConversation).not.toBe(alone);
    expect(alone).not.toMatch(/PostgreSQL|SQLite/i);
    expect(inConversation).toMatch(/PostgreSQL|SQLite/i);
  });
});
