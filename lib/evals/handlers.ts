import 'server-only';
import type { RequestGuard } from '../guard/guard';
import { jsonError, readJsonBody } from '../http';
import { versionForRun } from '../configs/server';
import { modelsOf } from '../moa/config';
import { isRunId, newRunId } from '../runs/ids';
import { ownerOf } from '../runs/owner';
import { unavailableModels } from '../runs/start';
import { countTokens } from '../tokens';
import { checkEvaluationBudget, estimateEvaluationCost } from './budget';
import { doneResultsOf } from './drive';
import { deriveResults } from './results';
import { enqueueEvaluation, getEvaluationStore } from './server';
import { parseEvaluationSpec, unitKey, unitsOf, type EvaluationSpec } from './spec';
import type { EvaluationStatus } from './schema';

/** The handlers of `/api/evaluations/**`; the route files make each one with `guarded()`. */

/** A set of AlpacaEval's 805 prompts with references fits. */
const MAX_BODY_BYTES = 9 * 1024 * 1024;

export type EvaluationParams = { params: Promise<{ id: string }> };

const notFound = () => jsonError(404, 'There is no evaluation with this id.');

/** A valid spec whose models are all available, or the 400 that says why not. */
async function readSpec(request: Request): Promise<{ ok: true; spec: EvaluationSpec } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body;
  const parsed = parseEvaluationSpec(body.value);
  if (!parsed.ok) return { ok: false, response: jsonError(400, 'The evaluation is invalid.', parsed.errors) };
  const { spec } = parsed;
  const problems = unavailableModels([...new Set([...spec.configs.flatMap((c) => modelsOf(c.config)), spec.judge.model])]);
  if (problems.length) return { ok: false, response: jsonError(400, 'The evaluation uses models that are not available.', problems) };
  return { ok: true, spec };
}

/** `POST /api/evaluations/estimate`: what the evaluation would run and cost at most, and whether its budget allows it; nothing is stored. */
export async function estimateEvaluation(request: Request): Promise<Response> {
  const read = await readSpec(request);
  if (!read.ok) return read.response;
  const estimate = estimateEvaluationCost(read.spec, countTokens);
  return Response.json({ estimate, overBudget: checkEvaluationBudget(read.spec, estimate) });
}

/** `POST /api/evaluations`: validates the spec, checks every model and the budget, stores it and queues its job. */
export async function createEvaluation(request: Request, _context: undefined, guard: RequestGuard): Promise<Response> {
  const read = await readSpec(request);
  if (!read.ok) return read.response;
  const ownerHash = ownerOf(request);
  // A saved config version is kept only if it is the caller's and holds this very config (as a run's).
  const configs = await Promise.all(
    read.spec.configs.map(async ({ configVersionId, ...c }) => {
      const checked = await versionForRun(ownerHash, configVersionId, c.config);
      return checked ? { ...c, configVersionId: checked } : c;
    }),
  );
  const spec = { ...read.spec, configs };
  const estimate = estimateEvaluationCost(spec, countTokens);
  const overBudget = checkEvaluationBudget(spec, estimate);
  if (overBudget.length) return jsonError(422, 'The evaluation was not started: it could exceed its budget.', overBudget);

  // Hours of model calls: rate-limited like a run.
  const limited = await guard.takeToken();
  if (limited) return limited;
  const id = newRunId();
  const store = await getEvaluationStore();
  await store.create({ id, ownerHash, name: spec.name ?? spec.set.name, spec, estimate, unitKeys: unitsOf(spec).map(unitKey) });
  await enqueueEvaluation(id);
  return Response.json({ id, url: `/evals/${id}` }, { status: 201 });
}

/** `GET /api/evaluations`: the caller's evaluations, newest first. */
export async function listEvaluations(request: Request): Promise<Response> {
  const owner = ownerOf(request);
  if (!owner) return Response.json({ evaluations: [] });
  return Response.json({ evaluations: await (await getEvaluationStore()).list(owner) });
}

/** `GET /api/evaluations/<id>`: the spec, every unit's state and result, and the derived results. */
export async function getEvaluation(request: Request, context: EvaluationParams): Promise<Response> {
  const data = await loadEvaluation((await context.params).id, ownerOf(request));
  return data ? Response.json(data, { headers: { 'cache-control': 'no-store' } }) : notFound();
}

/** An evaluation as its page and its API show it; null when there is none. */
export async function loadEvaluation(id: string, ownerHash: string | null) {
  if (!isRunId(id)) return null;
  const store = await getEvaluationStore();
  const row = await store.get(id);
  if (!row) return null;
  const units = await store.units(id);
  const done = doneResultsOf(units);
  const { ownerHash: owner, ...evaluation } = row;
  return {
    evaluation: { ...evaluation, mine: !!ownerHash && owner === ownerHash },
    units: units.map(({ key, status, runId, attempts, error, result }) => ({
      key,
      status,
      runId,
      attempts,
      error,
      // Answers stay in their runs (a link away); judgements keep their verdict and rationales.
      result: result && typeof result === 'object' && 'finalText' in result ? { ...result, finalText: undefined } : result,
    })),
    results: deriveResults(row.spec, done),
  };
}

const ACTIONS = {
  pause: { from: ['queued', 'running'], to: 'paused', enqueue: false },
  resume: { from: ['paused'], to: 'queued', enqueue: true },
  cancel: { from: ['queued', 'running', 'paused'], to: 'cancelled', enqueue: false },
  retry: { from: ['finished', 'cancelled', 'failed'], to: 'queued', enqueue: true },
} as const satisfies Record<string, { from: readonly EvaluationStatus[]; to: EvaluationStatus; enqueue: boolean }>;

/** `POST /api/evaluations/<id>` `{action: pause|resume|cancel|retry}`: only its owner may. */
export async function actOnEvaluation(request: Request, context: EvaluationParams): Promise<Response> {
  const { id } = await context.params;
  const body = await readJsonBody(request, 1024);
  if (!body.ok) return body.response;
  const action = (body.value as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !(action in ACTIONS)) return jsonError(400, 'action must be one of: pause, resume, cancel, retry.');
  const store = await getEvaluationStore();
  const row = isRunId(id) ? await store.get(id) : undefined;
  if (!row) return notFound();
  const owner = ownerOf(request);
  if (!owner || row.ownerHash !== owner) return jsonError(403, 'Only the browser that started this evaluation can change it.');
  const step = ACTIONS[action as keyof typeof ACTIONS];
  // Retry runs again what failed or was skipped; the rest stays done.
  if (action === 'retry' && !(await store.retryFailed(id)) && row.status === 'finished') return jsonError(409, 'Nothing failed: there is nothing to retry.');
  if (!(await store.setStatus(id, step.to, { from: step.from }))) return jsonError(409, `A ${row.status} evaluation cannot ${action}.`);
  if (step.enqueue) await enqueueEvaluation(id);
  return Response.json({ status: step.to });
}

/** `DELETE /api/evaluations/<id>`: only its owner may; its runs stay (they are runs like any other). */
export async function deleteEvaluation(request: Request, context: EvaluationParams): Promise<Response> {
  const { id } = await context.params;
  if (!isRunId(id)) return notFound();
  const outcome = await (await getEvaluationStore()).remove(id, ownerOf(request));
  if (outcome === 'not-found') return notFound();
  if (outcome === 'forbidden') return jsonError(403, 'Only the browser that started this evaluation can delete it.');
  return new Response(null, { status: 204 });
}
