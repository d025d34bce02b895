import 'server-only';
import { createUIMessageStreamResponse } from 'ai';
import { originOf, releasingWhenDone, type RequestGuard } from '../guard/guard';
import { versionForRun, versionLabel } from '../configs/server';
import { jsonError, readJsonBody } from '../http';
import { describeIssues, runRequestSchema } from '../moa/config';
import { CONVERSATION_LIMITS } from '../moa/conversation';
import { runToJson, runToMarkdown } from './export';
import { followUpOf, isFollowUpRefusal, type FollowUp } from './conversation';
import { followRun } from './follow';
import { isRunId } from './ids';
import { logFailures } from './log-failures';
import { ownerOf } from './owner';
import type { RunRow } from './schema';
import { getRunStore } from './server';
import { refuseRun, startRecordedRun } from './start';
import type { RunStore } from './store';
import { runEventsToUIStream } from './ui-stream';

/** The handlers of `/api/runs/**`; the route files make each one with `guarded()`. */

const MAX_BODY_BYTES = 256 * 1024;

export type IdParams = { params: Promise<{ id: string }> };

/** `POST /api/runs`: starts a run and streams its events; the client going away aborts every model call. */
export async function startRun(request: Request, _context: undefined, guard: RequestGuard): Promise<Response> {
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const parsed = runRequestSchema.safeParse(body.value);
  if (!parsed.success) return jsonError(400, 'The run request is invalid.', describeIssues(parsed.error));

  const { config, prompt, presetId, groupId, parentRunId, dropOldestTurns } = parsed.data;
  const ownerHash = ownerOf(request);
  let followUp: FollowUp | undefined;
  if (dropOldestTurns && !parentRunId) return jsonError(400, 'dropOldestTurns applies to a follow-up (with parentRunId).');
  if (parentRunId) {
    const found = await withStore((store) => followUpOf(store, parentRunId));
    if (found instanceof Response) return found;
    if (isFollowUpRefusal(found)) return jsonError(found.status, found.error, found.details);
    followUp = found;
    if (dropOldestTurns) {
      const earlier = found.history.length / 2;
      if (dropOldestTurns > earlier) return jsonError(400, `This follow-up has ${earlier} earlier ${earlier === 1 ? 'turn' : 'turns'}: it cannot leave out ${dropOldestTurns}.`);
      followUp = { ...found, history: found.history.slice(2 * dropOldestTurns) };
    }
  }
  const refusal = refuseRun(config, prompt, followUp?.history);
  if (refusal) {
    const fix = refusal.dropOldestTurns ? { dropOldestTurns: refusal.dropOldestTurns + (dropOldestTurns ?? 0) } : undefined;
    return jsonError(refusal.status, refusal.error, refusal.details, refusal.reason === 'context' ? 'unprocessable:context-overflow' : undefined, fix);
  }

  // Only runs that would start count against the client's rate limit and run slots.
  const admitted = await guard.admitRun();
  if (!admitted.ok) return admitted.response;
  request.signal.addEventListener('abort', admitted.release, { once: true });

  // The owner cookie was issued by proxy.ts before this request reached here.
  const configVersionId = await versionForRun(ownerHash, parsed.data.configVersionId, config);
  const events = startRecordedRun({ config, prompt, presetId, groupId, ownerHash, configVersionId, followUp }, request.signal);
  return createUIMessageStreamResponse({
    stream: runEventsToUIStream(releasingWhenDone(logFailures(events), admitted.release)),
    // no-transform keeps Next's gzip off this stream: gzip holds small writes back for seconds.
    headers: { 'cache-control': 'no-cache, no-transform' },
  });
}

/** `GET /api/runs?limit=&before=`: the caller's runs, newest first; none without an owner cookie. */
export async function listRuns(request: Request): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return Response.json({ runs: [] });
  const params = new URL(request.url).searchParams;
  const limit = Math.min(Math.max(Number(params.get('limit')) || 50, 1), 200);
  const before = params.get('before') ? new Date(params.get('before')!) : undefined;
  if (before && Number.isNaN(before.getTime())) return jsonError(400, 'before must be a date.');
  return withStore(async (store) => Response.json({ runs: await store.listRuns(owner, { limit, before }) }));
}

/** `GET /api/runs/<id>`: a run's row (config, prompt, status, totals); its events are under /events. */
export const getRun = (request: Request, context: IdParams) =>
  withRun(context, async (store, id) => {
    const run = await store.getRun(id);
    return run ? Response.json({ run: { ...publicRun(run, ownerOf(request)), savedConfig: await versionLabel(run.configVersionId) } }) : notFoundResponse();
  });

