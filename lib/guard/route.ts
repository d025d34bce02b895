import 'server-only';
import { jsonError } from '../http';
import { redactSecrets } from '../secrets';
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
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed: ${message}`);
      return jsonError(500, 'The server could not answer this request.', ['The cause is in the server log. Try again; if it persists, tell whoever runs this deployment.']);
    }
  };
  return Object.assign(route, { [GUARDED]: true }) as unknown as RouteHandler<C>;
}

/** Whether a route export was made with `guarded` (for the test that walks every route). */
export const isGuarded = (handler: unknown): boolean => typeof handler === 'function' && (handler as { [GUARDED]?: boolean })[GUARDED] === true;
