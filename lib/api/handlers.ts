import 'server-only';
import { originOf, releasingWhenDone, type RequestGuard } from '../guard/guard';
import { readJsonBody } from '../http';
import type { RunEvent } from '../moa/events';
import { logFailures } from '../runs/log-failures';
import { refuseRun, startRecordedRun } from '../runs/start';
import { chatCompletionRequestSchema, chatInputOf, configForRequest, unsupportedParams } from './chat-request';
import { completionChunks, completionOf, sseOf, type CompletionContext } from './completions';
import type { ApiCaller } from './keys';
import { listApiModels, resolveApiModel } from './models';
import { asOpenAIError, openAIError } from './openai-errors';

/** The handlers of `/api/v1/**`; the route files make each one with `apiGuarded()`. */

/** A conversation of 20 turns of 10,000 characters, JSON-escaped, fits. */
const MAX_BODY_BYTES = 1024 * 1024;
export const RUN_ID_HEADER = 'x-moa-run-id';

/** `GET /api/v1/models`: the presets and the key owner's saved configurations. */
export async function listModelsForKey(_request: Request, _context: undefined, caller: ApiCaller, guard: RequestGuard): Promise<Response> {
  const limited = await guard.takeToken();
  if (limited) return asOpenAIError(limited);
  return Response.json({ object: 'list', data: await listApiModels(caller.ownerHash) });
}

/** `POST /api/v1/chat/completions`: runs the MoA the model names, as one stored run. */
export async function createChatCompletion(request: Request, _context: undefined, caller: ApiCaller, guard: RequestGuard): Promise<Response> {
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return asOpenAIError(body.response);
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) return openAIError(400, 'The request body must be a JSON object.');
  const [unsupported] = unsupportedParams(body.value as Record<string, unknown>);
  if (unsupported) return openAIError(400, unsupported.message, { param: unsupported.param, code: 'unsupported_parameter' });
  const parsed = chatCompletionRequestSchema.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
    return openAIError(400, `Invalid '${param || 'body'}': ${issue.message}`, { param: param || null, code: 'invalid_value' });
  }
  const chat = parsed.data;

  const model = await resolveApiModel(chat.model, caller.ownerHash);
  if (!model) return openAIError(404, `The model '${chat.model}' does not exist. GET /api/v1/models lists the models this key can use.`, { param: 'model', code: 'model_not_found' });
  const input = chatInputOf(chat.messages);
  if ('param' in input) return openAIError(400, input.message, { param: input.param, code: 'invalid_value' });
  const made = configForRequest(model.config, chat, input.system);
  if ('param' in made) return openAIError(400, made.message, { param: made.param, code: 'invalid_value' });
  const { config } = made;
  const refusal = refuseRun(config, input.prompt, input.history);
  if (refusal) {
    const code = { models: 'model_not_available', reasoning: 'reasoning_not_supported', context: 'context_length_exceeded', budget: 'budget_exceeded' }[refusal.reason];
    return openAIError(refusal.status, [refusal.error, ...refusal.details].join(' '), { param: refusal.reason === 'models' || refusal.reason === 'reasoning' ? 'model' : 'messages', code });
  }

  // Only calls that would start count against the key's rate limit and run slots.
  const admitted = await guard.admitRun();
  if (!admitted.ok) return asOpenAIError(admitted.response);
  request.signal.addEventListener('abort', admitted.release, { once: true });

  const events = releasingWhenDone(
    logFailures(startRecordedRun({ config, prompt: input.prompt, history: input.history, presetId: model.presetId ?? undefined, ownerHash: caller.ownerHash, configVersionId: model.configVersionId }, request.signal)),
    admitted.release,
  );
  // The run's id comes with its first event, once it is stored: the headers carry it.
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  const runId = !first.done && first.value.type === 'run-started' ? (first.value.runId ?? null) : null;
  const rest: AsyncIterable<RunEvent> = {
    async *[Symbol.asyncIterator]() {
      try {
        if (!first.done) yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      } finally {
        await iterator.return?.(undefined);
      }
    },
  };
  const context: CompletionContext = {
    id: `chatcmpl-${runId ?? crypto.randomUUID()}`,
    model: chat.model,
    created: Math.floor(Date.now() / 1000),
    runId,
    runUrl: runId ? `${originOf(request)}/r/${runId}` : null,
  };
  const headers: Record<string, string> = runId ? { [RUN_ID_HEADER]: runId } : {};

  if (chat.stream) {
    const chunks = completionChunks(rest, config, context, { includeUsage: !!chat.stream_options?.include_usage, includeEvents: !!chat.stream_options?.include_moa_events });
    return new Response(sseOf(chunks), {
      // no-transform keeps Next's gzip off this stream: gzip holds small writes back.
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' },
    });
  }
  const result = await completionOf(rest, context);
  if (!result.ok) return openAIError(result.failure.status, result.failure.message, { code: result.failure.code, headers });
  return Response.json(result.body, { headers });
}
