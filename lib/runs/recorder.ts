import 'server-only';
import { createChannel } from '../moa/channel';
import type { MoAConfig } from '../moa/config';
import { isDelta, type RunEvent } from '../moa/events';
import type { ConversationMessage } from '../moa/conversation';
import type { FollowUp } from './conversation';
import { initialRunView, reduceRun, type RunView } from '../run-view';
import { createFlushClock } from './flush-clock';
import { isConnectionLost, isUniqueViolation } from './db-errors';
import { newRunId } from './ids';
import { announce, recordingEnded, recordingStarted } from './live';
import { stripNul, stripNulDeep } from './sanitize';
import type { RunEnd, RunStore, StoredEvent } from './store';
import { runTotalsOf } from './totals';

/** Deltas are written at least this often; every other event is written at once. */
export const RECORD_FLUSH_MS = 10;
const deltaClock = createFlushClock(RECORD_FLUSH_MS);

/** This process's recordings in progress, by run id: a shutdown waits for them, then interrupts the rest. */
type Recording = { interrupt(error: string): Promise<void> };
const globalForRecorder = globalThis as unknown as { moaRecordings?: Map<string, Recording> };
const recordings = (globalForRecorder.moaRecordings ??= new Map<string, Recording>());

/** How many runs this process is recording now. */
export const recordingsInProgress = () => recordings.size;

/**
 * Ends every recording in progress as interrupted, with `error`: each writes what it has, then a
 * run-interrupted event (committed, then sent to its client), and its model calls are aborted.
 */
export async function interruptRecordings(error: string): Promise<number> {
  const all = [...recordings.values()];
  await Promise.all(all.map((recording) => recording.interrupt(error)));
  return all.length;
}

export type RunMeta = {
  config: MoAConfig; prompt: string; presetId?: string; groupId?: string; ownerHash?: string | null; configVersionId?: string | null;
  /** A follow-up of a stored run: its history, and the conversation it continues. */
  followUp?: FollowUp;
  /** Earlier turns the caller sent itself (the API), when the run follows no stored run. */
  history?: ConversationMessage[];
};

/**
 * Records a run while it streams. Events reach the returned stream only once they are
 * committed, so a crash loses nothing a client was shown. Deltas of one agent are coalesced
 * per flush (at most RECORD_FLUSH_MS apart). The engine is drained to its end even when the
 * stream's reader goes away, so a cancelled run is stored as cancelled; the reader leaving
 * aborts the run, as before. Without a working store the run still streams, unrecorded.
 */
export function recordRun(
  meta: RunMeta,
  start: (signal: AbortSignal) => AsyncIterable<RunEvent>,
  options: {
    store: Promise<RunStore>; signal?: AbortSignal;
    /** How long a run waits for an unreachable database before it stops (RECORD_RETRY_MS). */
    retryMs?: number;
  },
): AsyncIterable<RunEvent> {
  const abort = new AbortController();
  const onAbort = () => abort.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const out = createChannel<RunEvent>();
  let finished = false;
  const pump = async () => {
    const runId = newRunId();
    const store = await options.store
      .then(async (store) => {
        await store.createRun({ id: runId, ownerHash: meta.ownerHash ?? null, prompt: stripNul(meta.prompt), config: stripNulDeep(meta.config), presetId: meta.presetId ?? null, groupId: meta.groupId ?? null, configVersionId: meta.configVersionId ?? null, ...(meta.followUp && { parentRunId: meta.followUp.parentRunId, conversationId: meta.followUp.conversationId, turn: meta.followUp.turn }) });
        // The first follow-up makes its parent a conversation's first turn.
        if (meta.followUp?.turn === 2) await store.startConversation(meta.followUp.conversationId);
        recordingStarted(runId);
        return store;
      })
      .catch((error) => {
        console.error('[runs] this run will not be recorded:', error instanceof Error ? error.message : error);
        return null;
      });
    // Once interrupted, what the engine emits while it stops (its cancellation) is not the run's.
    let interrupted = false;
    const writer = store ? createWriter(store, runId, out.push, () => ((interrupted = true), abort.abort(new Error(RECORDING_LOST))), options.retryMs ?? RECORD_RETRY_MS) : null;
    if (writer) {
      recordings.set(runId, {
        async interrupt(error) {
          interrupted = true;
          abort.abort(new Error(error));
          await writer.interrupt(error);
        },
      });
    }
    try {
      for await (const raw of start(abort.signal)) {
        if (interrupted) break;
        const event = sanitize(raw.type === 'run-started' && writer ? { ...raw, runId } : raw);
        if (writer) writer.add(event);
        else out.push(event);
      }
    } finally {
      await writer?.close();
      recordings.delete(runId);
      if (store) recordingEnded(runId);
      finished = true;
      options.signal?.removeEventListener('abort', onAbort);
      out.close();
    }
  };
  const pumping = pump().catch((error) => console.error('[runs] recording failed:', error));

  return {
    async *[Symbol.asyncIterator]() {
      try {
        yield* out;
      } finally {
        // The reader left early (client gone): stop the run, and let it be recorded as cancelled.
        if (!finished) abort.abort();
        await pumping;
      }
    },
  };
}

