/**
 * How the sequences of one context share llama.cpp's decode steps. Decoding them together in
 * one batch pays only when a step of n tokens costs less than n steps of one, and that depends
 * on the CPU kernels of the model's weight type: measured on a 2-core x86 machine, a 3-token
 * step of a 0.5B-shaped Q8_0 or Q5_0 model cost 3–5 one-token steps, of Q4_0 2.3–3, of F16
 * about 2. So each loaded model is timed once, and its context either batches its sequences
 * (node-llama-cpp's `maximumParallelism`) or gives each step to one sequence, in turn.
 */
import type { BatchItem, LlamaContextSequence, LlamaModel, PrioritizedBatchItem } from 'node-llama-cpp';

export type DecodePolicy = 'together' | 'turns';

export type DecodeTiming = {
  policy: DecodePolicy;
  /** Fastest one-token step of one sequence, and of every sequence at once (ms). */
  aloneMs: number;
  togetherMs: number;
  sequences: number;
};

/** Batching wins when the shared step is clearly cheaper than the same tokens one by one. */
const TOGETHER_BELOW = 0.85;
const ROUNDS = 4;

/** A batching strategy: only the item queued first (a sequence's next token, or its prompt), so sequences take the steps in turn. */
export function takeTurns({ items, size }: { items: readonly BatchItem[]; size: number }): PrioritizedBatchItem[] {
  const item = items[0];
  return item ? [{ item, processAmount: Math.min(item.tokens.length, size) }] : [];
}

/**
 * Times one-token steps (with logits and sampling, as in generation) of one sequence and of
 * `sequences` at once, on a small context of its own that is then disposed.
 */
export async function timeDecodeSteps(model: LlamaModel, options: { sequences: number; threads: number }): Promise<DecodeTiming> {
  const context = await model.createContext({ sequences: options.sequences, contextSize: 64, threads: options.threads });
  try {
    const sequences = Array.from({ length: options.sequences }, () => context.getSequence());
    const token = model.tokenize('the')[0] ?? 0;
    const step = (s: LlamaContextSequence) => s.controlledEvaluate([[token, { generateNext: { token: true } }]]);
    let aloneMs = Infinity;
    let togetherMs = Infinity;
    await Promise.all(sequences.map(step)); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      let start = performance.now();
      await step(sequences[0]);
      aloneMs = Math.min(aloneMs, performance.now() - start);
      start = performance.now();
      await Promise.all(sequences.map(step));
      togetherMs = Math.min(togetherMs, performance.now() - start);
    }
    const policy = options.sequences > 1 && togetherMs < TOGETHER_BELOW * options.sequences * aloneMs ? 'together' : 'turns';
    return { policy, aloneMs, togetherMs, sequences: options.sequences };
  } finally {
    await context.dispose();
  }
}
