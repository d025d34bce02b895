import { guarded } from '@/lib/guard/route';
import { jsonError } from '@/lib/http';
import { notFoundResponse, withRun, type IdParams } from '@/lib/runs/api';
import { runToJson, runToMarkdown } from '@/lib/runs/export';

export const dynamic = 'force-dynamic';

/** Downloads a run: `?format=json` (config, prompt, events, totals) or `?format=md` (a report). */
export const GET = guarded<IdParams>((request, context) =>
  withRun(context, async (store, id) => {
    const url = new URL(request.url);
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'md') return jsonError(400, 'format must be "json" or "md".');
    const row = await store.getRun(id);
    if (!row) return notFoundResponse();
    const { ownerHash: _owner, ...run } = row;
    const events = (await store.allEvents(id)).map((e) => e.event);
    const headers = (type: string, ext: string) => ({
      'content-type': `${type}; charset=utf-8`,
      'content-disposition': `attachment; filename="moa-run-${id}.${ext}"`,
      // Model text inside: never sniffed as HTML, and inert even if a browser shows it inline.
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    if (format === 'md') return new Response(runToMarkdown(run, events, `${url.origin}/r/${id}`), { headers: headers('text/markdown', 'md') });
    return new Response(JSON.stringify(runToJson(run, events), null, 2), { headers: headers('application/json', 'json') });
  }),
);
