import { z } from 'zod';
import '../zod-without-eval';
import { LIMITS, moaConfigSchema, type MoAConfig } from '../moa/config';
import { historyProblem, type ConversationMessage } from '../moa/conversation';

/**
 * `POST /api/v1/chat/completions`: OpenAI's Chat Completions request, as far as a MoA can honour
 * it. Parameters a MoA cannot honour are refused by name (400), never ignored; parameters that
 * only restate a default (`n: 1`, penalties of 0, `tool_choice: "none"`, …) pass, since common
 * clients send them.
 */

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const content = z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish();
const message = z.looseObject({ role: z.string(), content, name: z.string().optional() });

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).describe('`moa/<preset>` (e.g. `moa/moa-lite`), `moa/<saved config slug>` (its latest version) or `moa/<slug>@<n>`.'),
  messages: z.array(message).min(1).describe('system/developer, user and assistant messages: the conversation every agent gets.'),
  stream: z.boolean().nullish(),
  stream_options: z
    .looseObject({
      include_usage: z.boolean().optional().describe('A last chunk with the tokens of every agent call summed, and the run’s cost.'),
      include_moa_events: z.boolean().optional().describe('Adds the run’s agent events as `moa_event` fields of chunks without choices (standard clients skip them).'),
    })
    .nullish(),
  max_tokens: z.number().int().min(1).max(LIMITS.maxOutputTokens).nullish().describe('The final aggregator’s max output tokens.'),
  max_completion_tokens: z.number().int().min(1).max(LIMITS.maxOutputTokens).nullish().describe('The final aggregator’s max output tokens.'),
  temperature: z.number().min(0).max(2).nullish().describe('The final aggregator’s temperature.'),
  top_p: z.number().gt(0).max(1).nullish().describe('The final aggregator’s top-p.'),
  n: z.number().int().nullish(),
  user: z.string().max(256).nullish(),
});
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** A parameter the request may not use: its name and why. */
export type ParamProblem = { param: string; message: string };

/** What a default-valued parameter may be and still pass. */
const NEUTRAL: Record<string, (value: unknown) => boolean> = {
  frequency_penalty: (v) => v === 0 || v == null,
  presence_penalty: (v) => v === 0 || v == null,
  tool_choice: (v) => v === 'none' || v == null,
  tools: (v) => v == null || (Array.isArray(v) && v.length === 0),
  functions: (v) => v == null || (Array.isArray(v) && v.length === 0),
  parallel_tool_calls: (v) => v == null || v === false,
  logprobs: (v) => v == null || v === false,
  stop: (v) => v == null || (Array.isArray(v) && v.length === 0),
  response_format: (v) => v == null || (typeof v === 'object' && (v as { type?: unknown }).type === 'text'),
  modalities: (v) => v == null || (Array.isArray(v) && v.every((m) => m === 'text')),
  metadata: () => true,
  store: (v) => v == null || v === false,
};
const KNOWN = new Set(['model', 'messages', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'n', 'user', ...Object.keys(NEUTRAL)]);
const WHY: Record<string, string> = {
  tools: 'A MoA answers in text: tools are not supported.',
  tool_choice: 'A MoA answers in text: tools are not supported.',
  functions: 'A MoA answers in text: functions are not supported.',
  parallel_tool_calls: 'A MoA answers in text: tools are not supported.',
  logprobs: 'A MoA’s answer is a synthesis of several calls: it has no log probabilities.',
  response_format: 'Only `{"type": "text"}` is supported.',
  modalities: 'A MoA answers in text only.',
  audio: 'A MoA answers in text only.',
  stop: 'Stop sequences are not supported: set each agent’s limits on its board.',
  store: 'Every call is stored as a run of this app already; OpenAI’s `store` is not supported.',
};

/** Each parameter the request may not use, by name. */
export function unsupportedParams(body: Record<string, unknown>): ParamProblem[] {
  const problems: ParamProblem[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (!KNOWN.has(name)) problems.push({ param: name, message: `Unsupported parameter: '${name}'. ${WHY[name] ?? 'A MoA cannot honour it, so it is refused rather than ignored.'}` });
    else if (NEUTRAL[name] && !NEUTRAL[name](value)) problems.push({ param: name, message: `Unsupported value of '${name}'. ${WHY[name] ?? 'Only its default is accepted.'}` });
  }
  if (body.n != null && body.n !== 1) problems.push({ param: 'n', message: `'n' must be 1: a MoA run gives one answer (make ${String(body.n)} requests for ${String(body.n)} answers).` });
  return problems;
}