/** `DELETE /api/runs/<id>`: only the browser that made the run may. */
export const deleteRun = (request: Request, context: IdParams) =>
  withRun(context, async (store, id) => {
    const outcome = await store.deleteRun(id, ownerOf(request));
    if (outcome === 'not-found') return notFoundResponse();
    if (outcome === 'forbidden') return jsonError(403, 'Only the browser that made this run can delete it.');
    return new Response(null, { status: 204 });
  });

/** `GET /api/runs/<id>/events`: every stored event of a run, in order (replay reads these). */
export const getRunEvents = (_request: Request, context: IdParams) =>
  withRun(context, async (store, id) => {
    if (!(await store.getStatus(id))) return notFoundResponse();
    const events = await store.allEvents(id);
    return Response.json({ events: events.map((e) => e.event), lastSeq: events.at(-1)?.seq ?? -1 });
  });

/**
 * `GET /api/runs/<id>/conversation`: the turns a run ends, first to last, each with its stored
 * events (what a page needs to show the conversation again). Readable like the run itself.
 */
export const getConversation = (_request: Request, context: IdParams) =>
  withRun(context, async (store, id) => {
    const chain = await store.conversationChain(id, CONVERSATION_LIMITS.turns);
    if (!chain) return notFoundResponse();
    const turns = await Promise.all(
      chain.map(async (turn) => {
        const events = await store.allEvents(turn.id);
        return { id: turn.id, events: events.map((e) => e.event), lastSeq: events.at(-1)?.seq ?? -1 };
      }),
    );
    return Response.json({ turns });
  });

/** `GET /api/runs/<id>/export?format=json|md`: a download (config, prompt, events, totals; or a report). */
export const exportRun = (request: Request, context: IdParams) =>
  withRun(context, async (store, id) => {
    const url = new URL(request.url);
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'md') return jsonError(400, 'format must be "json" or "md".');
    const row = await store.getRun(id);
    if (!row) return notFoundResponse();
    const { ownerHash: _owner, instanceId: _instance, ...run } = row;
    const events = (await store.allEvents(id)).map((e) => e.event);
    const headers = (type: string, ext: string) => ({
      'content-type': `${type}; charset=utf-8`,
      'content-disposition': `attachment; filename="moa-run-${id}.${ext}"`,
      // Model text inside: never sniffed as HTML, and inert even if a browser shows it inline.
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    if (format === 'md') return new Response(runToMarkdown(run, events, `${originOf(request)}/r/${id}`), { headers: headers('text/markdown', 'md') });
    return new Response(JSON.stringify(runToJson(run, events), null, 2), { headers: headers('application/json', 'json') });
  });

/**
 * `GET /api/runs/<id>/stream?after=<seq>`: the stored events after `seq` (all by default), then
 * new ones live until the run ends, in the same stream format as POST /api/runs. Each open
 * stream holds a follower slot of its client's.
 */
export const followRunStream = (request: Request, context: IdParams, guard: RequestGuard) =>
  withRun(context, async (store, id) => {
    if (!(await store.getStatus(id))) return notFoundResponse();
    const follower = guard.admitFollower();
    if (!follower.ok) return follower.response;
    const after = Number(new URL(request.url).searchParams.get('after') ?? -1);
    const events = followRun(store, id, Number.isInteger(after) ? after : -1, request.signal);
    return createUIMessageStreamResponse({ stream: runEventsToUIStream(releasingWhenDone(events, follower.release)) });
  });

/** Runs `handle` with the store, or answers 503 when storage cannot be opened. */
async function withStore<T extends object>(handle: (store: RunStore) => Promise<T>): Promise<T | Response> {
  let store: RunStore;
  try {
    store = await getRunStore();
  } catch {
    return jsonError(503, 'Run storage is unavailable; see the server log.');
  }
  return handle(store);
}

/** `withStore` with a well-formed run id; 404 for a malformed one. */
async function withRun(context: IdParams, handle: (store: RunStore, id: string) => Promise<Response>): Promise<Response> {
  const { id } = await context.params;
  if (!isRunId(id)) return notFoundResponse();
  return withStore((store) => handle(store, id));
}

const notFoundResponse = () => jsonError(404, 'There is no run with this id.');

/** What a reader of the run may see: everything but the owner hash and the instance recording it. */
function publicRun(run: RunRow, ownerHash: string | null) {
  const { ownerHash: owner, instanceId: _instance, ...rest } = run;
  return { ...rest, mine: !!ownerHash && owner === ownerHash };
}
