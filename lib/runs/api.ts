import 'server-only';
import { jsonError } from '../http';
import { isRunId } from './ids';
import type { RunRow } from './schema';
import { getRunStore } from './server';
import type { RunStore } from './store';

export type IdParams = { params: Promise<{ id: string }> };

/** Runs `handle` with the store and a well-formed id; 404 for a malformed id, 503 without storage. */
export async function withRun(context: IdParams, handle: (store: RunStore, id: string) => Promise<Response>): Promise<Response> {
  const { id } = await context.params;
  if (!isRunId(id)) return notFoundResponse();
  let store: RunStore;
  try {
    store = await getRunStore();
  } catch {
    return jsonError(503, 'Run storage is unavailable; see the server log.');
  }
  return handle(store, id);
}

export const notFoundResponse = () => jsonError(404, 'There is no run with this id.');

/** What a reader of the run may see: everything but the owner hash. */
export function publicRun(run: RunRow, ownerHash: string | null) {
  const { ownerHash: owner, ...rest } = run;
  return { ...rest, mine: !!ownerHash && owner === ownerHash };
}
