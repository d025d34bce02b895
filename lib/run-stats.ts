import { roundUsd, sumCosts, type Cost } from './cost';
import { estimateTflops } from './models/params';
import type { AgentStatus, AgentView, RunView } from './run-view';

/** One agent's accounting, derived from the run view alone (live, stored and replayed alike). */
export type AgentStats = {
  layer: number;
  agent: number;
  model: string;
  status: AgentStatus;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  /** Some counts are a tokenizer estimate (the provider reported none, or the call was cancelled). */
  estimated: boolean;
  /** The reasoning count is a tokenizer estimate of the reasoning text. */
  reasoningEstimated: boolean;
  /** undefined: no usage yet; null: price unknown. */
  cost: Cost | null | undefined;
  /** Run-relative ms: request sent, first token, last token (or now, while streaming). */
  startT?: number;
  firstTokenT?: number;
  endT?: number;
  ttftMs?: number;
  /** Request to the first token of the answer, when the agent reasoned first. */
  firstAnswerMs?: number;
  /** The agent's own time, request to last token. */
  latencyMs?: number;
  /** Output tokens per second of generation (after the first token). */
  tokensPerSecond?: number;
  /** ~2 × (active) params × tokens; undefined when the model's size is unknown. */
  tflops?: number;
};

export type Totals = {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  estimated: boolean;
  reasoningEstimated: boolean;
  cost: Cost;
  /** Calls with usage and a known price, and those without one (`cost` leaves them out). */
  priced: number;
  unpriced: number;
  tflops: number;
  /** Calls with tokens whose model size is unknown: `tflops` leaves them out. */
  unsized: number;
};

export type LayerStats = Totals & {
  layer: number;
  /** The slowest agent's own time: what the layer costs on the critical path. */
  slowestMs: number;
  /** First request to last token of the layer. */
  wallMs: number;
};

export type RunStats = {
  agents: AgentStats[];
  layers: LayerStats[];
  totals: Totals;
  /** Σ over layers of the slowest agent's own time: the run's time if only that mattered. */
  criticalPathMs: number;
  /** Run start to its last event. */
  wallMs: number;
  /** Cumulative spend by run time, a point per priced call as it ends. */
  costCurve: { t: number; usd: number; label: string }[];
};

const round1 = (n: number) => Math.round(n * 10) / 10;

export function agentStats(view: AgentView, now: number, parameters: RunView['parameters']): AgentStats {
  const usage = view.usage;
  const inputTokens = usage?.inputTokens ?? 0;
  const outputTokens = usage?.outputTokens ?? 0;
  const startT = view.startedT;
  const endT = view.endedT ?? (view.status === 'streaming' && startT !== undefined ? now : undefined);
  const latencyMs = view.latencyMs ?? (startT !== undefined && endT !== undefined ? round1(endT - startT) : undefined);
  const ttftMs = view.firstTokenMs;
  const generationMs = latencyMs !== undefined ? latencyMs - (ttftMs ?? 0) : undefined;
  const params = parameters?.[view.model];
  return {
    layer: view.layer,
    agent: view.agent,
    model: view.model,
    status: view.status,
    inputTokens,
    outputTokens,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    cachedTokens: usage?.cachedInputTokens ?? 0,
    estimated: !!usage?.estimated,
    reasoningEstimated: !!usage?.reasoningEstimated,
    cost: usage ? (view.cost ?? null) : undefined,
    startT,
    firstTokenT: startT !== undefined && ttftMs !== undefined ? round1(startT + ttftMs) : undefined,
    endT,
    ttftMs,
    firstAnswerMs: view.firstAnswerTokenMs,
    latencyMs,
    tokensPerSecond: usage && generationMs && generationMs > 0 ? round1((outputTokens * 1000) / generationMs) : undefined,
    tflops: usage && params ? estimateTflops(params, inputTokens + outputTokens) : undefined,
  };
}

/** The figures of several agents (a layer's, a run's) added up; unpriced calls are counted, not costed. */
export function sumAgentStats(agents: AgentStats[]): Totals {
  const used = agents.filter((a) => a.cost !== undefined);
  const { cost, unpriced } = sumCosts(used.map((a) => a.cost));
  return {
    inputTokens: sum(agents, (a) => a.inputTokens),
    outputTokens: sum(agents, (a) => a.outputTokens),
    reasoningTokens: sum(agents, (a) => a.reasoningTokens),
    cachedTokens: sum(agents, (a) => a.cachedTokens),
    estimated: agents.some((a) => a.estimated),
    reasoningEstimated: agents.some((a) => a.reasoningEstimated),
    cost,
    priced: used.length - unpriced,
    unpriced,
    tflops: sum(agents, (a) => a.tflops ?? 0),
    unsized: used.filter((a) => a.tflops === undefined).length,
  };
}

/** The cost in USD, or null when some call's price is unknown: a total with gaps is no total. */
export const knownCostUsd = ({ cost, unpriced }: Pick<Totals, 'cost' | 'unpriced'>): number | null => (unpriced === 0 ? cost.totalUsd : null);

/** Every figure the metrics section shows, from the run view alone. */
export function runStats(view: RunView): RunStats {
  const now = view.lastT;
  const byLayer = view.layers.map((layer) => layer.map((a) => agentStats(a, now, view.parameters)));
  const agents = byLayer.flat();
  const layers = byLayer.map((layerAgents, layer): LayerStats => {
    const starts = layerAgents.flatMap((a) => (a.startT === undefined ? [] : [a.startT]));
    const ends = layerAgents.flatMap((a) => (a.endT === undefined ? [] : [a.endT]));
    return {
      ...sumAgentStats(layerAgents),
      layer,
      slowestMs: Math.max(0, ...layerAgents.map((a) => a.latencyMs ?? 0)),
      wallMs: starts.length && ends.length ? round1(Math.max(...ends) - Math.min(...starts)) : 0,
    };
  });

  const costCurve: RunStats['costCurve'] = [{ t: 0, usd: 0, label: 'start' }];
  let running = 0;
  for (const a of agents.filter((x) => x.cost && x.endT !== undefined && x.status !== 'streaming').sort((x, y) => x.endT! - y.endT!)) {
    running = roundUsd(running + a.cost!.totalUsd);
    costCurve.push({ t: a.endT!, usd: running, label: `L${a.layer + 1}·${a.agent + 1} ${a.model}` });
  }

  return {
    agents,
    layers,
    totals: sumAgentStats(agents),
    criticalPathMs: round1(layers.reduce((n, l) => n + l.slowestMs, 0)),
    wallMs: view.lastT,
    costCurve,
  };
}

const sum = <T,>(items: T[], of: (item: T) => number) => items.reduce((n, item) => n + of(item), 0);
