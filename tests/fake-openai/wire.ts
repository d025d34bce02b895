// OpenAI chat-completions wire format: the JSON bodies the real API sends.
import { randomBytes } from 'node:crypto';
import type { ResolvedUsage } from './scenarios';

export type Completion = { id: string; created: number; model: string };

export function newCompletion(model: string): Completion {
  return { id: `chatcmpl-${randomBytes(12).toString('hex')}`, created: Math.floor(Date.now() / 1000), model };
}

export function usageJson(u: ResolvedUsage) {
  return {
    prompt_tokens: u.promptTokens,
    completion_tokens: u.completionTokens,
    total_tokens: u.promptTokens + u.completionTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

type Choice = { index: 0; delta: Record<string, unknown>; logprobs: null; finish_reason: string | null };

/**
 * One `chat.completion.chunk`. With `include_usage`, OpenAI puts `usage: null` on every
 * chunk except the last, which carries the usage and an empty `choices` array.
 */
export function chunkJson(c: Completion, choices: Choice[], usage: object | null | undefined) {
  return {
    id: c.id,
    object: 'chat.completion.chunk',
    created: c.created,
    model: c.model,
    system_fingerprint: 'fp_fake',
    choices,
    ...(usage !== undefined && { usage }),
  };
}

export function deltaChoice(delta: Record<string, unknown>, finishReason: string | null = null): Choice {
  return { index: 0, delta, logprobs: null, finish_reason: finishReason };
}

export function completionJson(c: Completion, text: string, usage: ResolvedUsage, reasoning = '') {
  return {
    id: c.id,
    object: 'chat.completion',
    created: c.created,
    model: c.model,
    system_fingerprint: 'fp_fake',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null, ...(reasoning && { reasoning_content: reasoning }) },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: usageJson(usage),
  };
}

export function modelsJson(ids: string[]) {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake-openai' })),
  };
}

/** OpenAI's error envelope; the type/code pairs mirror what the real API sends per status. */
export function errorJson(status: number, message: string) {
  const [type, code] =
    status === 429
      ? ['requests', 'rate_limit_exceeded']
      : status === 401
        ? ['invalid_request_error', 'invalid_api_key']
        : status >= 500
          ? ['server_error', null]
          : ['invalid_request_error', null];
  return { error: { message, type, param: null, code } };
}
