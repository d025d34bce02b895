import { ERROR_CODES, errorTypeOf, type ErrorBody, type ErrorCode } from '../errors';
import { appPasswordHeaders } from './app-password';

/** A refusal or failure of this app's API, with the server's own words (lib/errors.ts). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: ErrorCode | 'offline',
    readonly details?: string[],
    readonly fix?: ErrorBody['fix'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The deployment wants its app password: the UI asks for it. */
  get needsPassword() {
    return this.code === ERROR_CODES.appPassword;
  }
}

/**
 * `fetch` for this app's API: sends the tab's app password, and throws an ApiError saying what
 * the server said on any answer other than 2xx, or that the server could not be reached. An
 * abort is rethrown as it is, so callers can tell a stop from a failure.
 */
export async function fetchApi(input: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { ...appPasswordHeaders(), ...init.headers } });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(`Could not reach the server (${error instanceof Error ? error.message : String(error)}).`, 0, 'offline');
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as Partial<ErrorBody> | null;
  throw new ApiError(body?.error ?? `The server answered ${response.status}.`, response.status, body?.code ?? errorTypeOf(response.status), body?.details, body?.fix);
}

/** The JSON body of a 2xx answer (see fetchApi). */
export async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  return (await fetchApi(input, init)).json() as Promise<T>;
}

