import { z } from 'zod';
import '../zod-without-eval';
import { DEFAULT_SYNTHESIS_PROMPT } from './prompts';

/** Hard limits: the same numbers bound the API, the builder, the URL and the database. */
export const LIMITS = {
  maxLayers: 6,
  maxAgentsPerLayer: 12,
  maxCallsPerRun: 48,
  maxOutputTokens: 32_768,
  maxPromptChars: 32_000,
  maxSystemPromptChars: 8_000,
  maxSynthesisPromptChars: 8_000,
  maxRetries: 5,
} as const;

/** `provider:model`, e.g. `openai:gpt-4o-mini` or `offline:concise`. */
export const modelIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]*:[^\s]+$/, 'Model ids look like "provider:model", e.g. "offline:concise".')
  .max(200);

/**
 * How much an agent thinks before it answers (lib/models/reasoning.ts maps it to each
 * provider's own option). Absent: off, the provider's default.
 */
export const REASONING_LEVELS = ['off', 'low', 'medium', 'high'] as const;
export type ReasoningLevel = (typeof REASONING_LEVELS)[number];

export const agentSchema = z.object({
  /** Optional and opaque: the builder keys its cards (drag and drop) on it; runs ignore it. */
  id: z.string().max(64).optional(),
  model: modelIdSchema,
  temperature: z.number('Temperature must be a number.').min(0, 'Temperature is at least 0.').max(2, 'Temperature is at most 2.').default(0.7),
  topP: z.number('Top-p must be a number.').gt(0, 'Top-p must be above 0.').max(1, 'Top-p is at most 1.').optional(),
  maxOutputTokens: z
    .number('Max output tokens must be a number.')
    .int('Max output tokens must be a whole number.')
    .min(1, 'Max output tokens is at least 1.')
    .max(LIMITS.maxOutputTokens, `Max output tokens is at most ${LIMITS.maxOutputTokens.toLocaleString('en-US')}.`)
    .default(1024),
  systemPrompt: z.string().max(LIMITS.maxSystemPromptChars, `System prompts are limited to ${LIMITS.maxSystemPromptChars.toLocaleString('en-US')} characters.`).optional(),
  reasoning: z.enum(REASONING_LEVELS, `Reasoning is one of: ${REASONING_LEVELS.join(', ')}.`).optional(),
});

/**
 * What an aggregating layer's agents do with the previous answers (lib/moa/prompts.ts):
 * synthesise a better one (the MoA; the default), rank them and pass the best on verbatim
 * (the paper's LLM-ranker baseline), or keep the k best a judge scores (Sparse MoA: a filter
 * layer whose one agent is the judge; lib/moa/top-k.ts).
 */
