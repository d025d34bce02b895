import { guarded } from '@/lib/guard/route';
import { jsonError, readJsonBody } from '@/lib/http';
import { currentPullJob, startPullJob, type JobEvent } from '@/lib/models/local/pull-job';
import { downloadUrl, RECOMMENDED_MODELS } from '@/lib/models/local/recommended';
import { env } from '@/lib/env';
import { getModelRegistry } from '@/lib/models/server';

export const dynamic = 'force-dynamic';

/**
 * Starts downloading recommended models (`{files?: string[]}`; all by default), or joins the
 * download already running, and streams its progress as NDJSON until it ends. Leaving does
 * not cancel it; DELETE does.
 */
export const POST = guarded(async (request, _context, guard) => {
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return body.response;
  const files = (body.value as { files?: unknown })?.files;
  if (files !== undefined && !(Array.isArray(files) && files.every((f) => typeof f === 'string'))) {
    return jsonError(400, '`files` must be a list of file names.');
  }
  const models = files ? RECOMMENDED_MODELS.filter((m) => files.includes(m.file)) : RECOMMENDED_MODELS;
  if (!models.length) return jsonError(400, 'None of these is a recommended model.', [`Choose from: ${RECOMMENDED_MODELS.map((m) => m.file).join(', ')}`]);

  // Hundreds of MB onto the server's disk: rate-limited like a run.
  const limited = await guard.takeToken();
  if (limited) return limited;
  const local = getModelRegistry().local;
  const targets = models.map((m) => ({ ...m, url: downloadUrl(m, env.HF_ENDPOINT) }));
  const job = startPullJob(targets, local.folder.dir, () => void local.folder.scan());
  const encoder = new TextEncoder();
  let unsubscribe = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: JobEvent) => {
        controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        if (event.type === 'finished') {
          unsubscribe();
          controller.close();
        }
      };
      const past = job.snapshot();
      past.forEach(send);
      if (!past.some((e) => e.type === 'finished')) unsubscribe = job.subscribe(send);
    },
    cancel() {
      unsubscribe();
    },
  });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache, no-transform' } });
});

/** Cancels the running download. */
export const DELETE = guarded(async () => {
  const job = currentPullJob();
  if (!job?.running) return jsonError(409, 'No download is running.');
  job.cancel();
  return Response.json({ cancelled: true });
});
