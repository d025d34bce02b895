/**
 * Benchmark — CPU per streamed chunk of one model call, the floor under benchmark 3. Many
 * concurrent streams of the fake provider (in a process of its own, so only the client side is
 * measured here) at 25 tokens/s, one token a chunk, as in benchmark 3; the same stream read
 * through each layer of the AI SDK: streamText, streamLanguageModelCall (what the engine uses),
 * the provider's own doStream, and plain fetch + JSON.parse of the server-sent events.
 */
import { spawn } from 'node:child_process';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { experimental_streamLanguageModelCall as streamLanguageModelCall, streamText } from 'ai';
import { report, round, type Figure } from './lib';

const PORT = Number(process.env.BENCH_FAKE_PORT ?? 4292);
const WORDS = 60;
const fake = spawn(process.execPath, ['--import', 'tsx', 'tests/fake-openai/cli.ts', '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => fake.stdout!.once('data', resolve));
const base = `http://127.0.0.1:${PORT}/v1`;
const text = Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' ');
await fetch(`http://127.0.0.1:${PORT}/__control/models`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ paced: { text, tokensPerSecond: 25 } }),
});
const model = createOpenAICompatible({ name: 'fake', baseURL: base, includeUsage: true }).chatModel('paced');

const count = async (parts: ReadableStream<{ type: string }>) => {
  const reader = parts.getReader();
  for (let chunks = 0; ; ) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    if (value.type === 'text-delta') chunks++;
  }
};
const readers: Record<string, () => Promise<number>> = {
  streamText: () => count(streamText({ model, prompt: 'Hi.', maxRetries: 0, onError: () => {} }).stream),
  streamLanguageModelCall: async () => count((await streamLanguageModelCall({ model, prompt: 'Hi.' })).stream),
  'provider doStream': async () => count((await model.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi.' }] }] })).stream),
  'fetch + JSON.parse': async () => {
    const response = await fetch(`${base}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'paced', stream: true, messages: [{ role: 'user', content: 'Hi.' }] }),
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (let chunks = 0; ; ) {
      const { done, value } = await reader.read();
      if (done) return chunks;
      for (const line of value.split('\n')) if (line.startsWith('data: {') && JSON.parse(line.slice(6)).choices?.[0]?.delta?.content) chunks++;
    }
  },
};

const figures: Figure[] = [];
const details: Record<string, number> = {};
try {
  for (const streams of [40, 200]) {
    for (const [name, read] of Object.entries(readers)) {
      await Promise.all(Array.from({ length: 4 }, read)); // warm up
      const before = process.cpuUsage();
      const chunks = (await Promise.all(Array.from({ length: streams }, read))).reduce((a, b) => a + b, 0);
      const { user, system } = process.cpuUsage(before);
      const perChunk = round((user + system) / chunks, 0);
      details[`${streams} streams: ${name}`] = perChunk;
      figures.push({ name: `${streams} streams at 25 tokens/s: ${name}, CPU per chunk`, value: perChunk, unit: 'µs' });
    }
  }
} finally {
  fake.kill();
}
report('model-call', figures, { words: WORDS, tokensPerSecond: 25, cpuMicrosecondsPerChunk: details });
