// Run events → Chat Completions for the strategies whose final text is not simply the last
// agent's stream: a council's rankers, a sliding window's steps, a judge that stopped the run.
import { describe, expect, it } from 'vitest';
import { completionChunks, completionOf } from '@/lib/api/completions';
import { moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { runMoA, type ModelCallPart, type StreamModelCall } from '@/lib/moa/engine';

const context = { id: 'chatcmpl-x', model: 'moa/test', created: 0, runId: null, runUrl: null };

/** Scripted replies per model, in order (the last repeats), streamed word by word; `reasoning` streams first. */
function calls(replies: Record<string, string[]>, reasoning: Record<string, string> = {}): StreamModelCall {
  return async (request) => {
    const queue = replies[request.model];
    const text = queue.length > 1 ? queue.shift()! : queue[0];
    async function* parts(): AsyncIterable<ModelCallPart> {
      if (reasoning[request.model]) yield { type: 'reasoning-delta', text: reasoning[request.model] };
      for (const word of text.match(/\S+\s*/g) ?? []) yield { type: 'text-delta', text: word };
      yield { type: 'model-call-end', finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } as never };
    }
    return { stream: parts() };
  };
}

const events = (input: MoAConfigInput, streamCall: StreamModelCall) =>
  runMoA(moaConfigSchema.parse(input), 'Which?', { resolveModel: () => null as never, streamCall });

async function streamed(input: MoAConfigInput, streamCall: StreamModelCall) {
  const config = moaConfigSchema.parse(input);
  let content = '';
  let reasoning = '';
  for await (const chunk of completionChunks(events(input, streamCall), config, context, { includeUsage: false, includeEvents: false })) {
    const delta = (chunk.choices as { delta: { content?: string; reasoning_content?: string } }[] | undefined)?.[0]?.delta;
    content += delta?.content ?? '';
    reasoning += delta?.reasoning_content ?? '';
  }
  return { content, reasoning };
}

const three = { agents: [{ model: 'x:a' }, { model: 'x:b' }, { model: 'x:c' }] };
const proposals = { 'x:a': ['Answer A.'], 'x:b': ['Answer B.'], 'x:c': ['Answer C.'] };

describe('completions of strategy runs', () => {
  it('a sliding window streams its last step only: no earlier step’s synthesis in the content', async () => {
    const input: MoAConfigInput = { layers: [three, { strategy: 'sliding-window', window: 2, agents: [{ model: 'x:agg' }] }] };
    const replies = () => ({ ...proposals, 'x:agg': ['Step one synthesis.', 'Step two synthesis.'] });
    expect(await streamed(input, calls(replies()))).toEqual({ content: 'Step two synthesis.', reasoning: '' });
    const whole = await completionOf(events(input, calls(replies())), context);
    expect(whole.ok && (whole.body.choices as { message: { content: string } }[])[0].message.content).toBe('Step two synthesis.');
  });

  it('a council’s rankers are not the answer: the chairman’s text is, streamed', async () => {
    const ranking = 'Fine.\n\nFINAL RANKING:\n1. Response A\n2. Response B\n3. Response C';
    const input: MoAConfigInput = {
      layers: [three, { strategy: 'council', seed: 1, agents: [{ model: 'x:r1' }, { model: 'x:r2' }] }, { agents: [{ model: 'x:chair' }] }],
    };
    const got = await streamed(input, calls({ ...proposals, 'x:r1': [ranking], 'x:r2': [ranking], 'x:chair': ['The chairman answers.'] }, { 'x:r1': 'Ranker thinking.' }));
    expect(got).toEqual({ content: 'The chairman answers.', reasoning: '' });
  });

  it('a judge that stops the run early: its best kept answer is the content, and the judge’s own reasoning is not given as the answer’s', async () => {
    const input: MoAConfigInput = {
      layers: [three, { strategy: 'top-k', topK: 2, earlyStop: true, agents: [{ model: 'x:judge' }] }, { agents: [{ model: 'x:agg' }] }],
    };
    const judge = ['Answer 1: 6/10 - ok\nAnswer 2: 9/10 - best\nAnswer 3: 8/10 - good\nAgree: yes'];
    const replies = () => ({ ...proposals, 'x:judge': judge, 'x:agg': ['Never called.'] });
    expect(await streamed(input, calls(replies(), { 'x:judge': 'Judge thinking.' }))).toEqual({ content: 'Answer B.', reasoning: '' });
    const whole = await completionOf(events(input, calls(replies(), { 'x:judge': 'Judge thinking.' })), context);
    expect(whole.ok && (whole.body.choices as { message: Record<string, unknown> }[])[0].message).toEqual({ role: 'assistant', content: 'Answer B.', refusal: null });
  });
});
