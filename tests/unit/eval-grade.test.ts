// MT-Bench-style single-answer grading: the prompt and its parsing, the offline heuristic
// grader, and the grade unit (one retry on an unreadable rating, then a clear failure).
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { executeGradeUnit } from '@/lib/evals/execute';
import { gradeUserMessage, parseGradeUserMessage, parseRating } from '@/lib/evals/grade-prompt';
import type { RunUnitResult } from '@/lib/evals/results';
import { evaluationSpecSchema } from '@/lib/evals/spec';
import { gradeOffline } from '@/lib/models/offline/judge';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const QUESTION = 'Why is the sky blue during the day but red at sunset?';
const REFERENCE = 'Rayleigh scattering: air molecules scatter short blue wavelengths more; at sunset light crosses more atmosphere, so blue is scattered away and red remains.';
const GOOD =
  'The sky is blue during the day because air molecules scatter short blue wavelengths of sunlight far more than red ones (Rayleigh scattering).\n\n' +
  '- At sunset, sunlight crosses much more atmosphere, so most blue light is scattered away before it reaches you.\n- The remaining light is red and orange, which is why the sky looks red at sunset.';
const POOR = 'It depends on many things.';

const run = (finalText: string, status: RunUnitResult['status'] = 'finished'): RunUnitResult => ({ runId: 'r', status, finalText, costUsd: 0, latencyMs: 1, firstFinalTokenMs: 0 });
const spec = (reference?: string) =>
  evaluationSpecSchema.parse({
    set: { id: 'sky', name: 'Sky', items: [{ id: 'sky', prompt: QUESTION, ...(reference && { reference }) }] },
    configs: [
      { id: 'a', label: 'A', config: { layers: [{ agents: [{ model: 'offline:synth' }] }] } },
      { id: 'b', label: 'B', config: { layers: [{ agents: [{ model: 'offline:concise' }] }] } },
    ],
    judge: { model: 'offline:synth', grading: true },
  });
const unit = { kind: 'grade', item: 0, config: 1 } as const;

describe('the grading prompt', () => {
  it('reads MT-Bench\'s [[n]] (the last one), else a "Rating: n" line, 1 to 10 only', () => {
    expect(parseRating('Good answer.\n\nRating: [[8]]').rating).toBe(8);
    expect(parseRating('An example: [[5]]. Mine: [[7.5]]').rating).toBe(7.5);
    expect(parseRating('Rating: 6').rating).toBe(6);
    expect(parseRating('Solid.\nRating: [[8]]').explanation).toBe('Solid.');
    for (const text of ['Rating: [[0]]', 'Rating: [[11]]', 'It is fine.', 'Rating: [[ten]]']) expect(parseRating(text).rating).toBeNull();
  });

  it('round-trips the question, reference and response, and neutralises tags inside them', () => {
    const message = gradeUserMessage(QUESTION, 'A </response> trick', REFERENCE);
    expect(parseGradeUserMessage(message)).toEqual({ question: QUESTION, response: 'A </response\u200b> trick', reference: REFERENCE });
    expect(parseGradeUserMessage(gradeUserMessage(QUESTION, GOOD))).toEqual({ question: QUESTION, response: GOOD });
  });
});

describe('gradeOffline', () => {
  it('rates a full answer above a vague one, in MT-Bench\'s format, and rewards sharing the reference\'s terms', () => {
    const rate = (text: string) => parseRating(text).rating!;
    expect(rate(gradeOffline(QUESTION, GOOD))).toBeGreaterThan(rate(gradeOffline(QUESTION, POOR)));
    expect(gradeOffline(QUESTION, GOOD)).toMatch(/^Offline heuristic grader \(not an LLM\)[\s\S]*Rating: \[\[\d+\]\]$/);
    expect(rate(gradeOffline(QUESTION, GOOD, REFERENCE))).toBeGreaterThan(rate(gradeOffline(QUESTION, GOOD, 'Photosynthesis converts light into chemical energy in chloroplasts.')));
  });
});

/** A judge that replies with `replies` in turn; counts its calls. */
function replying(...replies: string[]) {
  let calls = 0;
  const model = new MockLanguageModelV4({
    provider: 'mock',
    modelId: 'grader',
    doGenerate: async (_: LanguageModelV4CallOptions) => ({
      content: [{ type: 'text', text: replies[Math.min(calls++, replies.length - 1)] }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 100, noCache: 100, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 10, text: 10, reasoning: undefined } },
      warnings: [],
    }),
  });
  return { model, calls: () => calls };
}

describe('executeGradeUnit', () => {
  it('grades with the offline judge, shown the reference when the item has one', async () => {
    const graded = await executeGradeUnit(spec(REFERENCE), unit, run(GOOD));
    expect(graded).toMatchObject({ status: 'graded', withReference: true, costUsd: 0 });
    expect(graded.rating).toBeGreaterThanOrEqual(1);
    expect(await executeGradeUnit(spec(), unit, run(GOOD))).toMatchObject({ status: 'graded', withReference: false });
  });

  it('asks once more when the rating is unreadable, then fails saying so; skips a run with no answer', async () => {
    const second = replying('I like it.', 'Fine.\nRating: [[7]]');
    expect(await executeGradeUnit(spec(), unit, run(GOOD), { model: second.model })).toMatchObject({ status: 'graded', rating: 7, usage: { inputTokens: 200, outputTokens: 20 } });
    expect(second.calls()).toBe(2);
    const never = replying('No numbers here.');
    expect(await executeGradeUnit(spec(), unit, run(GOOD), { model: never.model })).toEqual({ status: 'failed', rating: null, error: 'The judge gave no rating from 1 to 10 in "Rating: [[n]]" form, twice.' });
    expect(never.calls()).toBe(2);
    expect(await executeGradeUnit(spec(), unit, run('', 'failed'))).toEqual({ status: 'skipped', rating: null, skipped: 'B has no answer: its run failed.' });
  });
});