export const STRATEGIES = ['synthesize', 'rank', 'top-k', 'council', 'sliding-window'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** A top-k layer keeps this many answers unless it says otherwise. */
export const DEFAULT_TOP_K = 2;

/** A sliding-window aggregator reads this many answers per step unless it says otherwise (Self-MoA-Seq). */
export const DEFAULT_WINDOW = 3;

export const layerSchema = z.object({
  agents: z
    .array(agentSchema)
    .min(1, 'A layer needs at least one agent.')
    .max(LIMITS.maxAgentsPerLayer, `A layer holds at most ${LIMITS.maxAgentsPerLayer} agents.`),
  /** Absent: synthesize. */
  strategy: z.enum(STRATEGIES, `A layer's strategy is one of: ${STRATEGIES.join(', ')}.`).optional(),
  /** top-k only: how many of the previous answers go on (absent: DEFAULT_TOP_K). */
  topK: z
    .number('k must be a number.')
    .int('k must be a whole number of answers.')
    .min(1, 'k is at least 1 answer.')
    .max(LIMITS.maxAgentsPerLayer, `k is at most ${LIMITS.maxAgentsPerLayer} answers (the most a layer gives).`)
    .optional(),
  /** top-k only: when the judge says the kept answers agree, skip the layers after and make the best one final. */
  earlyStop: z.boolean('Early stop is on or off (true or false).').optional(),
  /** council only: seeds each ranker's shuffled order (absent: the engine draws one at run start and records it). */
  seed: z.number('The seed must be a number.').int('The seed is a whole number.').min(0, 'The seed is at least 0.').max(2 ** 31 - 1, 'The seed is at most 2147483647.').optional(),
  /** sliding-window only: answers per step (absent: DEFAULT_WINDOW). */
  window: z
    .number('The window must be a number.')
    .int('The window is a whole number of answers.')
    .min(2, 'The window is at least 2 answers.')
    .max(LIMITS.maxAgentsPerLayer, `The window is at most ${LIMITS.maxAgentsPerLayer} answers.`)
    .optional(),
});

/** A duration in whole milliseconds; messages speak in seconds, as the builder does. */
function ms(name: string, min: number, max: number) {
  const s = (value: number) => (value >= 60_000 && value % 60_000 === 0 ? `${value / 60_000} min` : `${value / 1000} s`);
  return z
    .number(`${name} must be a number.`)
    .int(`${name} must be a whole number of milliseconds.`)
    .min(min, `${name} is at least ${s(min)}.`)
    .max(max, `${name} is at most ${s(max)}.`);
}

/**
 * How a run copes with slow and failing providers. Optional in a config; every field has a
 * default (see `resolveResilience`), so configs saved before it existed stay valid.
 */
export const resilienceSchema = z.object({
  /** Per attempt: from sending the request to the first streamed text. */
  firstTokenTimeoutMs: ms('The first-token timeout', 1_000, 600_000).default(60_000),
  /** Per agent, retries and their waits included. */
  callTimeoutMs: ms('The call timeout', 1_000, 1_800_000).default(300_000),
  /** Retries of a call that failed with 429, 408, 5xx or a dropped connection before any text streamed. */
  maxRetries: z
    .number('Retries must be a number.')
    .int('Retries must be a whole number.')
    .min(0, 'Retries are at least 0.')
    .max(LIMITS.maxRetries, `Retries are at most ${LIMITS.maxRetries}.`)
    .default(2),
  /** First backoff; doubled per retry, with jitter. */
  retryBaseDelayMs: ms('The first retry delay', 0, 60_000).default(1_000),
  /** A retry-after (or backoff) longer than this fails the call instead of waiting. */
  maxRetryDelayMs: ms('The longest retry wait', 0, 120_000).default(30_000),
  /** Agents of a layer that must finish for the run to go on (capped at the layer's size). */
  quorum: z
    .number('The quorum must be a number.')
    .int('The quorum must be a whole number of agents.')
    .min(1, 'The quorum is at least 1 agent.')
    .max(LIMITS.maxAgentsPerLayer, `The quorum is at most ${LIMITS.maxAgentsPerLayer} agents (the most a layer holds).`)
    .default(1),
  /** Once a layer's quorum has finished, cancel its stragglers after `graceMs`. */
  earlyAggregation: z.boolean('Early aggregation is on or off (true or false).').default(false),
  graceMs: ms('The grace period', 0, 600_000).default(5_000),
});

export type Resilience = z.infer<typeof resilienceSchema>;
export type ResilienceInput = z.input<typeof resilienceSchema>;

export const resolveResilience = (input?: ResilienceInput): Resilience => resilienceSchema.parse(input ?? {});

/** USD per 1M tokens, as a user states it for a model the catalog lacks or prices differently. */
export const priceSchema = z.strictObject({
  inputPerMTok: z.number().min(0).max(100_000),
  outputPerMTok: z.number().min(0).max(100_000),
  cachedInputPerMTok: z.number().min(0).max(100_000).optional(),
  reasoningPerMTok: z.number().min(0).max(100_000).optional(),
});

/** Per-model price overrides: a price, or `{mimic: id}` to be priced like another model. */
export const pricingSchema = z
  .record(modelIdSchema, z.union([priceSchema, z.strictObject({ mimic: modelIdSchema })]))
  .refine((map) => Object.keys(map).length <= 100, 'At most 100 price overrides.');

export const moaConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    layers: z
      .array(layerSchema)
      .min(1, 'A configuration needs at least one layer.')
      .max(LIMITS.maxLayers, `At most ${LIMITS.maxLayers} layers.`),
    synthesisPrompt: z
      .string()
      .trim()
      .min(1, 'The synthesis prompt cannot be empty.')
      .max(LIMITS.maxSynthesisPromptChars, `The synthesis prompt is limited to ${LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')} characters.`)
      .default(DEFAULT_SYNTHESIS_PROMPT),
    /** What a top-k layer's judge is told (the reply format is fixed and added after it). */
    topKPrompt: z
      .string()
      .trim()
      .min(1, 'The top-k judge prompt cannot be empty (leave it out for the default).')
      .max(LIMITS.maxSynthesisPromptChars, `The top-k judge prompt is limited to ${LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')} characters.`)
      .optional(),
    /** What a ranking layer's agents are told (the reply format is fixed and added after it). */
    rankPrompt: z
      .string()
      .trim()
      .min(1, 'The ranking prompt cannot be empty (leave it out for the default).')
      .max(LIMITS.maxSynthesisPromptChars, `The ranking prompt is limited to ${LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')} characters.`)
      .optional(),
    /** What a council layer's rankers are told (the FINAL RANKING reply format is fixed and added after it). */
    councilPrompt: z
      .string()
      .trim()
      .min(1, 'The council prompt cannot be empty (leave it out for the default).')
      .max(LIMITS.maxSynthesisPromptChars, `The council prompt is limited to ${LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')} characters.`)
      .optional(),
    /** What a sliding-window aggregator is told at each step (absent: the synthesis prompt). */
    windowPrompt: z
      .string()
      .trim()
      .min(1, 'The sliding-window prompt cannot be empty (leave it out for the default).')
      .max(LIMITS.maxSynthesisPromptChars, `The sliding-window prompt is limited to ${LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')} characters.`)
      .optional(),
    resilience: resilienceSchema.optional(),
    /** Aggregators also read the previous layer's reasoning, not only its answers (lib/moa/prompts.ts). */
    passReasoning: z.boolean('Passing reasoning on is true or false.').optional(),

    // Cost (issue 4): price overrides and a spend cap in USD for one run.
    pricing: pricingSchema.optional(),
    budgetUsd: z.number().positive('The budget must be more than $0.').max(100_000).optional(),
  })
  .superRefine((config, ctx) => {
    const last = config.layers.at(-1);
    if (last && last.agents.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['layers', config.layers.length - 1, 'agents'],
        message: `The last layer must hold exactly one aggregator (it has ${last.agents.length}).`,
      });
    }
    if (config.layers[0]?.strategy && config.layers[0].strategy !== 'synthesize') {
      ctx.addIssue({ code: 'custom', path: ['layers', 0, 'strategy'], message: 'The first layer proposes: a strategy applies to the layers after it.' });
    }
    config.layers.forEach((layer, l) => {
      if (layer.strategy !== 'council' && layer.seed !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['layers', l, 'seed'], message: 'seed applies to a council layer only.' });
      }
      if (layer.strategy !== 'sliding-window' && layer.window !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['layers', l, 'window'], message: 'window applies to a sliding-window layer only.' });
      }
      // A council ranks; a chairman (a synthesize layer) must follow to write the answer from its ranking.
      if (layer.strategy === 'council' && l === config.layers.length - 1 && l > 0) {
        ctx.addIssue({ code: 'custom', path: ['layers', l, 'strategy'], message: 'A council layer cannot be the last layer: a chairman layer must follow it.' });
      }
      if (layer.strategy === 'sliding-window' && layer.agents.length !== 1) {
        ctx.addIssue({ code: 'custom', path: ['layers', l, 'agents'], message: `A sliding-window layer holds exactly one agent, its aggregator (it has ${layer.agents.length}).` });
      }
      if (layer.strategy !== 'top-k') {
        for (const key of ['topK', 'earlyStop'] as const) {
          if (layer[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['layers', l, key], message: `${key} applies to a top-k layer only.` });
        }
        return;
      }
      // The layer filters: its one agent scores the answers before it, and the kept ones go on as they were written.
      if (layer.agents.length !== 1) {
        ctx.addIssue({ code: 'custom', path: ['layers', l, 'agents'], message: `A top-k layer holds exactly one agent, its judge (it has ${layer.agents.length}).` });
      }
      if (layer.earlyStop && (layer.topK ?? DEFAULT_TOP_K) < 2) {
        ctx.addIssue({ code: 'custom', path: ['layers', l, 'earlyStop'], message: 'Early stop needs k of at least 2: a single kept answer has nothing to agree with.' });
      }
    });
    const calls = callsPerRun(config);
    if (calls > LIMITS.maxCallsPerRun) {
      ctx.addIssue({
        code: 'custom',
        path: ['layers'],
        message: `A run may make at most ${LIMITS.maxCallsPerRun} model calls (this one makes ${calls}).`,
      });
    }
  });

