import type { MoAConfig } from '../moa/config';
import { extraReasoningTokens, reasoningTokenBound } from '../models/reasoning';
import type { ModelInfo } from '../models/types';

/**
 * A client-side, pre-run estimate of what a run can cost at most. No tokenizer here (it is
 * megabytes): a byte-level BPE token covers at least one UTF-8 byte, so bytes bound tokens.
 * Later layers read every answer of the layer before; each answer is bounded by its agent's
 * max output tokens. It is an estimate: another model's tokenizer may split an answer a little
 * differently.
 */
export type AgentEstimate = {
  layer: number;
  index: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** USD, or null when the model's price is unknown. */
  cost: number | null;
  contextWindow?: number;
};

export type RunEstimate = {
  layers: number;
  calls: number;
  /** The most answers any one agent reads. */
  maxFanIn: number;
  promptTokens: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum over agents with a known price. */
  knownCost: number;
  /** Models whose price is unknown, once each. */
  unknownPrice: string[];
  agents: AgentEstimate[];
  /** Agents whose input plus output may not fit their model's context window. */
  overflows: AgentEstimate[];
};

/** Chat formatting around each message, in tokens, generously. */
const MESSAGE_OVERHEAD = 16;
/** `<response n="12">\n…\n</response>\n\n` around each previous answer. */
const ANSWER_WRAPPER = 40;
const HEADING = 64;

const encoder = new TextEncoder();
export const tokenUpperBound = (text: string | undefined) => (text ? encoder.encode(text).length : 0);

type Price = { inputPerMTok: number; outputPerMTok: number };

/** Offline simulations cost nothing; other models cost what the catalog says, if it knows. */
export function priceOf(id: string, models: ModelInfo[]): Price | null {
  const model = models.find((m) => m.id === id);
  if (model?.price) return model.price;
  if (model?.kind === 'offline' || id.startsWith('offline:')) return { inputPerMTok: 0, outputPerMTok: 0 };
  return null;
}

export function estimateRun(config: MoAConfig, prompt: string, models: ModelInfo[]): RunEstimate {
  const promptTokens = tokenUpperBound(prompt);
  const synthesisTokens = tokenUpperBound(config.synthesisPrompt);
  const agents: AgentEstimate[] = [];
  let previousOutputs = 0;
  let previousCount = 0;
  config.layers.forEach((layer, l) => {
    layer.agents.forEach((agent, index) => {
      const readsAnswers = l > 0 ? synthesisTokens + HEADING + previousOutputs + previousCount * ANSWER_WRAPPER : 0;
      const inputTokens = promptTokens + tokenUpperBound(agent.systemPrompt) + readsAnswers + 2 * MESSAGE_OVERHEAD;
      // A thinking budget the provider adds to max output tokens is output too.
      const outputTokens = agent.maxOutputTokens + extraReasoningTokens(agent);
      const price = priceOf(agent.model, models);
      const cost = price ? (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1e6 : null;
      agents.push({ layer: l, index, model: agent.model, inputTokens, outputTokens, cost, contextWindow: models.find((m) => m.id === agent.model)?.contextWindow });
    });
    // Passed on, reasoning is read too: at most each agent's budget.
    previousOutputs = layer.agents.reduce((sum, a) => sum + a.maxOutputTokens + (config.passReasoning ? reasoningTokenBound(a) : 0), 0);
    previousCount = layer.agents.length;
  });
  return {
    layers: config.layers.length,
    calls: agents.length,
    maxFanIn: config.layers.slice(0, -1).reduce((max, layer) => Math.max(max, layer.agents.length), 0),
    promptTokens,
    inputTokens: agents.reduce((sum, a) => sum + a.inputTokens, 0),
    outputTokens: agents.reduce((sum, a) => sum + a.outputTokens, 0),
    knownCost: agents.reduce((sum, a) => sum + (a.cost ?? 0), 0),
    unknownPrice: [...new Set(agents.filter((a) => a.cost === null).map((a) => a.model))],
    agents,
    overflows: agents.filter((a) => a.contextWindow !== undefined && a.inputTokens + a.outputTokens > a.contextWindow),
  };
}

/** $0.0123, $1.24, $0 — small sums keep enough digits to mean something. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '< $0.0001';
  if (usd < 0.01) return `$${Number(usd.toPrecision(2))}`;
  return `$${usd.toFixed(2)}`;
}

/** Per 1M tokens: $0.15 / $0.60. */
export const formatPrice = (price: Price) => `$${trimPrice(price.inputPerMTok)} / $${trimPrice(price.outputPerMTok)}`;
const trimPrice = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2).replace(/\.00$/, '') : String(Number(n.toPrecision(3))));

/** 128k, 1M, 200k tokens of context. */
export function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}k`;
  return String(tokens);
}
