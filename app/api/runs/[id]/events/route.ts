import { guarded } from '@/lib/guard/route';
import { notFoundResponse, withRun, type IdParams } from '@/lib/runs/api';

export const dynamic = 'force-dynamic';

/** Every stored event of a run, in order (replay reads these). */
export const GET = guarded<IdParams>((_request, context) =>
  withRun(context, async (store, id) => {
    if (!(await store.getStatus(id))) return notFoundResponse();
    const events = await store.allEvents(id);
    return Response.json({ events: events.map((e) => e.event), lastSeq: events.at(-1)?.seq ?? -1 });
  }),
);
