import type { ErrorBody } from '../errors';

/**
 * Errors of the OpenAI-compatible API, in OpenAI's shape `{error: {message, type, param, code}}`,
 * so clients raise their own error classes (the `openai` package picks one by status).
 */
export type OpenAIErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';

const TYPE_OF_STATUS: Record<number, OpenAIErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'invalid_request_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

export type OpenAIErrorBody = { error: { message: string; type: OpenAIErrorType; param: string | null; code: string | null } };

export function openAIErrorBody(status: number, message: string, options: { param?: string | null; code?: string | null } = {}): OpenAIErrorBody {
  return { error: { message, type: TYPE_OF_STATUS[status] ?? 'server_error', param: options.param ?? null, code: options.code ?? null } };
}

export function openAIError(status: number, message: string, options: { param?: string | null; code?: string | null; headers?: Record<string, string> } = {}): Response {
  return Response.json(openAIErrorBody(status, message, options), { status, headers: options.headers });
}

/** An error of the app's own shape (`{error, details, code}`, lib/errors.ts) in OpenAI's, status and retry-after kept. */
export async function asOpenAIError(response: Response): Promise<Response> {
  const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
  const message = [body?.error ?? 'The request failed.', ...(body?.details ?? [])].join(' ');
  const retryAfter = response.headers.get('retry-after');
  const code = response.status === 429 ? 'rate_limit_exceeded' : (body?.code?.split(':')[0] ?? null);
  return openAIError(response.status, message, { code, ...(retryAfter && { headers: { 'retry-after': retryAfter } }) });
}
