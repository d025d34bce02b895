import 'server-only';
import { jsonError } from '../http';
import { redactSecrets } from '../secrets';
import { bearerKey, type ApiCaller } from '../api/keys';
import { asOpenAIError, openAIError } from '../api/openai-errors';
import { getApiKeyStore } from '../api/server';
import { getGuard, type RequestGuard } from './guard';

/** Methods that change state: same-origin, JSON, and the app password, always. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const GUARDED = Symbol.for('moa.guardedRoute');

/** Handlers of routes without params take the request alone (as tests call them). */
export type RouteHandler<C> = C extends undefined ? (request: Request, context?: C) => Promise<Response> : (request: Request, context: C) => Promise<Response>;
type GuardedHandler<C> = (request: Request, context: C, guard: RequestGuard) => Promise<Response> | Response;

/**
 * Every route handler is made with this, so none can forget the guard (a unit test walks
 * app/**\/route.ts): state changes must be same-origin JSON with the app password; every
 * handler may take a rate-limit token, a run slot or a follower slot from `guard`; and any
 * error it throws becomes a JSON 500 with the cause in the server log, not in the answer.
 */
export function guarded<C = undefined>(handler: GuardedHandler<C>): RouteHandler<C> {
  const route = async (request: Request, context: C) => {
    try {
      const guard = getGuard();
      if (STATE_CHANGING.has(request.method)) {
        const refused = guard.checkOrigin(request) ?? (await guard.authorize(request));
        if (refused) return refused;
      }
      return await handler(request, context, guard.forRequest(request));
    } catch (error) {
      logFailure(request, error);
      return jsonError(500, 'The server could not answer this request.', ['The cause is in the server log. Try again; if it persists, tell whoever runs this deployment.']);
    }
  };
  return Object.assign(route, { [GUARDED]: true }) as unknown as RouteHandler<C>;
}

type ApiHandler<C> = (request: Request, context: C, caller: ApiCaller, guard: RequestGuard) => Promise<Response> | Response;

/**
 * The guard of the OpenAI-compatible API (`/api/v1/**`): a valid API key, always (on localhost
 * too, with or without an app password), and nothing else: no cookie or app password counts, so
 * a browser on another site cannot use the API with this app's cookie. The rate limit and run
 * slots are counted per key; wrong keys use up the caller's address's tokens. Errors are in
 * OpenAI's shape.
 */
export function apiGuarded<C = undefined>(handler: ApiHandler<C>): RouteHandler<C> {
  const route = async (request: Request, context: C) => {
    try {
      const guard = getGuard();
      const key = bearerKey(request.headers);
      const caller = key ? await (await getApiKeyStore()).verify(key) : null;
      if (!caller) {
        if (key) {
          const limited = await guard.forRequest(request).takeToken();
          if (limited) return await asOpenAIError(limited);
        }
        const message = key
          ? 'Incorrect API key provided (unknown or revoked).'
          : 'You didn’t provide an API key. Send it as the header `Authorization: Bearer <key>`; make one on the app’s API page or with `npm run api-keys -- create NAME`.';
        return openAIError(401, message, { code: key ? 'invalid_api_key' : 'missing_api_key' });
      }
      return await handler(request, context, caller, guard.forClient(`key:${caller.keyId}`));
    } catch (error) {
      logFailure(request, error);
      return openAIError(500, 'The server could not answer this request; the cause is in its log.');
    }
  };
  return Object.assign(route, { [GUARDED]: true }) as unknown as RouteHandler<C>;
}

/** A handler's uncaught error goes to the server log (scrubbed of secrets), never to the client. */
function logFailure(request: Request, error: unknown) {
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed: ${message}`);
}

/** Whether a route export was made with `guarded` (for the test that walks every route). */
export const isGuarded = (handler: unknown): boolean => typeof handler === 'function' && (handler as { [GUARDED]?: boolean })[GUARDED] === true;
