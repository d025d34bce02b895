import { createUIMessageStreamResponse } from 'ai';
import { releasingWhenDone } from '@/lib/guard/guard';
import { guarded } from '@/lib/guard/route';
import { notFoundResponse, withRun, type IdParams } from '@/lib/runs/api';
import { followRun } from '@/lib/runs/follow';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';

export const dynamic = 'force-dynamic';

/**
 * Follows a run: its stored events after `?after=<seq>` (all by default), then new ones live
 * until it ends, in the same stream format as POST /api/runs. Each open stream holds a
 * follower slot of its client's.
 */
export const GET = guarded<IdParams>((request, context, guard) =>
  withRun(context, async (store, id) => {
    if (!(await store.getStatus(id))) return notFoundResponse();
    const follower = guard.admitFollower();
    if (!follower.ok) return follower.response;
    const after = Number(new URL(request.url).searchParams.get('after') ?? -1);
    const events = followRun(store, id, Number.isInteger(after) ? after : -1, request.signal);
    return createUIMessageStreamResponse({ stream: runEventsToUIStream(releasingWhenDone(events, follower.release)) });
  }),
);
