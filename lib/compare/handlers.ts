import 'server-only';
import { describeIssues } from '../moa/config';
import type { RequestGuard } from '../guard/guard';
import { jsonError, readJsonBody } from '../http';
import { resolveRunModels } from '../models/pricing';
import { getModelRegistry } from '../models/server';
import { redactSecrets } from '../secrets';
import { costOfJudgement, judgePair } from './judge';
import { judgeRequestSchema, type JudgeResponse } from './judge-request';

const MAX_BODY_BYTES = 512 * 1024;

/**
 * `POST /api/judge`: the same gate as a run (a rate-limit token and a run slot while it works),
 * then both orders of the comparison. Keys stay here; the client going away aborts both calls.
 */
export async function judgeAnswers(request: Request, _context: undefined, guard: RequestGuard): Promise<Response> {
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  const parsed = judgeRequestSchema.safeParse(body.value);
  if (!parsed.success) return jsonError(400, 'The judge request is invalid.', describeIssues(parsed.error));
  const { model: modelId, prompt, answers, instructions, pricing } = parsed.data;

  const registry = getModelRegistry();
  const problem = registry.check(modelId);
  if (problem) return jsonError(400, 'The judge model is not available.', [`${modelId}: ${problem}`]);

  const admitted = await guard.admitRun();
  if (!admitted.ok) return admitted.response;
  const started = performance.now();
  try {
    const judgement = await judgePair({ model: registry.resolve(modelId), question: prompt, answers, instructions, signal: request.signal });
    const price = resolveRunModels([modelId], pricing).prices[modelId];
    const { orders, cost } = costOfJudgement(judgement.orders, price);
    const result: JudgeResponse = {
      model: modelId,
      verdict: judgement.verdict,
      agreed: judgement.agreed,
      reason: judgement.reason,
      orders,
      cost,
      latencyMs: Math.round(performance.now() - started),
    };
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if (request.signal.aborted) return jsonError(499, 'The judge was stopped.');
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    console.warn(`[moa] judge (${modelId}) failed: ${message}`);
    return jsonError(502, 'The judge model failed.', [message]);
  } finally {
    admitted.release();
  }
}
