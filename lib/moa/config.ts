import { z } from 'zod';
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
} as const;

/** `provider:model`, e.g. `openai:gpt-4o-mini` or `offline:concise`. */
export const modelIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]*:[^\s]+$/, 'Model ids look like "provider:model", e.g. "offline:concise".')
  .max(200);

export const agentSchema = z.object({
  model: modelIdSchema,
  temperature: z.number().min(0).max(2).default(0.7),
  topP: z.number().gt(0).max(1).optional(),
  maxOutputTokens: z.number().int().min(1).max(LIMITS.maxOutputTokens).default(1024),
  systemPrompt: z.string().max(LIMITS.maxSystemPromptChars).optional(),
});

export const layerSchema = z.object({
  agents: z
    .array(agentSchema)
    .min(1, 'A layer needs at least one agent.')
    .max(LIMITS.maxAgentsPerLayer, `A layer holds at most ${LIMITS.maxAgentsPerLayer} agents.`),
});

export const moaConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    layers: z
      .array(layerSchema)
      .min(1, 'A configuration needs at least one layer.')
      .max(LIMITS.maxLayers, `At most ${LIMITS.maxLayers} layers.`),
    synthesisPrompt: z.string().trim().min(1).max(LIMITS.maxSynthesisPromptChars).default(DEFAULT_SYNTHESIS_PROMPT),
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
    const calls = config.layers.reduce((sum, layer) => sum + layer.agents.length, 0);
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
});

export type AgentConfig = z.infer<typeof agentSchema>;
export type LayerConfig = z.infer<typeof layerSchema>;
export type MoAConfig = z.infer<typeof moaConfigSchema>;
export type MoAConfigInput = z.input<typeof moaConfigSchema>;
export type RunRequest = z.infer<typeof runRequestSchema>;

export const callsPerRun = (config: Pick<MoAConfig, 'layers'>) =>
  config.layers.reduce((sum, layer) => sum + layer.agents.length, 0);

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
