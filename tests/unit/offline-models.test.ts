import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { countTokens, createOfflineModel, OFFLINE_MODELS, type OfflineModelOptions } from '@/lib/models/offline';
import { buildSynthesisSystemPrompt, DEFAULT_SYNTHESIS_PROMPT } from '@/lib/moa/prompts';
import { tokenPieces } from '@/lib/models/offline/tokens';
import { splitUnits } from '@/lib/models/offline/units';

const FAST: OfflineModelOptions = { tokensPerSecond: 0, firstTokenMs: 0 };
const PROMPT = 'How can I make my slow Python web app respond faster under load?';
const PROPOSERS = OFFLINE_MODELS.filter((m) => m.role === 'proposer').map((m) => m.id);

type RunOptions = Omit<Parameters<typeof streamText>[0], 'model'> & { model?: string; pacing?: OfflineModelOptions };

async function run({ model = 'concise', pacing = FAST, ...options }: RunOptions = {}) {
  const result = streamText({ model: createOfflineModel(model, pacing), prompt: PROMPT, ...options } as Parameters<typeof streamText>[0]);
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return { text: deltas.join(''), deltas, usage: await result.usage, finishReason: await result.finishReason };
}

const texts = async (count: number, options: RunOptions) =>
  Promise.all(Array.from({ length: count }, async () => (await run(options)).text));

describe('offline model catalog', () => {
  it('lists proposers with distinct styles and one aggregator', () => {
    expect(PROPOSERS).toEqual(['concise', 'stepwise', 'sceptic', 'explainer']);
    expect(OFFLINE_MODELS.filter((m) => m.role === 'aggregator').map((m) => m.id)).toEqual(['synth']);
  });

  it('throws a clear error for an unknown id', () => {
    expect(() => createOfflineModel('gpt-9')).toThrow(/Unknown offline model "gpt-9".*concise/);
  });

  it('is an offline AI SDK v4 model', () => {
    const model = createOfflineModel('synth');
    expect(model).toMatchObject({ specificationVersion: 'v4', provider: 'offline', modelId: 'synth', supportedUrls: {} });
  });
});