/**
 * One append in flight per run; whatever arrives meanwhile goes into the next one. A non-delta
 * event is written at once (with anything else of the same tick), deltas at the next tick of
 * the shared clock (within RECORD_FLUSH_MS), with every other run's. A slow database thus
 * makes batches bigger, never a queue.
 */
function createWriter(store: RunStore, runId: string, forward: (event: RunEvent) => void, onLost: () => void, retryMs: number) {
  let pending: RunEvent[] = [];
  let seq = 0;
  let view: RunView = initialRunView;
  let urgent = false;
  let writing: Promise<void> | null = null;
  let broken = false;
  /** The run's last event was given (ended by itself), or it was interrupted: nothing more is taken. */
  let ended = false;
  let interrupting: Promise<void> | undefined;

  /**
   * Appends one batch. While the database cannot be reached the run waits (its events are shown
   * only once stored) and tries again, up to `retryMs`; then it is stopped, saying why. An append
   * whose answer was lost may have committed: its retry then finds its rows there.
   */
  const append = async (rows: { seq: number; event: RunEvent }[], end: RunEnd | undefined): Promise<boolean> => {
    const deadline = Date.now() + retryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await store.append(runId, rows, end);
        if (attempt > 0) console.warn(`[runs] the database is back: run ${runId} goes on.`);
        return true;
      } catch (error) {
        if (attempt > 0 && isUniqueViolation(error)) return true;
        const message = error instanceof Error ? error.message : String(error);
        if (!isConnectionLost(error) || Date.now() >= deadline) {
          console.error(`[runs] recording of run ${runId} stopped:`, message);
          return false;
        }
        if (attempt === 0) console.warn(`[runs] the database is unreachable (${message}): run ${runId} waits for it, up to ${Math.round(retryMs / 1000)} s.`);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt, Math.max(0, deadline - Date.now()))));
      }
    }
  };

  const write = async (batch: RunEvent[]) => {
    if (broken) return;
    for (const event of batch) view = reduceRun(view, event);
    if (await append(batch.map((event) => ({ seq: seq++, event })), endOf(batch.at(-1)!, view))) {
      announce(runId);
      for (const event of batch) forward(event);
      return;
    }
    // The run cannot be recorded: it stops here, and its client is told (never shown what was not
    // stored). What was stored stays;
    // the run is marked interrupted when its instance's lease lapses (or at the next start).
    broken = true;
    ended = true;
    pending = [];
    const usage = runTotalsOf(view).usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    forward({ type: 'run-failed', t: view.lastT, error: RECORDING_LOST, usage });
    onLost();
  };

  const kick = () => {
    if (writing || !urgent || !pending.length) return;
    deltaClock.cancel(flushDeltas);
    const batch = coalesceDeltas(pending);
    pending = [];
    urgent = false;
    writing = write(batch).finally(() => {
      writing = null;
      kick();
    });
  };

  const flushDeltas = () => {
    urgent = true;
    kick();
  };

  const drain = async () => {
    deltaClock.cancel(flushDeltas);
    urgent = true;
    while (writing || pending.length) {
      kick();
      await writing;
    }
  };

  return {
    add(event: RunEvent) {
      if (ended) return;
      if (TERMINAL.has(event.type)) ended = true;
      pending.push(event);
      if (!isDelta(event)) {
        // Same-tick events (a layer's agents starting together) share one transaction.
        if (!urgent) setImmediate(kick);
        urgent = true;
      } else {
        deltaClock.schedule(flushDeltas);
      }
    },
    /** Resolves once everything given is written (and an interruption's event sent). */
    async close() {
      await drain();
      await interrupting;
    },
    /** Writes what is pending, then the run's end as interrupted (unless it already ended), and forwards it. */
    interrupt(error: string): Promise<void> {
      interrupting ??= (async () => {
        const hadEnded = ended;
        ended = true;
        await drain();
        if (hadEnded) return;
        const totals = runTotalsOf(view);
        const event: RunEvent = { type: 'run-interrupted', t: view.lastT, usage: totals.usage ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0 } };
        view = reduceRun(view, event);
        if (!broken) {
          try {
            await store.append(runId, [{ seq: seq++, event }], { status: 'interrupted', totals, error });
            announce(runId);
          } catch (cause) {
            console.error(`[runs] run ${runId} could not be marked interrupted:`, cause instanceof Error ? cause.message : cause);
          }
        }
        forward(event);
      })();
      return interrupting;
    },
  };
}

