import { z } from 'zod';
import '../zod-without-eval';
import { chatCompletionRequestSchema } from './chat-request';

/** The OpenAPI 3.1 document of `/api/v1`, its schemas generated from the zod schemas the routes use. */

const usage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
  cost: z.number().nullable().describe('USD over every agent call; null when a model’s price is unknown.'),
  calls: z.number().int().describe('Model calls the run made.'),
});
const moa = z.object({ run_id: z.string().nullable(), url: z.string().nullable().describe('The run’s page: its grid, agent by agent.') });
const completion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.literal(0), message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }), logprobs: z.null(), finish_reason: z.enum(['stop', 'length', 'content_filter']) })),
  usage,
  moa,
});
const chunk = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.literal(0), delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }), logprobs: z.null(), finish_reason: z.enum(['stop', 'length', 'content_filter']).nullable() })),
  usage: usage.optional().describe('The last chunk, with stream_options.include_usage (choices empty).'),
  moa: moa.optional(),
  moa_event: z.record(z.string(), z.unknown()).optional().describe('A run event, with stream_options.include_moa_events (choices empty).'),
});
const error = z.object({ error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }) });
const models = z.object({ object: z.literal('list'), data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string(), description: z.string() })) });

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } });
const errors = Object.fromEntries(
  [
    ['400', 'A parameter a MoA cannot honour, or an invalid one (param names it)'],
    ['401', 'No API key, or an unknown or revoked one'],
    ['404', 'model_not_found'],
    ['413', 'The body is over 1 MB'],
    ['422', 'budget_exceeded or context_length_exceeded'],
    ['429', 'The key’s rate limit or run slots (retry-after says when)'],
    ['502', 'The MoA run failed (the message links its grid)'],
  ].map(([status, description]) => [status, { description, content: json(error) }]),
);

export function openApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'MoA Playground API',
      version: '1',
      description: 'OpenAI-compatible Chat Completions over the MoAs of this server: presets as `moa/<preset>`, saved configurations as `moa/<slug>` and `moa/<slug>@<n>`. Every call is a stored run.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (`moa_sk_…`) from the app’s API page or `npm run api-keys -- create NAME`.' } } },
    paths: {
      '/models': { get: { summary: 'The models this key can call', responses: { '200': { description: 'The models', content: json(models) }, '401': errors['401'] } } },
      '/chat/completions': {
        post: {
          summary: 'Run a MoA on a conversation',
          requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(chatCompletionRequestSchema, { io: 'input', unrepresentable: 'any' }) } } },
          responses: {
            '200': {
              description: 'The completion; with `stream: true`, server-sent events of chunks ending with `data: [DONE]`. The `x-moa-run-id` header names the run.',
              headers: { 'x-moa-run-id': { schema: { type: 'string' } } },
              content: { ...json(completion), 'text/event-stream': { schema: z.toJSONSchema(chunk, { io: 'output', unrepresentable: 'any' }) } },
            },
            ...errors,
          },
        },
      },
    },
  };
}
