// Model behaviours of the fake server: the type, its runtime schema (for the
// control endpoint), built-in presets and the deterministic default answers.
import { z } from 'zod';

export type FakeFault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; times?: number; message?: string } // fail the first `times` requests (default: always)
  | { kind: 'hang' } // send headers, then nothing until the client closes
  | { kind: 'cut'; afterChunks: number } // N content chunks, then destroy the socket
  | { kind: 'malformed'; afterChunks: number }; // N content chunks, then a non-JSON data line, then end

export type FakeModelBehaviour = {
  text?: string;
  /** One answer per request to this model, in the order they arrive (the last repeats); takes precedence over `text`. */
  texts?: string[];
  /**
   * Reasoning streamed as `reasoning_content` deltas before the answer (as DeepSeek, vLLM and
   * llama.cpp servers do), counted in `completion_tokens_details.reasoning_tokens`. `true`: a
   * deterministic default naming the model and the prompt.
   */
  reasoning?: string | boolean;
  chunkSize?: number; // characters per delta; default: one word per delta
  firstTokenMs?: number;
  tokensPerSecond?: number; // 0 = as fast as possible
  usage?: { promptTokens: number; completionTokens: number; cachedTokens?: number; reasoningTokens?: number };
  fault?: FakeFault;
  /** Prefix each content chunk with `⟦<send time, epoch ms>⟧` so a benchmark can measure delivery delay. */
  stampChunks?: boolean;
};

export type ResolvedUsage = Required<NonNullable<FakeModelBehaviour['usage']>>;

const count = z.number().int().nonnegative();

// Strict, so a typo in a Playwright test's control call fails loudly instead of being ignored.
export const behaviourSchema = z.strictObject({
  text: z.string().optional(),
  texts: z.array(z.string()).min(1).optional(),
  reasoning: z.union([z.string(), z.boolean()]).optional(),
  chunkSize: z.number().int().positive().optional(),
  firstTokenMs: count.optional(),
  tokensPerSecond: z.number().nonnegative().optional(),
  usage: z
    .strictObject({
      promptTokens: count,
      completionTokens: count,
      cachedTokens: count.optional(),
      reasoningTokens: count.optional(),
    })
    .optional(),
  fault: z
    .discriminatedUnion('kind', [
      z.strictObject({
        kind: z.literal('status'),
        status: z.number().int().min(400).max(599),
        retryAfterSeconds: count.optional(),
        times: count.optional(),
        // `{authorization}` is replaced by the request's Authorization header, as a careless proxy echoes it.
        message: z.string().optional(),
      }),
      z.strictObject({ kind: z.literal('hang') }),
      z.strictObject({ kind: z.literal('cut'), afterChunks: count }),
      z.strictObject({ kind: z.literal('malformed'), afterChunks: count }),
    ])
    .optional(),
  stampChunks: z.boolean().optional(),
}) satisfies z.ZodType<FakeModelBehaviour>;

export const behaviourMapSchema = z.record(z.string().min(1), behaviourSchema);

/**
 * Models that exist without configuration. A browser test can pick a behaviour
 * just by choosing one of these ids; anything else is configured via the control endpoint.
 */
export const PRESET_MODELS: Readonly<Record<string, FakeModelBehaviour>> = {
  'fake-small': {},
  'fake-large': {},
  'fake-judge': {},
  'fake-reasoner': { reasoning: true },
  'fake-slow': { firstTokenMs: 300, tokensPerSecond: 20 },
  'fake-hang': { fault: { kind: 'hang' } },
  'fake-error': { fault: { kind: 'status', status: 500 } },
  'fake-rate-limited': { fault: { kind: 'status', status: 429, retryAfterSeconds: 1 } },
  'fake-cut': { fault: { kind: 'cut', afterChunks: 3 } },
  'fake-malformed': { fault: { kind: 'malformed', afterChunks: 3 } },
};

type ChatMessage = { role?: unknown; content?: unknown };

/** Text of a message whose content is a string or an array of `{type:'text', text}` parts. */
export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join(' ');
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function lastUserText(messages: ChatMessage[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return last ? messageText(last) : '';
}

const FILLER = (
  'the answer depends on context so consider each option carefully and weigh the evidence ' +
  'before reaching a conclusion several factors matter here including cost latency quality ' +
  'and the needs of the people involved a short summary follows with the key points first'
).split(' ');

/** FNV-1a: a stable seed, so the same model and prompt always give the same answer. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Deterministic answer, different per model: a recognisable prefix plus 30–60 words in all. */
export function defaultAnswer(model: string, messages: ChatMessage[]): string {
  const promptWords = lastUserText(messages).split(/\s+/).filter(Boolean).slice(0, 8);
  const prefix = `Fake answer from ${model} to: ${promptWords.join(' ').replace(/[.?!:;,]+$/, '')}.`;
  let seed = hash(`${model}\n${promptWords.join(' ')}`);
  const target = 30 + (seed % 31);
  const words: string[] = [];
  while (countWords(prefix) + words.length < target) {
    seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) >>> 0; // cheap PRNG step
    words.push(FILLER[seed % FILLER.length]!);
  }
  return `${prefix} ${words.join(' ')}.`;
}

/** The reasoning a behaviour streams before its answer ('' for none). */
export function reasoningFor(behaviour: FakeModelBehaviour, model: string, messages: ChatMessage[]): string {
  if (typeof behaviour.reasoning === 'string') return behaviour.reasoning;
  if (!behaviour.reasoning) return '';
  const promptWords = lastUserText(messages).split(/\s+/).filter(Boolean).slice(0, 8).join(' ');
  return `Fake reasoning of ${model}: the question is "${promptWords}". First weigh what is asked, then the options, then answer briefly.`;
}

/** Split into deltas whose concatenation is exactly `text`. */
export function chunkText(text: string, chunkSize?: number): string[] {
  if (chunkSize) {
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
    return chunks;
  }
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}

/** Default counts: one token per delta, reasoning deltas included in the completion (as OpenAI counts them). */
export function resolveUsage(behaviour: FakeModelBehaviour, messages: ChatMessage[], chunks: number, reasoningChunks = 0): ResolvedUsage {
  return {
    promptTokens: behaviour.usage?.promptTokens ?? messages.reduce((n, m) => n + countWords(messageText(m)), 0),
    completionTokens: behaviour.usage?.completionTokens ?? chunks + reasoningChunks,
    cachedTokens: behaviour.usage?.cachedTokens ?? 0,
    reasoningTokens: behaviour.usage?.reasoningTokens ?? reasoningChunks,
  };
}
