import { agentSchema, DEFAULT_TOP_K, DEFAULT_WINDOW, describeIssues, moaConfigSchema, resolveResilience, type AgentConfig, type LayerConfig, type MoAConfig, type Resilience, type Strategy } from '../moa/config';
import { DEFAULT_COUNCIL_PROMPT } from '../moa/council';
import { DEFAULT_RANK_PROMPT, DEFAULT_TOP_K_PROMPT } from '../moa/prompts';
import type { ModelInfo } from '../models/types';

/** Where an agent sits on the board: layer and position, both 0-based. */
export type Slot = { layer: number; index: number };

export type AgentPatch = Partial<Pick<AgentConfig, 'model' | 'temperature' | 'topP' | 'maxOutputTokens' | 'systemPrompt' | 'reasoning'>>;

/** Every edit the board can make, as data: the store applies, labels, validates and undoes these. */
export type BoardOp =
  | { type: 'add-agent'; layer: number }
  | { type: 'duplicate-agent'; layer: number; index: number }
  | { type: 'remove-agent'; layer: number; index: number }
  | { type: 'update-agent'; layer: number; index: number; patch: AgentPatch }
  | { type: 'add-layer' }
  | { type: 'duplicate-layer'; layer: number }
  | { type: 'remove-layer'; layer: number }
  | { type: 'move-agent'; from: Slot; to: Slot }
  | { type: 'set-synthesis-prompt'; text: string }
  | { type: 'set-rank-prompt'; text: string }
  | { type: 'set-top-k-prompt'; text: string }
  | { type: 'set-council-prompt'; text: string }
  | { type: 'set-window-prompt'; text: string }
  | { type: 'set-layer-strategy'; layer: number; strategy: Strategy }
  | { type: 'set-layer-top-k'; layer: number; patch: Partial<Pick<LayerConfig, 'topK' | 'earlyStop'>> }
  /** `seed: undefined` clears it: the engine draws one at run start and records it. */
  | { type: 'set-layer-council'; layer: number; seed: number | undefined }
  | { type: 'set-layer-window'; layer: number; window: number }
  | { type: 'set-resilience'; patch: Partial<Resilience> }
  | { type: 'set-pass-reasoning'; on: boolean };

const RESILIENCE_DEFAULTS = resolveResilience();
const RESILIENCE_NAMES: Record<keyof Resilience, string> = {
  maxRetries: 'retries',
  retryBaseDelayMs: 'first retry delay',
  maxRetryDelayMs: 'longest retry wait',
  firstTokenTimeoutMs: 'first-token timeout',
  callTimeoutMs: 'call timeout',
  quorum: 'quorum',
  earlyAggregation: 'early aggregation',
  graceMs: 'grace period',
};

/** `message` says where ("layer 2 › agent 1 › temperature: …"); `raw` is the schema's own words. */
export type BoardIssue = { path: PropertyKey[]; message: string; raw: string };

export const isFinalLayer = (config: MoAConfig, layer: number) => layer === config.layers.length - 1;

export type AgentRole = 'proposer' | 'refiner' | 'aggregator' | 'judge' | 'ranker';
/**
 * The role follows from the place: first layer proposes, the last aggregates, the rest refine;
 * given the layer's strategy, a top-k layer's agent is its judge wherever it is, and a council
 * layer's agents (never last: a chairman follows) are rankers.
 */
export const roleOf = (layer: number, layers: number, strategy?: Strategy): AgentRole =>
  layer > 0 && strategy === 'top-k' ? 'judge' : layer === layers - 1 ? 'aggregator' : layer === 0 ? 'proposer' : strategy === 'council' ? 'ranker' : 'refiner';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What a layer does, as the grid's band and the Markdown export head it. */