export const promptSchema = z
  .string()
  .trim()
  .min(1, 'Type a prompt first.')
  .max(LIMITS.maxPromptChars, `Prompts are limited to ${LIMITS.maxPromptChars.toLocaleString('en-US')} characters.`);

export const runRequestSchema = z.object({
  config: moaConfigSchema,
  prompt: promptSchema,
  /** The preset the config came from, for the history list; unchecked beyond its shape. */
  presetId: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  /** Runs started together by one comparison share it: History shows them as one entry. */
  groupId: z.uuid().optional(),
  /** The saved config version the board is (lib/configs/); recorded only if it is the caller's and holds this config. */
  configVersionId: z.string().regex(/^[A-Za-z0-9_-]{22}$/).optional(),
  /** A follow-up: the (finished) turn it continues; its history is read from the stored turns. */
  parentRunId: z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'parentRunId must be a run id.').optional(),
  /** A follow-up sent without its oldest n turns (so that it fits the models' context windows); the run records the history its agents got. */
  dropOldestTurns: z.number().int().min(1).max(100).optional(),
});

export type AgentConfig = z.infer<typeof agentSchema>;
export type LayerConfig = z.infer<typeof layerSchema>;
export type MoAConfig = z.infer<typeof moaConfigSchema>;
export type MoAConfigInput = z.input<typeof moaConfigSchema>;
export type RunRequest = z.infer<typeof runRequestSchema>;
export type PricingOverrides = z.infer<typeof pricingSchema>;

