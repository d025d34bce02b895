import { createUIMessageStreamResponse } from 'ai';
import { notFoundResponse, withRun, type IdParams } from '@/lib/runs/api';
import { followRun } from '@/lib/runs/follow';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';

export const dynamic = 'force-dynamic';

/**
 * Follows a run: its stored events after `?after=<seq>` (all by default), then new ones live
 * until it ends, in the same stream format as POST /api/runs.
 */
export function GET(request: Request, context: IdParams) {
  return withRun(context, async (store, id) => {
    if (!(await store.getStatus(id))) return notFoundResponse();
    const after = Number(new URL(request.url).searchParams.get('after') ?? -1);
    const events = followRun(store, id, Number.isInteger(after) ? after : -1, request.signal);
    return createUIMessageStreamResponse({ stream: runEventsToUIStream(events) });
  });
}
