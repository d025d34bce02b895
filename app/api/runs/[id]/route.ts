import { guarded } from '@/lib/guard/route';
import { jsonError } from '@/lib/http';
import { notFoundResponse, publicRun, withRun, type IdParams } from '@/lib/runs/api';
import { ownerOf } from '@/lib/runs/owner';

export const dynamic = 'force-dynamic';

/** A run's row: config, prompt, status and totals (its events are under /events). */
export const GET = guarded<IdParams>((request, context) =>
  withRun(context, async (store, id) => {
    const run = await store.getRun(id);
    return run ? Response.json({ run: publicRun(run, ownerOf(request)) }) : notFoundResponse();
  }),
);

/** Deletes a run; only the browser that made it may. */
export const DELETE = guarded<IdParams>((request, context) =>
  withRun(context, async (store, id) => {
    const outcome = await store.deleteRun(id, ownerOf(request));
    if (outcome === 'not-found') return notFoundResponse();
    if (outcome === 'forbidden') return jsonError(403, 'Only the browser that made this run can delete it.');
    return new Response(null, { status: 204 });
  }),
);
