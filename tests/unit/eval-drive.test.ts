// An evaluation as a durable job: each unit's result is written before it counts, a second
// drive after a stop runs only what was left (no item run twice), pause and cancel hold.
import { beforeAll, describe, expect, it } from 'vitest';
import { driveEvaluation } from '@/lib/evals/drive';
import { getEvaluationStore } from '@/lib/evals/server';
import { evaluationSpecSchema } from '@/lib/evals/spec';
import { unitKey, unitsOf } from '@/lib/evals/spec';
import { newRunId } from '@/lib/runs/ids';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const agent = (model: string) => ({ model, maxOutputTokens: 40 });
const spec = evaluationSpecSchema.parse({
  set: { id: 'three', name: 'Three', items: ['Why is the sky blue?', 'How do I brew green tea?', 'What is a prime number?'].map((prompt, i) => ({ id: `q${i}`, prompt })) },
  configs: [
    { id: 'single', label: 'Single model', config: { layers: [{ agents: [agent('offline:synth')] }] } },
    { id: 'lite', label: 'MoA-Lite', config: { layers: [{ agents: [agent('offline:concise'), agent('offline:stepwise')] }, { agents: [agent('offline:synth')] }] } },
  ],
  judge: { model: 'offline:synth' },
  concurrency: 2,
});

async function newEvaluation(owner: string) {
  const store = await getEvaluationStore();
  const id = newRunId();
  await store.create({ id, ownerHash: owner, name: 'test', spec, unitKeys: unitsOf(spec).map(unitKey) });
  return { store, id };
}

/** Every stored run of the owner: an item run twice would show up twice. */
const runsOf = async (owner: string) => (await (await getRunStore()).listRuns(owner, { limit: 200 })).map((r) => r.id);

describe('driveEvaluation', () => {
  it('runs every unit, writes each result, and finishes', async () => {
    const { store, id } = await newEvaluation('drive-all');
    await driveEvaluation(id, store, new AbortController().signal);
    expect((await store.get(id))!.status).toBe('finished');
    const units = await store.units(id);
    expect(units).toHaveLength(3 * 2 + 3);
    expect(units.every((u) => u.status === 'done')).toBe(true);
    const runIds = units.filter((u) => u.key.startsWith('run:')).map((u) => u.runId);
    expect(new Set(runIds).size).toBe(6);
    expect((await runsOf('drive-all')).sort()).toEqual([...runIds].sort());
  });

  it('after a stop mid-way, a second drive runs only what was left: no item twice', async () => {
    const { store, id } = await newEvaluation('drive-resume');
    const stop = new AbortController();
    // Stop as soon as the first unit is written.
    const watching = (async () => {
      while (!(await store.units(id)).some((u) => u.status === 'done')) await new Promise((r) => setTimeout(r, 5));
      stop.abort();
    })();
    await driveEvaluation(id, store, stop.signal);
    await watching;
    const before = await store.units(id);
    const doneBefore = before.filter((u) => u.status === 'done').map((u) => u.key);
    expect(doneBefore.length).toBeGreaterThan(0);
    expect(doneBefore.length).toBeLessThan(9);
    expect((await store.get(id))!.status).toBe('running');

    await driveEvaluation(id, store, new AbortController().signal);
    const after = await store.units(id);
    expect(after.every((u) => u.status === 'done')).toBe(true);
    // The units done before kept their results and runs.
    for (const key of doneBefore) expect(after.find((u) => u.key === key)!.runId).toBe(before.find((u) => u.key === key)!.runId);
    // Each item ran once per configuration, but for runs a stop cut short (stored as cancelled).
    const finishedRuns = (await (await getRunStore()).listRuns('drive-resume', { limit: 200 })).filter((r) => r.status === 'finished');
    expect(finishedRuns).toHaveLength(6);
    expect((await store.get(id))!.status).toBe('finished');
  });

  it('does nothing for a paused or cancelled evaluation, and stops when paused mid-way', async () => {
    const { store, id } = await newEvaluation('drive-pause');
    await store.setStatus(id, 'paused');
    await driveEvaluation(id, store, new AbortController().signal);
    expect((await store.units(id)).every((u) => u.status === 'pending')).toBe(true);

    await store.setStatus(id, 'queued');
    const pausing = (async () => {
      while (!(await store.units(id)).some((u) => u.status === 'done')) await new Promise((r) => setTimeout(r, 5));
      await store.setStatus(id, 'paused');
    })();
    await driveEvaluation(id, store, new AbortController().signal);
    await pausing;
    expect((await store.get(id))!.status).toBe('paused');
    expect((await store.units(id)).some((u) => u.status !== 'done')).toBe(true);
  });
});
