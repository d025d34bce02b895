import { createUIMessageStreamResponse } from 'ai';
import { describeIssues, modelsOf, runRequestSchema } from '@/lib/moa/config';
import { checkBudget, estimateRunCost, withAccounting } from '@/lib/moa/budget';
import { runMoA } from '@/lib/moa/engine';
import { releasingWhenDone } from '@/lib/guard/guard';
import { guarded } from '@/lib/guard/route';
import { jsonError, readJsonBody } from '@/lib/http';
import { resolveRunModels } from '@/lib/models/pricing';
import { getModelCalls, getModelRegistry } from '@/lib/models/server';
import { countTokens } from '@/lib/tokens';
import { listRunsResponse } from '@/lib/runs/list';
import { ownerOf } from '@/lib/runs/owner';
import { recordRun } from '@/lib/runs/recorder';
import { getRunStore } from '@/lib/runs/server';
import { logFailures } from '@/lib/runs/log-failures';
import { runEventsToUIStream } from '@/lib/runs/ui-stream';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 256 * 1024;

/** Starts a run and streams its events; the client going away aborts every model call. */
export const POST = guarded(async (request, _context, guard) => {
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
  // Prices are fixed now and travel in run-started, so a stored run costs the same on replay.
  const { prices, parameters } = resolveRunModels(modelsOf(config), config.pricing);
  // The estimate tokenizes every agent's input: only worth it when there is a budget to check.
  const overBudget = config.budgetUsd === undefined ? [] : checkBudget(config, estimateRunCost(config, prompt, prices, countTokens));
  if (overBudget.length) return jsonError(422, 'The run was not started: it could exceed its budget.', overBudget);

  // Only runs that would start count against the client's rate limit and run slots.
  const admitted = await guard.admitRun();
  if (!admitted.ok) return admitted.response;
  request.signal.addEventListener('abort', admitted.release, { once: true });

  // Recorded as it streams (lib/runs/recorder.ts); the run-started event carries its share id.
  // The owner cookie was issued by proxy.ts before this request reached here.
  const budgetStop = new AbortController();
  const events = recordRun(
    { config, prompt, presetId, ownerHash: ownerOf(request) },
    (signal) =>
      withAccounting(
        runMoA(config, prompt, { resolveModel: registry.resolve, streamCall: getModelCalls().call, signal: AbortSignal.any([signal, budgetStop.signal]) }),
        { prices, parameters, abort: budgetStop, count: countTokens },
      ),
    { store: getRunStore(), signal: request.signal },
  );
  return createUIMessageStreamResponse({
    stream: runEventsToUIStream(releasingWhenDone(logFailures(events), admitted.release)),
    // no-transform keeps Next's gzip off this stream: gzip holds small writes back for seconds.
    headers: { 'cache-control': 'no-cache, no-transform' },
  });
});

/** The caller's own runs, newest first (history). */
export const GET = guarded(listRunsResponse);
