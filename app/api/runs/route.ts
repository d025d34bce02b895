import { createUIMessageStreamResponse } from 'ai';
import { describeIssues, modelsOf, runRequestSchema } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import { jsonError, readJsonBody } from '@/lib/http';
import { getModelRegistry } from '@/lib/models/server';
import { listRunsResponse } from '@/lib/runs/list';
import { ownerFor } from '@/lib/runs/owner';
import { recordRun } from '@/lib/runs/recorder';
import { getRunStore } from '@/lib/runs/server';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 256 * 1024;

/** Starts a run and streams its events; the client going away aborts every model call. */
export async function POST(request: Request) {
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

  const { config, prompt, presetId } = parsed.data;
  // Recorded as it streams (lib/runs/recorder.ts); the run-started event carries its share id.
  const owner = ownerFor(request);
  const events = recordRun(
    { config, prompt, presetId, ownerHash: owner.ownerHash },
    (signal) => runMoA(config, prompt, { resolveModel: registry.resolve, signal }),
    { store: getRunStore(), signal: request.signal },
  );
  return createUIMessageStreamResponse({ stream: runEventsToUIStream(events), headers: owner.headers });
}

/** The caller's own runs, newest first (history). */
export const GET = listRunsResponse;