/** Whether an agent asks for reasoning (absent and `off` do not). */
export const reasons = (agent: Pick<AgentConfig, 'reasoning'>) => !!agent.reasoning && agent.reasoning !== 'off';

/**
 * How many answers each layer passes on at most: its agents' (synthesize), one (rank), k of the
 * previous (top-k), the previous ones unchanged (council).
 */
export function answersOut(layers: Pick<LayerConfig, 'agents' | 'strategy' | 'topK'>[]): number[] {
  const out: number[] = [];
  layers.forEach((layer, l) => {
    const before = out[l - 1];
    const strategy = l === 0 ? 'synthesize' : (layer.strategy ?? 'synthesize');
    out.push(
      strategy === 'rank' ? 1 : strategy === 'top-k' ? Math.min(layer.topK ?? DEFAULT_TOP_K, before) : strategy === 'council' ? before : layer.agents.length,
    );
  });
  return out;
}

/** Model calls of one layer: one per agent, except a sliding window's one agent that makes ceil(n/w) calls. */
export function callsOfLayer(layers: Pick<LayerConfig, 'agents' | 'strategy' | 'topK' | 'window'>[], l: number): number {
  const layer = layers[l];
  if (l === 0 || layer.strategy !== 'sliding-window') return layer.agents.length;
  const n = answersOut(layers)[l - 1];
  return Math.max(1, Math.ceil(n / (layer.window ?? DEFAULT_WINDOW)));
}

/** Model calls a run of this config makes at most (retries aside). */
export const callsPerRun = (config: Pick<MoAConfig, 'layers'>) =>
  config.layers.reduce((sum, _layer, l) => sum + callsOfLayer(config.layers, l), 0);

/** Every model id a config uses, once each. */
export const modelsOf = (config: Pick<MoAConfig, 'layers'>) =>
  [...new Set(config.layers.flatMap((layer) => layer.agents.map((agent) => agent.model)))];

/** Readable one-line messages for zod issues, with the path in builder terms. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path
      .map((part, i, all) =>
        typeof part === 'number' && all[i - 1] === 'layers'
          ? `layer ${part + 1}`
          : typeof part === 'number' && all[i - 1] === 'agents'
            ? `agent ${part + 1}`
            : part === 'layers' || part === 'agents'
              ? null
              : String(part),
      )
      .filter(Boolean)
      .join(' › ');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}