/** The run a request asks for: the system text, the earlier turns and the latest user message. */
export type ChatInput = { system: string | null; history: ConversationMessage[]; prompt: string };

/** Reads the messages: text only, system/developer first or anywhere, ending with the user's. */
export function chatInputOf(messages: ChatCompletionRequest['messages']): ChatInput | ParamProblem {
  const system: string[] = [];
  const turns: ConversationMessage[] = [];
  for (const [i, m] of messages.entries()) {
    const where = `messages[${i}]`;
    let text: string;
    if (typeof m.content === 'string') text = m.content;
    else if (Array.isArray(m.content)) {
      const parts: string[] = [];
      for (const [j, part] of m.content.entries()) {
        const parsed = textPart.safeParse(part);
        if (!parsed.success) return { param: `${where}.content[${j}]`, message: `Unsupported content part type '${part.type}': a MoA reads text only (no images, audio or files).` };
        parts.push(parsed.data.text);
      }
      text = parts.join('\n');
    } else text = '';
    if ('tool_calls' in m && m.tool_calls != null) return { param: `${where}.tool_calls`, message: 'Tool calls are not supported: a MoA answers in text.' };
    if (m.role === 'system' || m.role === 'developer') system.push(text);
    else if (m.role === 'user' || m.role === 'assistant') {
      // Two user messages in a row (or two answers) are one turn.
      const last = turns.at(-1);
      if (last?.role === m.role) last.content += `\n\n${text}`;
      else turns.push({ role: m.role, content: text });
    } else return { param: `${where}.role`, message: `Unsupported role '${m.role}': use system, developer, user or assistant (tools are not supported).` };
  }
  const last = turns.at(-1);
  if (!last || last.role !== 'user') return { param: 'messages', message: 'The last message (after system messages) must be the user’s.' };
  if (turns[0].role !== 'user') return { param: 'messages', message: 'The conversation must start with a user message (after system messages).' };
  if (!last.content.trim()) return { param: 'messages', message: 'The last user message is empty.' };
  if (last.content.length > LIMITS.maxPromptChars) return { param: 'messages', message: `The last user message has ${last.content.length.toLocaleString('en-US')} characters; at most ${LIMITS.maxPromptChars.toLocaleString('en-US')}.` };
  const history = turns.slice(0, -1);
  const problem = historyProblem(history);
  if (problem) return { param: 'messages', message: problem };
  const joined = system.join('\n\n').trim();
  return { system: joined || null, history, prompt: last.content };
}

/**
 * The config a request runs: the client's system text first in every agent's system prompt (every
 * agent answers the same user), and the sampling parameters on the final aggregator, whose text
 * is the answer. Checked against the config limits again.
 */
export function configForRequest(base: MoAConfig, request: ChatCompletionRequest, system: string | null): { config: MoAConfig } | ParamProblem {
  const last = base.layers.length - 1;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  const layers = base.layers.map((layer, l) => ({
    ...layer,
    agents: layer.agents.map((agent, a) => ({
      ...agent,
      ...(system && { systemPrompt: agent.systemPrompt?.trim() ? `${system}\n\n${agent.systemPrompt}` : system }),
      ...(l === last && a === 0 && {
        ...(maxTokens != null && { maxOutputTokens: maxTokens }),
        ...(request.temperature != null && { temperature: request.temperature }),
        ...(request.top_p != null && { topP: request.top_p }),
      }),
    })),
  }));
  const parsed = moaConfigSchema.safeParse({ ...base, layers });
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.path.includes('systemPrompt'));
    return tooLong
      ? { param: 'messages', message: `The system messages and an agent’s own system prompt together pass ${LIMITS.maxSystemPromptChars.toLocaleString('en-US')} characters.` }
      : { param: 'model', message: `This model’s configuration cannot run: ${parsed.error.issues.map((i) => i.message).join(' ')}` };
  }
  return { config: parsed.data };
}