export const layerCaption = (role: AgentRole, layer: LayerConfig): string =>
  role === 'judge'
    ? `Top-k judge · keeps the best ${layer.topK ?? DEFAULT_TOP_K}${layer.earlyStop ? ', stops early when they agree' : ''}`
    : role === 'ranker'
      ? `Council · ${plural(layer.agents.length, 'ranker ranks', 'rankers rank')} the answers anonymously (Borda count)`
      : layer.strategy === 'rank'
        ? `LLM-ranker · ${layer.agents.length === 1 ? 'picks one answer' : `${layer.agents.length} agents each pick one answer`}`
        : layer.strategy === 'sliding-window'
          ? `Sliding window · ${layer.window ?? DEFAULT_WINDOW} answers a step${role === 'aggregator' ? ', final' : ''}`
          : `${role === 'aggregator' ? 'Final aggregator' : role === 'proposer' ? 'Proposers' : 'Aggregate & refine'} · ${plural(layer.agents.length, 'agent', 'agents')}`;

let counter = 0;
/** Short, unique within a page: only used as React and drag-and-drop keys. */
export function newAgentId(): string {
  counter = (counter + 1) % 0x10000;
  return `a${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}${counter.toString(36)}`;
}

/** Gives every agent a unique id (keeps the ones it has, unless duplicated). */
export function withIds(config: MoAConfig): MoAConfig {
  const seen = new Set<string>();
  let changed = false;
  const layers = config.layers.map((layer) => ({
    ...layer,
    agents: layer.agents.map((agent) => {
      if (agent.id && !seen.has(agent.id)) {
        seen.add(agent.id);
        return agent;
      }
      changed = true;
      const id = newAgentId();
      seen.add(id);
      return { ...agent, id };
    }),
  }));
  return changed ? { ...config, layers } : config;
}

/** The config without the builder's ids: what files and links carry. */
export function stripIds(config: MoAConfig): MoAConfig {
  return {
    ...config,
    layers: config.layers.map((layer) => ({ ...layer, agents: layer.agents.map(({ id: _id, ...agent }) => agent) })),
  };
}

/** Key order differs between a built preset, a parsed config and jsonb: compare sorted. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/** Whether two configs are the same board, the builder's card ids aside. */
export const sameConfig = (a: MoAConfig, b: MoAConfig): boolean => canonical(stripIds(a)) === canonical(stripIds(b));

/** Schema issues of a config: the server's own rules, so the board and the API agree. */
export function boardIssues(config: MoAConfig): BoardIssue[] {
  const result = moaConfigSchema.safeParse(config);
  if (result.success) return [];
  const messages = describeIssues(result.error);
  return result.error.issues.map((issue, i) => ({ path: issue.path, message: messages[i], raw: issue.message }));
}

/** Models a new agent gets, in order: real ones before offline simulations, proposers first. */
function proposerPool(models: ModelInfo[]): string[] {
  const real = models.filter((m) => m.kind !== 'offline');
  const pool = real.length ? real : models;
  const proposers = pool.filter((m) => m.role !== 'aggregator');
  return (proposers.length ? proposers : pool).map((m) => m.id);
}

const freshAgent = (model: string): AgentConfig => ({ ...agentSchema.parse({ model }), id: newAgentId() });

const copyAgent = (agent: AgentConfig): AgentConfig => ({ ...agent, id: newAgentId() });

function replaceLayerAgents(config: MoAConfig, layer: number, agents: AgentConfig[]): MoAConfig {
  return { ...config, layers: config.layers.map((l, i) => (i === layer ? { ...l, agents } : l)) };
}

function applyPatch(agent: AgentConfig, patch: AgentPatch): AgentConfig {
  const next: AgentConfig = { ...agent, ...patch };
  // Cleared optional fields leave the config rather than sit there as undefined or ''.
  if (next.topP === undefined) delete next.topP;
  if (next.systemPrompt === undefined || next.systemPrompt === '') delete next.systemPrompt;
  if (next.reasoning === undefined || next.reasoning === 'off') delete next.reasoning;
  return next;
}

/**
 * Applies one edit. Pure: returns a new config (or the same one when the edit changes nothing).
 * It does not validate; the store refuses results the schema rejects.
 */