describe('offline proposers', () => {
  it('streams the answer in many token-sized deltas with honest usage', async () => {
    const { text, deltas, usage, finishReason } = await run({ temperature: 0 });
    expect(deltas.length).toBeGreaterThan(30);
    expect(deltas.length).toBe(countTokens(text));
    expect(usage.outputTokens).toBe(countTokens(text));
    expect(usage.inputTokens).toBe(countTokens(PROMPT));
    expect(finishReason).toBe('stop');
  });

  it('counts system and user text as input', async () => {
    const { usage } = await run({ instructions: 'Answer briefly.', temperature: 0 });
    expect(usage.inputTokens).toBe(countTokens(`Answer briefly.\n${PROMPT}`));
  });

  it.each(PROPOSERS)('%s writes a Markdown answer of typical length around the key terms', async (model) => {
    const { text } = await run({ model, temperature: 0 });
    expect(countTokens(text)).toBeGreaterThanOrEqual(80);
    expect(countTokens(text)).toBeLessThanOrEqual(250);
    expect(text).toContain('Python web app');
  });

  it('is deterministic at temperature 0', async () => {
    for (const model of PROPOSERS) expect(new Set(await texts(3, { model, temperature: 0 })).size).toBe(1);
  });

  it('samples differently at temperature 0.7 without a seed, reproducibly with one', async () => {
    for (const model of PROPOSERS) {
      expect(new Set(await texts(4, { model, temperature: 0.7 })).size).toBeGreaterThan(1);
      expect(new Set(await texts(3, { model, temperature: 0.7, seed: 42 })).size).toBe(1);
    }
  });

  it('varies more at higher temperature', async () => {
    const distinct = async (temperature: number) => new Set(await texts(40, { model: 'stepwise', temperature, seed: undefined })).size;
    expect(await distinct(1.2)).toBeGreaterThan(await distinct(0.1));
  });

  it('gives each style its own answer', async () => {
    const answers = await Promise.all(PROPOSERS.map(async (model) => (await run({ model, temperature: 0 })).text));
    expect(new Set(answers).size).toBe(PROPOSERS.length);
    expect(answers[1]).toMatch(/^1\. /m);
    expect(answers[2]).toMatch(/\*\*(Risk|Trade-off|Counterpoint|Hidden assumption|Evidence|Edge cases|Uncertainty):\*\*/);
    expect(answers[3]).toContain('### Example');
  });

  it('stops at maxOutputTokens with finish reason length', async () => {
    const { text, usage, finishReason } = await run({ model: 'stepwise', maxOutputTokens: 20, temperature: 0 });
    expect(finishReason).toBe('length');
    expect(usage.outputTokens).toBe(20);
    const full = (await run({ model: 'stepwise', temperature: 0 })).text;
    expect(full.startsWith(text)).toBe(true);
    expect(text.length).toBeLessThan(full.length);
  });

  it('stops at a stop sequence', async () => {
    const { text, finishReason } = await run({ model: 'stepwise', stopSequences: ['2. '], temperature: 0 });
    expect(text).toMatch(/^[\s\S]*1\. [^\n]+\n$/);
    expect(finishReason).toBe('stop');
  });

  it('answers with doGenerate (no pacing) the same text it streams', async () => {
    const pacing = { tokensPerSecond: 5, firstTokenMs: 5000 };
    const started = performance.now();
    const generated = await generateText({ model: createOfflineModel('sceptic', pacing), prompt: PROMPT, temperature: 0 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(generated.text).toBe((await run({ model: 'sceptic', temperature: 0 })).text);
    expect(generated.usage.outputTokens).toBe(countTokens(generated.text));
  });
});

describe('token pieces', () => {
  it('split at token boundaries without breaking characters', () => {
    const text = 'Plain words, héllo 🦩🪼 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and <|endoftext|> as text.';
    const pieces = tokenPieces(text);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces.reduce((sum, p) => sum + p.tokens, 0)).toBe(countTokens(text));
    expect(pieces.some((p) => p.tokens > 1)).toBe(true);
    expect(pieces.every((p) => !p.text.includes('\uFFFD'))).toBe(true);
  });
});

describe('pacing and cancellation', () => {
  it('waits firstTokenMs, then streams at tokensPerSecond', async () => {
    const model = createOfflineModel('concise', { tokensPerSecond: 400, firstTokenMs: 120 });
    const started = performance.now();
    let firstAt = 0;
    const result = streamText({ model, prompt: PROMPT, temperature: 0, maxOutputTokens: 60 });
    for await (const delta of result.textStream) if (delta && !firstAt) firstAt = performance.now();
    const ended = performance.now();
    expect(firstAt - started).toBeGreaterThanOrEqual(110);
    // 60 tokens at 400/s take ~150 ms after the first.
    expect(ended - firstAt).toBeGreaterThanOrEqual(120);
    expect(ended - firstAt).toBeLessThan(1000);
  });

  it('reads its default pacing from the environment', async () => {
    process.env.OFFLINE_TOKENS_PER_SECOND = '0';
    process.env.OFFLINE_FIRST_TOKEN_MS = '0';
    try {
      const started = performance.now();
      await run({ model: 'explainer', pacing: {} });
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      delete process.env.OFFLINE_TOKENS_PER_SECOND;
      delete process.env.OFFLINE_FIRST_TOKEN_MS;
    }
  });

  it('stops promptly on abort and reports it through streamText', async () => {
    const controller = new AbortController();
    const result = streamText({
      model: createOfflineModel('stepwise', { tokensPerSecond: 50, firstTokenMs: 0 }),
      prompt: PROMPT,
      abortSignal: controller.signal,
    });
    let text = '';
    let abortedAt = 0;
    const parts: string[] = [];
    for await (const part of result.stream) {
      parts.push(part.type);
      if (part.type === 'text-delta') text += part.text;
      if (text.length > 20 && !abortedAt) {
        abortedAt = performance.now();
        controller.abort();
      }
    }
    expect(performance.now() - abortedAt).toBeLessThan(250);
    expect(parts).toContain('abort');
    expect(parts).not.toContain('finish');
    expect(countTokens(text)).toBeLessThan(20);
  });

  it('errors the raw stream with an AbortError and emits nothing more', async () => {
    const controller = new AbortController();
    const model = createOfflineModel('concise', { tokensPerSecond: 30, firstTokenMs: 0 });
    const { stream } = await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: PROMPT }] }], abortSignal: controller.signal });
    const reader = stream.getReader();
    const seen: LanguageModelV4StreamPart['type'][] = [];
    while (!seen.includes('text-delta')) seen.push((await reader.read()).value!.type);
    expect(seen.slice(0, 2)).toEqual(['stream-start', 'response-metadata']);
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('offline models as aggregators', () => {
  const AGREED = 'Profile the database queries before changing any application code.';
  const ALSO_AGREED = 'Caching rendered pages is usually the fastest win for a slow web app.';
  const OFF_TOPIC = 'My neighbour painted their garden fence bright orange last summer.';
  const responses = [
    `${ALSO_AGREED} ${AGREED} A content delivery network helps with static assets.`,
    `Start by measuring. ${AGREED}\n\n- Add indexes where the slow queries need them.\n- ${ALSO_AGREED}`,
    `Upgrading the server hardware can help a slow web app. ${OFF_TOPIC} Add indexes where the slow queries need them.`,
  ];
  const instructions = buildSynthesisSystemPrompt({
    instruction: DEFAULT_SYNTHESIS_PROMPT,
    answers: responses.map((text, i) => ({ index: i + 1, text })),
  });
  const aggregate = (model: string, temperature = 0) => run({ model, instructions, temperature });

  it('synth builds its answer from the responses, keeping what they agree on', async () => {
    const { text } = await aggregate('synth');
    expect(text).toContain(AGREED);
    expect(text).toContain(ALSO_AGREED);
    expect(text).toContain('Add indexes where the slow queries need them.');
    expect(text).not.toContain(OFF_TOPIC);
    // Each agreed sentence appears once, however many responses repeat it.
    expect(text.split(AGREED).length).toBe(2);
  });

  it('synth copies response sentences verbatim (only the intro and closing are its own)', async () => {
    const { text } = await aggregate('synth');
    const units = splitUnits(text).map((u) => u.text);
    const borrowed = units.filter((u) => responses.some((r) => r.includes(u)));
    expect(borrowed.length).toBeGreaterThanOrEqual(units.length - 2);
    expect(borrowed.length).toBeGreaterThanOrEqual(3);
  });

  it('synth answers like a balanced proposer when given no responses', async () => {
    const { text } = await run({ model: 'synth', temperature: 0 });
    expect(text).toContain('Python web app');
    expect(text).toContain('**Key points**');
  });

  it('a proposer in an aggregating position only borrows a few key terms', async () => {
    const own = (await run({ model: 'concise', temperature: 0 })).text;
    const { text } = await aggregate('concise');
    expect(text).not.toBe(own);
    expect(text).not.toContain(AGREED);
    expect(text).toMatch(/queries|caching|indexes|rendered pages/i);
  });

  it('synth is deterministic at temperature 0', async () => {
    const [a, b] = await Promise.all([aggregate('synth'), aggregate('synth')]);
    expect(a.text).toBe(b.text);
  });
});
