import 'server-only';
import type { RequestGuard } from '../guard/guard';
import { env } from '../env';
import { jsonError, readJsonBody } from '../http';
import { currentPullJob, startPullJob, type JobEvent } from './local/pull-job';
import { downloadUrl, RECOMMENDED_MODELS } from './local/recommended';
import { localStatus } from './local/status';
import { getModelRegistry } from './server';

/** The handlers of `/api/models` and `/api/local-models/**`; the route files make each one with `guarded()`. */

/** `GET /api/models`: the models usable now, never a key or base URL. */
export async function listModels(): Promise<Response> {
  return Response.json({ models: await getModelRegistry().list() });
}

/** `GET /api/local-models`: the models folder (scanned again now), the local servers and the recommended downloads. */
export async function localModelsStatus(): Promise<Response> {
  return Response.json(await localStatus(getModelRegistry().local));
}

/**
 * `POST /api/local-models/pull`: starts downloading recommended models (`{files?: string[]}`; all by default), or joins the
 * download already running, and streams its progress as NDJSON until it ends. Leaving does
 * not cancel it; DELETE does.
 */
export async function startModelDownload(request: Request, _context: undefined, guard: RequestGuard): Promise<Response> {
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
}

/** `DELETE /api/local-models/pull`: cancels the running download. */
export async function cancelModelDownload(): Promise<Response> {
  const job = currentPullJob();
  if (!job?.running) return jsonError(409, 'No download is running.');
  job.cancel();
  return Response.json({ cancelled: true });
}