export function applyOp(config: MoAConfig, op: BoardOp, models: ModelInfo[]): MoAConfig {
  const layers = config.layers;
  switch (op.type) {
    case 'add-agent': {
      const agents = layers[op.layer]?.agents;
      if (!agents) return config;
      const used = new Set(agents.map((a) => a.model));
      const pool = proposerPool(models);
      // Diversity first: a model the layer lacks, else the pool in turn.
      const model = pool.find((m) => !used.has(m)) ?? pool[agents.length % pool.length] ?? agents.at(-1)?.model;
      if (!model) return config;
      return replaceLayerAgents(config, op.layer, [...agents, freshAgent(model)]);
    }
    case 'duplicate-agent': {
      const agents = layers[op.layer]?.agents;
      const agent = agents?.[op.index];
      if (!agents || !agent) return config;
      return replaceLayerAgents(config, op.layer, [...agents.slice(0, op.index + 1), copyAgent(agent), ...agents.slice(op.index + 1)]);
    }
    case 'remove-agent': {
      const agents = layers[op.layer]?.agents;
      if (!agents?.[op.index]) return config;
      return replaceLayerAgents(config, op.layer, agents.filter((_, i) => i !== op.index));
    }
    case 'update-agent': {
      const agents = layers[op.layer]?.agents;
      const agent = agents?.[op.index];
      if (!agents || !agent) return config;
      const next = applyPatch(agent, op.patch);
      const same = (Object.keys({ ...agent, ...next }) as (keyof AgentConfig)[]).every((key) => agent[key] === next[key]);
      return same ? config : replaceLayerAgents(config, op.layer, agents.map((a, i) => (i === op.index ? next : a)));
    }
    case 'add-layer': {
      // New layers go before the final aggregator, which stays last.
      const model = proposerPool(models)[0] ?? layers[0]?.agents[0]?.model;
      if (!model) return config;
      const at = Math.max(0, layers.length - 1);
      return { ...config, layers: [...layers.slice(0, at), { agents: [freshAgent(model)] }, ...layers.slice(at)] };
    }
    case 'duplicate-layer': {
      const layer = layers[op.layer];
      if (!layer || isFinalLayer(config, op.layer)) return config;
      const copy = { ...layer, agents: layer.agents.map(copyAgent) };
      return { ...config, layers: [...layers.slice(0, op.layer + 1), copy, ...layers.slice(op.layer + 1)] };
    }
    case 'remove-layer':
      if (!layers[op.layer]) return config;
      return { ...config, layers: layers.filter((_, i) => i !== op.layer) };
    case 'move-agent':
      return moveAgent(config, op.from, op.to);
    case 'set-synthesis-prompt':
      return op.text === config.synthesisPrompt ? config : { ...config, synthesisPrompt: op.text };
    case 'set-rank-prompt': {
      // The default leaves the config, so an untouched board stays as it was.
      if (op.text === (config.rankPrompt ?? DEFAULT_RANK_PROMPT)) return config;
      const { rankPrompt: _, ...rest } = config;
      return op.text === DEFAULT_RANK_PROMPT ? rest : { ...config, rankPrompt: op.text };
    }
    case 'set-top-k-prompt': {
      if (op.text === (config.topKPrompt ?? DEFAULT_TOP_K_PROMPT)) return config;
      const { topKPrompt: _, ...rest } = config;
      return op.text === DEFAULT_TOP_K_PROMPT ? rest : { ...config, topKPrompt: op.text };
    }
    case 'set-council-prompt': {
      if (op.text === (config.councilPrompt ?? DEFAULT_COUNCIL_PROMPT)) return config;
      const { councilPrompt: _, ...rest } = config;
      return op.text === DEFAULT_COUNCIL_PROMPT ? rest : { ...config, councilPrompt: op.text };
    }
    case 'set-window-prompt': {
      // Absent, a sliding window uses the synthesis prompt: that is its default.
      if (op.text === (config.windowPrompt ?? config.synthesisPrompt)) return config;
      const { windowPrompt: _, ...rest } = config;
      return op.text === config.synthesisPrompt ? rest : { ...config, windowPrompt: op.text };
    }
    case 'set-layer-strategy': {
      const layer = layers[op.layer];
      if (!layer || op.layer === 0 || (layer.strategy ?? 'synthesize') === op.strategy) return config;
      const { strategy: _, topK: _k, earlyStop: _e, seed: _s, window: _w, ...plain } = layer;
      // A top-k layer's one agent is its judge, a sliding window's its aggregator: the first agent stays (undo brings the others back).
      const next: LayerConfig =
        op.strategy === 'synthesize'
          ? plain
          : op.strategy === 'top-k'
            ? { ...plain, agents: plain.agents.slice(0, 1), strategy: 'top-k', topK: DEFAULT_TOP_K }
            : op.strategy === 'sliding-window'
              ? { ...plain, agents: plain.agents.slice(0, 1), strategy: 'sliding-window', window: DEFAULT_WINDOW }
              : { ...plain, strategy: op.strategy };
      return { ...config, layers: layers.map((l, i) => (i === op.layer ? next : l)) };
    }
    case 'set-layer-top-k': {
      const layer = layers[op.layer];
      if (layer?.strategy !== 'top-k') return config;
      const next = { ...layer, ...op.patch };
      if (!next.earlyStop) delete next.earlyStop;
      if (next.topK === layer.topK && next.earlyStop === layer.earlyStop) return config;
      return { ...config, layers: layers.map((l, i) => (i === op.layer ? next : l)) };
    }
    case 'set-layer-council': {
      const layer = layers[op.layer];
      if (layer?.strategy !== 'council' || layer.seed === op.seed) return config;
      const { seed: _, ...rest } = layer;
      const next = op.seed === undefined ? rest : { ...rest, seed: op.seed };
      return { ...config, layers: layers.map((l, i) => (i === op.layer ? next : l)) };
    }
    case 'set-layer-window': {
      const layer = layers[op.layer];
      if (layer?.strategy !== 'sliding-window' || layer.window === op.window) return config;
      return { ...config, layers: layers.map((l, i) => (i === op.layer ? { ...layer, window: op.window } : l)) };
    }
    case 'set-resilience':
      return setResilience(config, op.patch);
    case 'set-pass-reasoning': {
      // Off leaves the config, so an untouched board stays as it was.
      if (!!config.passReasoning === op.on) return config;
      const { passReasoning: _, ...rest } = config;
      return op.on ? { ...rest, passReasoning: true } : rest;
    }
  }
}

