import 'server-only';
import { evaluationWorkerState, startEvaluationWorker } from './evals/server';
import { getModelCalls, getModelRegistry } from './models/server';
import { pendingMigrations } from './runs/db';
import { getDatabaseHandle, getInstance } from './runs/server';
import { isShuttingDown } from './shutdown';

/**
 * Liveness and readiness for load balancers and orchestrators. Answers are fixed words, never
 * an error's text: nothing about keys, URLs or the environment can leak through them.
 */

/** How long a readiness check waits for the database before calling it unreachable. */
const DATABASE_CHECK_MS = 2000;

/** `GET /api/health`: the process answers (cheap: touches nothing). */
export const getHealth = () => Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });

type Check = 'ok' | 'not used' | string;

/** `GET /api/ready`: 200 when this instance should get traffic, else 503 with the checks that failed. */
export async function getReadiness(): Promise<Response> {
  const checks: Record<string, Check> = {};
  let ready = true;
  const fail = (name: string, state: string) => {
    checks[name] = state;
    ready = false;
  };

  if (isShuttingDown()) fail('accepting', 'shutting down');
  else checks.accepting = 'ok';

  const database = await withTimeout(
    (async () => {
      const handle = await getDatabaseHandle();
      return pendingMigrations(handle.db);
    })(),
    DATABASE_CHECK_MS,
  ).catch(() => null);
  if (database === null) fail('database', 'unreachable');
  else {
    checks.database = 'ok';
    if (database > 0) fail('migrations', `${database} pending`);
    else checks.migrations = 'ok';
  }

  const instance = await withTimeout(getInstance(), DATABASE_CHECK_MS).catch(() => null);
  if (instance?.lease.held()) checks.lease = 'ok';
  else fail('lease', 'not renewed');

  const evaluations = evaluationWorkerState();
  if (evaluations === 'running') checks.evaluationWorker = 'ok';
  else fail('evaluationWorker', evaluations);
  // One that could not start at boot (the database was not up yet) is tried again, so readiness can recover.
  if (evaluations === 'failed' && !isShuttingDown()) void startEvaluationWorker().catch(() => {});

  // Without an HTTP provider no call goes to the worker; if it cannot start, calls run on this thread (slower, still served).
  if (!getModelRegistry().hasHttpProviders) checks.modelCallWorker = 'not used';
  else checks.modelCallWorker = (await withTimeout(getModelCalls().warm(), DATABASE_CHECK_MS).catch(() => false)) ? 'ok' : 'main thread';

  return Response.json({ ready, checks }, { status: ready ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
