/**
 * What recording a run costs the stream: a synthetic run of AGENTS agents streaming DELTAS
 * deltas each (one every INTERVAL ms) through the recorder into PGlite (on disk unless
 * DATA_DIR=memory://), measuring how long each event waits between the engine and the
 * client (the write-ahead delay) and how many rows are written.
 *   node --conditions=react-server --import tsx bench/recording.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createChannel } from '../lib/moa/channel';
import { moaConfigSchema } from '../lib/moa/config';
import type { RunEvent } from '../lib/moa/events';
import { openDatabase } from '../lib/runs/db';
import { recordRun } from '../lib/runs/recorder';
import { createRunStore } from '../lib/runs/store';

const AGENTS = Number(process.env.AGENTS ?? 24);
const DELTAS = Number(process.env.DELTAS ?? 200);
const INTERVAL = Number(process.env.INTERVAL ?? 15);

const dir = process.env.DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'moa-bench-'));
const handle = await openDatabase({ dataDir: dir });
const store = createRunStore(handle.db, handle.batch);
// All agents stream at once (harder than real layers); laid out 12 to a layer for the reducer.
const refs = Array.from({ length: AGENTS }, (_, i) => ({ layer: Math.floor(i / 12), agent: i % 12 }));
const config = {
  ...moaConfigSchema.parse({ layers: [{ agents: [{ model: 'bench:m' }] }] }),
  layers: Array.from({ length: Math.ceil(AGENTS / 12) }, (_, l) => ({
    agents: refs.filter((r) => r.layer === l).map(() => ({ model: 'bench:m', temperature: 0.7, maxOutputTokens: 1024 })),
  })),
};

const emittedAt = new Map<RunEvent, number>();
function syntheticRun(): AsyncIterable<RunEvent> {
  const out = createChannel<RunEvent>();
  const t0 = performance.now();
  const emit = (event: RunEvent) => (emittedAt.set(event, performance.now()), out.push(event));
  const t = () => performance.now() - t0;
  emit({ type: 'run-started', t: 0, startedAt: new Date().toISOString(), config, prompt: 'bench' });
  let done = 0;
  for (let a = 0; a < AGENTS; a++) {
    const ref = refs[a];
    emit({ type: 'agent-started', t: t(), ...ref, model: 'bench:m' });
    let i = 0;
    const timer = setInterval(() => {
      emit({ type: 'agent-delta', t: t(), ...ref, text: 'token ' });
      if (++i < DELTAS) return;
      clearInterval(timer);
      emit({ type: 'agent-finished', t: t(), ...ref, text: 'token '.repeat(DELTAS), usage: { inputTokens: 1, outputTokens: DELTAS, totalTokens: DELTAS + 1 }, finishReason: 'stop', latencyMs: t() });
      if (++done === AGENTS) {
        emit({ type: 'run-finished', t: t(), finalText: '', usage: { inputTokens: AGENTS, outputTokens: AGENTS * DELTAS, totalTokens: AGENTS * (DELTAS + 1) } });
        out.close();
      }
    }, INTERVAL);
  }
  return out;
}

const waits: number[] = [];
let forwarded = 0;
let runId = '';
const started = performance.now();
for await (const event of recordRun({ config, prompt: 'bench' }, () => syntheticRun(), { store: Promise.resolve(store) })) {
  forwarded++;
  if (event.type === 'run-started') runId = event.runId!;
  const at = [...emittedAt.entries()].find(([e]) => e === event || (e.type === event.type && e.t === event.t))?.[1];
  if (at !== undefined) waits.push(performance.now() - at);
}
const elapsed = performance.now() - started;
const rows = (await store.allEvents(runId)).length;
waits.sort((a, b) => a - b);
const q = (p: number) => waits[Math.min(waits.length - 1, Math.floor(p * waits.length))].toFixed(1);
console.log(`${AGENTS} agents × ${DELTAS} deltas every ${INTERVAL} ms (${AGENTS * DELTAS} deltas, ${(AGENTS * 1000) / INTERVAL} deltas/s), PGlite ${dir.startsWith('memory://') ? 'in memory' : 'on disk'}`);
console.log(`run ${elapsed.toFixed(0)} ms; ${forwarded} events forwarded, ${rows} rows stored`);
console.log(`engine → client delay (ms): p50 ${q(0.5)}  p95 ${q(0.95)}  p99 ${q(0.99)}  max ${waits.at(-1)!.toFixed(1)}`);
await handle.close();
if (!process.env.DATA_DIR) rmSync(dir, { recursive: true, force: true });