/** Settings equal to the defaults leave the config, so an untouched board stays as it was. */
function setResilience(config: MoAConfig, patch: Partial<Resilience>): MoAConfig {
  const current = resolveResilience(config.resilience);
  const next = { ...current, ...patch };
  const keys = Object.keys(RESILIENCE_DEFAULTS) as (keyof Resilience)[];
  if (config.resilience && keys.every((k) => next[k] === current[k])) return config;
  if (keys.every((k) => next[k] === RESILIENCE_DEFAULTS[k])) {
    if (!config.resilience) return config;
    const { resilience: _, ...rest } = config;
    return rest;
  }
  return { ...config, resilience: next };
}

/**
 * Moves an agent. Within a layer, `to.index` is its new position; into another layer, the
 * position it is inserted at. The final layer always keeps exactly one agent, so a move into or
 * out of it swaps: the moved agent becomes the aggregator and the aggregator takes its place.
 */
export function moveAgent(config: MoAConfig, from: Slot, to: Slot): MoAConfig {
  const source = config.layers[from.layer]?.agents;
  const target = config.layers[to.layer]?.agents;
  const agent = source?.[from.index];
  if (!source || !target || !agent) return config;
  if (from.layer === to.layer) {
    const index = clamp(to.index, 0, source.length - 1);
    if (index === from.index) return config;
    const agents = source.filter((_, i) => i !== from.index);
    agents.splice(index, 0, agent);
    return replaceLayerAgents(config, from.layer, agents);
  }
  const last = config.layers.length - 1;
  if (from.layer === last || to.layer === last) {
    const other: Slot = to.layer === last ? { layer: last, index: 0 } : { layer: to.layer, index: clamp(to.index, 0, target.length - 1) };
    const otherAgent = config.layers[other.layer].agents[other.index];
    return {
      ...config,
      layers: config.layers.map((layer, l) =>
        l === from.layer || l === other.layer
          ? {
              ...layer,
              agents: layer.agents.map((a, i) =>
                l === from.layer && i === from.index ? otherAgent : l === other.layer && i === other.index ? agent : a,
              ),
            }
          : layer,
      ),
    };
  }
  const index = clamp(to.index, 0, target.length);
  return {
    ...config,
    layers: config.layers.map((layer, l) =>
      l === from.layer
        ? { ...layer, agents: source.filter((_, i) => i !== from.index) }
        : l === to.layer
          ? { ...layer, agents: [...target.slice(0, index), agent, ...target.slice(index)] }
          : layer,
    ),
  };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

const FIELD_NAMES: Record<keyof AgentPatch, string> = {
  model: 'model',
  temperature: 'temperature',
  topP: 'top-p',
  maxOutputTokens: 'max output tokens',
  systemPrompt: 'system prompt',
  reasoning: 'reasoning',
};

/** Who an agent is, in words: "the aggregator" or "agent 2 of layer 1". */
export function agentName(config: MoAConfig, slot: Slot): string {
  return isFinalLayer(config, slot.layer) ? 'the aggregator' : `agent ${slot.index + 1} of layer ${slot.layer + 1}`;
}

/** What an edit did, for the undo button and screen readers. */
export function describeOp(config: MoAConfig, op: BoardOp): string {
  switch (op.type) {
    case 'add-agent':
      return `Add an agent to layer ${op.layer + 1}`;
    case 'duplicate-agent':
      return `Duplicate ${agentName(config, op)}`;
    case 'remove-agent':
      return `Remove ${agentName(config, op)}`;
    case 'update-agent': {
      const fields = (Object.keys(op.patch) as (keyof AgentPatch)[]).map((k) => FIELD_NAMES[k]).join(', ');
      return `Change the ${fields} of ${agentName(config, op)}`;
    }
    case 'add-layer':
      return 'Add a layer';
    case 'duplicate-layer':
      return `Duplicate layer ${op.layer + 1}`;
    case 'remove-layer':
      return `Remove layer ${op.layer + 1}`;
    case 'move-agent': {
      const last = config.layers.length - 1;
      if (op.from.layer !== op.to.layer && (op.from.layer === last || op.to.layer === last)) return `Swap ${agentName(config, op.from)} with the aggregator`;
      return op.from.layer === op.to.layer
        ? `Move ${agentName(config, op.from)} to position ${op.to.index + 1}`
        : `Move ${agentName(config, op.from)} to layer ${op.to.layer + 1}`;
    }
    case 'set-synthesis-prompt':
      return 'Edit the synthesis prompt';
    case 'set-rank-prompt':
      return 'Edit the ranking prompt';
    case 'set-top-k-prompt':
      return 'Edit the top-k judge prompt';
    case 'set-council-prompt':
      return 'Edit the council prompt';
    case 'set-window-prompt':
      return 'Edit the sliding-window prompt';
    case 'set-layer-strategy': {
      const removed = (config.layers[op.layer]?.agents.length ?? 1) - 1;
      if (op.strategy === 'council') return `Make layer ${op.layer + 1} a council (every agent ranks all answers)`;
      if (op.strategy === 'sliding-window')
        return `Make layer ${op.layer + 1} a sliding window of ${DEFAULT_WINDOW} answers${removed ? ` (its agent 1 aggregates; ${removed} ${removed === 1 ? 'agent' : 'agents'} removed)` : ''}`;
      if (op.strategy !== 'top-k') return `Make layer ${op.layer + 1} ${op.strategy === 'rank' ? 'rank' : 'synthesise'}`;
      return `Make layer ${op.layer + 1} keep the best ${DEFAULT_TOP_K} answers${removed ? ` (its agent 1 judges; ${removed} ${removed === 1 ? 'agent' : 'agents'} removed)` : ''}`;
    }
    case 'set-layer-top-k':
      return op.patch.topK !== undefined
        ? `Make layer ${op.layer + 1} keep the best ${op.patch.topK}`
        : `Turn early stop ${op.patch.earlyStop ? 'on' : 'off'} in layer ${op.layer + 1}`;
    case 'set-layer-council':
      return op.seed === undefined ? `Draw layer ${op.layer + 1}’s council seed at run start` : `Set layer ${op.layer + 1}’s council seed to ${op.seed}`;
    case 'set-layer-window':
      return `Make layer ${op.layer + 1} read ${op.window} answers a step`;
    case 'set-resilience': {
      const keys = Object.keys(op.patch) as (keyof Resilience)[];
      return keys.length === Object.keys(RESILIENCE_DEFAULTS).length ? 'Reset the resilience settings' : `Change the ${keys.map((k) => RESILIENCE_NAMES[k]).join(', ')}`;
    }
    case 'set-pass-reasoning':
      return op.on ? 'Pass the reasoning on to aggregators' : 'Pass only the answers on to aggregators';
  }
}

/**
 * Edits that may merge into one undo step when they follow each other quickly: typing into the
 * same field of the same agent, or into the synthesis prompt.
 */
export function coalesceKey(config: MoAConfig, op: BoardOp): string | null {
  if (op.type === 'set-synthesis-prompt') return 'synthesis';
  if (op.type === 'set-rank-prompt') return 'rank';
  if (op.type === 'set-top-k-prompt') return 'top-k';
  if (op.type === 'set-council-prompt') return 'council';
  if (op.type === 'set-window-prompt') return 'window';
  if (op.type === 'set-resilience') return `resilience:${Object.keys(op.patch).sort().join(',')}`;
  if (op.type === 'update-agent') {
    const id = config.layers[op.layer]?.agents[op.index]?.id ?? `${op.layer}.${op.index}`;
    return `agent:${id}:${Object.keys(op.patch).sort().join(',')}`;
  }
  return null;
}

/** Where the agent with this id is, or null. */
export function locateAgent(config: MoAConfig, id: string): Slot | null {
  for (let layer = 0; layer < config.layers.length; layer++) {
    const index = config.layers[layer].agents.findIndex((a) => a.id === id);
    if (index >= 0) return { layer, index };
  }
  return null;
}

/** Drop zones at the end of each layer have ids like `end:2`. */
export const endZoneId = (layer: number) => `end:${layer}`;

/**
 * Turns a drag (the dragged agent, what it is over, and whether it is past that card's middle)
 * into a move, or null when it would change nothing.
 */
export function dropMove(config: MoAConfig, activeId: string, overId: string, pastMiddle: boolean): { from: Slot; to: Slot } | null {
  const from = locateAgent(config, activeId);
  if (!from) return null;
  let to: Slot | null;
  if (overId.startsWith('end:')) {
    const layer = Number(overId.slice(4));
    const length = config.layers[layer]?.agents.length;
    if (length === undefined) return null;
    to = { layer, index: layer === from.layer ? length - 1 : length };
  } else {
    to = locateAgent(config, overId);
    if (to && to.layer !== from.layer && pastMiddle && !isFinalLayer(config, to.layer) && !isFinalLayer(config, from.layer)) to = { ...to, index: to.index + 1 };
  }
  if (!to || (to.layer === from.layer && to.index === from.index)) return null;
  if (from.layer !== to.layer && isFinalLayer(config, from.layer) && isFinalLayer(config, to.layer)) return null;
  return { from, to };
}
