import 'server-only';
import { jsonError } from '../http';
import { ownerOf } from './owner';
import { getRunStore } from './server';

/** GET /api/runs?limit=&before=: the caller's runs, newest first; none without an owner cookie. */
export async function listRunsResponse(request: Request): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return Response.json({ runs: [] });
  const params = new URL(request.url).searchParams;
  const limit = Math.min(Math.max(Number(params.get('limit')) || 50, 1), 200);
  const before = params.get('before') ? new Date(params.get('before')!) : undefined;
  if (before && Number.isNaN(before.getTime())) return jsonError(400, 'before must be a date.');
  try {
    const store = await getRunStore();
    return Response.json({ runs: await store.listRuns(owner, { limit, before }) });
  } catch {
    return jsonError(503, 'Run storage is unavailable; see the server log.');
  }
}
