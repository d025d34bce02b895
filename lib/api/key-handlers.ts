import 'server-only';
import type { RequestGuard } from '../guard/guard';
import { jsonError, readJsonBody } from '../http';
import { ownerOf } from '../runs/owner';
import { API_KEY_LIMITS, keyNameProblem } from './keys';
import { getApiKeyStore } from './server';

/** The handlers of `/api/keys/**` (the app's own key management); the route files make each one with `guarded()`. */

const noOwner = () => jsonError(400, 'This browser has no owner cookie yet: reload the page.');

/** `GET /api/keys`: this browser's API keys (name, prefix, dates), never a key. */
export async function listKeys(request: Request): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return Response.json({ keys: [] });
  return Response.json({ keys: await (await getApiKeyStore()).list(owner) });
}

/** `POST /api/keys` `{name}`: a new key for this browser, in the answer once and never again. */
export async function createKey(request: Request, _context: undefined, guard: RequestGuard): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return noOwner();
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const name = (body.value as { name?: unknown } | null)?.name;
  const problem = keyNameProblem(name);
  if (problem) return jsonError(400, problem);
  const limited = await guard.takeToken();
  if (limited) return limited;
  const made = await (await getApiKeyStore()).create(owner, name as string);
  if (!made) return jsonError(409, `This browser has ${API_KEY_LIMITS.keysPerOwner} keys already.`, ['Revoke one you no longer use, then make this one.']);
  return Response.json(made, { status: 201, headers: { 'cache-control': 'no-store' } });
}

/** `DELETE /api/keys/<id>`: revokes one of this browser's keys; requests with it fail from now on. */
export async function revokeKey(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return noOwner();
  const { id } = await context.params;
  const revoked = await (await getApiKeyStore()).revoke(owner, id);
  return revoked ? new Response(null, { status: 204 }) : jsonError(404, 'This browser has no such key (or it was revoked already).');
}
