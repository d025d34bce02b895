// Aggregation strategies side by side in one evaluation (issue #19): every strategy's preset is a
// configuration like any other, runs on the offline models, is judged, and its stored runs show
// what the strategy implies.
import { beforeAll, describe, expect, it } from 'vitest';
import { doneResultsOf, driveEvaluation } from '@/lib/evals/drive';
import { deriveResults } from '@/lib/evals/results';
import { getEvaluationStore } from '@/lib/evals/server';
import { evaluationSpecSchema, unitKey, unitsOf } from '@/lib/evals/spec';
import type { RunEvent } from '@/lib/moa/events';
import { buildPreset, PRESETS, type PresetId } from '@/lib/moa/presets';
import { OFFLINE_MODELS } from '@/lib/models/offline';
import { newRunId } from '@/lib/runs/ids';
import { getRunStore } from '@/lib/runs/server';

beforeAll(() => getRunStore(), 120_000);

const models = OFFLINE_MODELS.map((m) => ({ id: `offline:${m.id}`, provider: 'offline', providerLabel: 'Offline', label: m.label, kind: 'offline' as const, role: m.role }));
const STRATEGY_PRESETS: PresetId[] = ['moa-lite', 'llm-ranker', 'sparse-moa', 'llm-council', 'self-moa-seq'];
const labelOf = (id: PresetId) => PRESETS.find((p) => p.id === id)!.label;

const spec = evaluationSpecSchema.parse({
  set: { id: 'two', name: 'Two', items: ['Why is the sky blue?', 'How do I brew green tea?'].map((prompt, i) => ({ id: `q${i}`, prompt })) },
  configs: STRATEGY_PRESETS.map((id) => ({ id, label: labelOf(id), config: buildPreset(id, models), presetId: id })),
  judge: { model: 'offline:synth' },
  concurrency: 4,
});

const finalOf = (events: RunEvent[]) => events.find((e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished')?.finalText;
const eventsOf = async (runId: string) => (await (await getRunStore()).eventsAfter(runId)).map((e) => e.event as RunEvent);

describe('strategies in an evaluation (offline models, no key)', () => {
  it('MoA-Lite against the LLM-ranker, Sparse MoA, LLM Council and Self-MoA-Seq: every unit runs once, every candidate is judged on every prompt', async () => {
    const store = await getEvaluationStore();
    const id = newRunId();
    await store.create({ id, ownerHash: 'eval-strategies', name: 'strategies', spec, unitKeys: unitsOf(spec).map(unitKey) });
    await driveEvaluation(id, store, new AbortController().signal);
    expect((await store.get(id))!.status).toBe('finished');

    const units = await store.units(id);
    expect(units.filter((u) => u.status !== 'done').map((u) => `${u.key}: ${u.status} ${u.error ?? ''}`)).toEqual([]);
    const results = deriveResults(spec, doneResultsOf(units));
    for (const config of results.configs.filter((c) => !c.isBaseline)) {
      expect(config.pairwise?.wins! + config.pairwise?.ties! + config.pairwise?.losses!, config.label).toBe(2);
      expect(config.failedItems, config.label).toEqual([]);
    }

    const runOf = (item: number, config: PresetId) => units.find((u) => u.key === unitKey({ kind: 'run', item, config: STRATEGY_PRESETS.indexOf(config) }))!.runId!;
    for (const item of [0, 1]) {
      // The ranker's final answer is one proposal, verbatim.
      const ranker = await eventsOf(runOf(item, 'llm-ranker'));
      const proposals = ranker.flatMap((e) => (e.type === 'agent-finished' && e.layer === 0 ? [e.text] : []));
      expect(proposals).toHaveLength(6);
      expect(proposals).toContain(finalOf(ranker));

      // The council layer's Borda table counts every ranker and ranks every proposal.
      const council = await eventsOf(runOf(item, 'llm-council'));
      const table = council.find((e): e is Extract<RunEvent, { type: 'council-result' }> => e.type === 'council-result');
      expect({ counted: table?.counted, rows: table?.rows.length }).toEqual({ counted: 4, rows: 4 });
      expect(finalOf(council)).toBeTruthy();

      // Self-MoA-Seq's aggregator wrote its answer in ceil(6/3) = 2 steps, each announced.
      const seq = await eventsOf(runOf(item, 'self-moa-seq'));
      expect(seq.flatMap((e) => (e.type === 'agent-window' ? [`${e.step} of ${e.steps}`] : []))).toEqual(['1 of 2', '2 of 2']);
      expect(finalOf(seq)).toBeTruthy();
    }
  }, 120_000);
});
