import { createUIMessageStreamResponse } from 'ai';
import { describeIssues, modelsOf, runRequestSchema } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import { getRunGuard, releasingWhenDone } from '@/lib/guard/run-guard';
import { jsonError, readJsonBody } from '@/lib/http';
import { getModelRegistry } from '@/lib/models/server';
import { logFailures } from '@/lib/runs/log-failures';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';
import { redactSecrets } from '@/lib/secrets';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 256 * 1024;

/** Starts a run and streams its events; the client going away aborts every model call. */
export async function POST(request: Request) {
  const guard = getRunGuard();
  const unauthorized = await guard.authorize(request);
  if (unauthorized) return unauthorized;
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const parsed = runRequestSchema.safeParse(body.value);
  if (!parsed.success) return jsonError(400, 'The run request is invalid.', describeIssues(parsed.error));

  const registry = getModelRegistry();
  const problems = modelsOf(parsed.data.config).flatMap((id) => {
    const problem = registry.check(id);
    return problem ? [`${id}: ${problem}`] : [];
  });
  if (problems.length) return jsonError(400, 'The configuration uses models that are not available.', problems);

  // Only runs that would start count against the client's rate limit and run slots.
  const admitted = await guard.admit(request);
  if (!admitted.ok) return admitted.response;
  request.signal.addEventListener('abort', admitted.release, { once: true });

  const { config, prompt } = parsed.data;
  const events = runMoA(config, prompt, { resolveModel: registry.resolve, signal: request.signal, redact: redactSecrets });
  return createUIMessageStreamResponse({ stream: runEventsToUIStream(releasingWhenDone(logFailures(events), admitted.release)) });
}