/** How long a run waits, by default, for its database to come back. */
export const RECORD_RETRY_MS = 30_000;
const RECORDING_LOST = 'The run database could not be reached, so the run was stopped. What it had stored is kept; it will show as interrupted.';

const TERMINAL = new Set<RunEvent['type']>(['run-finished', 'run-failed', 'run-cancelled', 'run-interrupted']);

/** Joins consecutive deltas of each agent (answer and reasoning apart) within a batch; other events keep their place. */
function coalesceDeltas(events: RunEvent[]): RunEvent[] {
  const result: RunEvent[] = [];
  const open = new Map<string, number>();
  for (const event of events) {
    if (!isDelta(event)) {
      open.clear();
      result.push(event);
      continue;
    }
    const key = `${event.type}.${event.layer}.${event.agent}`;
    // Reasoning and answer of one agent stay in the order they came: a delta of one type closes the other's run.
    open.delete(`${event.type === 'agent-delta' ? 'agent-reasoning-delta' : 'agent-delta'}.${event.layer}.${event.agent}`);
    const at = open.get(key);
    if (at === undefined) {
      open.set(key, result.length);
      result.push(event);
    } else {
      const earlier = result[at] as typeof event;
      result[at] = { ...earlier, t: event.t, text: earlier.text + event.text };
    }
  }
  return result;
}

function endOf(event: RunEvent, view: RunView): RunEnd | undefined {
  switch (event.type) {
    case 'run-finished':
      return { status: 'finished', totals: runTotalsOf(view), finalText: event.finalText };
    case 'run-failed':
      return { status: 'failed', totals: runTotalsOf(view), error: event.error };
    case 'run-cancelled':
      return { status: 'cancelled', totals: runTotalsOf(view) };
    default:
      return undefined;
  }
}

/** Postgres text cannot hold NUL. (Errors come scrubbed of credentials: lib/moa/errors.ts.) */
function sanitize(event: RunEvent): RunEvent {
  switch (event.type) {
    case 'agent-delta':
    case 'agent-reasoning-delta':
      return event.text.includes('\0') ? { ...event, text: stripNul(event.text) } : event;
    case 'agent-finished':
      return event.text.includes('\0') || event.reasoning?.includes('\0')
        ? { ...event, text: stripNul(event.text), ...(event.reasoning !== undefined && { reasoning: stripNul(event.reasoning) }) }
        : event;
    case 'agent-failed':
      return { ...event, text: stripNul(event.text), error: stripNul(event.error), ...(event.reasoning !== undefined && { reasoning: stripNul(event.reasoning) }) };
    case 'run-finished':
      return event.finalText.includes('\0') ? { ...event, finalText: stripNul(event.finalText) } : event;
    case 'run-failed':
      return { ...event, error: stripNul(event.error) };
    case 'run-started':
      return stripNulDeep(event);
    default:
      return event;
  }
}
