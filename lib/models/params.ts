/**
 * Parameter counts of open-weight models, for the compute estimate (~2 × params × tokens).
 * models.dev lists none, so they come from the model id where it states them, corrected by a
 * small table where the id misleads (mixture-of-experts names) or says nothing.
 */
export type ParamCount = {
  /** Billions of parameters in all. */
  totalB: number;
  /** Billions active per token (mixture-of-experts); the FLOPs estimate uses it when known. */
  activeB?: number;
  source: 'model id' | 'override table';
};

/**
 * Published totals where the id is not enough. `8x22b` in a name multiplies to 176B, but the
 * experts share attention weights, so Mixtral 8x22B has 141B in all and 39B active.
 */
export const PARAM_OVERRIDES: { match: RegExp; totalB: number; activeB?: number; note: string }[] = [
  { match: /mixtral-8x22b/i, totalB: 141, activeB: 39, note: 'Mistral AI, Mixtral 8x22B announcement' },
  { match: /mixtral-8x7b/i, totalB: 46.7, activeB: 12.9, note: 'Mistral AI, Mixtral of experts paper' },
  { match: /gpt-oss-120b/i, totalB: 117, activeB: 5.1, note: 'OpenAI gpt-oss model card' },
  { match: /gpt-oss-20b/i, totalB: 21, activeB: 3.6, note: 'OpenAI gpt-oss model card' },
  { match: /deepseek-(v3|r1|chat|reasoner)(?!.*distill)/i, totalB: 671, activeB: 37, note: 'DeepSeek-V3 technical report' },
  { match: /kimi-k2/i, totalB: 1000, activeB: 32, note: 'Moonshot AI, Kimi K2 model card' },
  { match: /llama-4-maverick/i, totalB: 400, activeB: 17, note: 'Meta, Llama 4 model card' },
  { match: /llama-4-scout/i, totalB: 109, activeB: 17, note: 'Meta, Llama 4 model card' },
];

const NUM = String.raw`(\d+(?:\.\d+)?)`;
// A size token stands alone between separators: "70b" in "llama-3.3-70b-versatile" or "qwen2.5:72b",
// not the "4b" of "gemma-3n-e4b" (an "effective" size).
const EDGE_L = String.raw`(?:^|[-_/.:])`;
const EDGE_R = String.raw`(?=$|[-_/.:])`;
const TOTAL_ACTIVE = new RegExp(`${EDGE_L}${NUM}b-a${NUM}b${EDGE_R}`, 'i'); // qwen3-235b-a22b
const EXPERTS = new RegExp(`${EDGE_L}(\\d+)x${NUM}b${EDGE_R}`, 'i'); // 8x22b
const PLAIN = new RegExp(`${EDGE_L}${NUM}b${EDGE_R}`, 'i'); // 70b

/** The parameter count a model id states or the override table knows; undefined when unknown. */
export function paramsFromModelId(modelId: string): ParamCount | undefined {
  const override = PARAM_OVERRIDES.find((o) => o.match.test(modelId));
  if (override) return { totalB: override.totalB, activeB: override.activeB, source: 'override table' };
  const ta = TOTAL_ACTIVE.exec(modelId);
  if (ta) return { totalB: Number(ta[1]), activeB: Number(ta[2]), source: 'model id' };
  // Nominal experts × size: an upper bound on the total, used only when no override knows better.
  const ex = EXPERTS.exec(modelId);
  if (ex) return { totalB: Number(ex[1]) * Number(ex[2]), source: 'model id' };
  const plain = PLAIN.exec(modelId);
  if (plain) return { totalB: Number(plain[1]), source: 'model id' };
  return undefined;
}

/** ~2 × (active) parameters × tokens, in TFLOPs: the paper's compute proxy for latency. */
export function estimateTflops(params: ParamCount, tokens: number): number {
  return (2 * (params.activeB ?? params.totalB) * 1e9 * tokens) / 1e12;
}
