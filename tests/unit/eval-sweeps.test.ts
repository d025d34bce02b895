import { describe, expect, it } from 'vitest';
import { aggregatorSweep, layerSweep, proposerSweep, samplingSweep, sweepConfigs, SWEEPS } from '@/lib/evals/sweeps';
import { evaluationSpecSchema } from '@/lib/evals/spec';
import { moaConfigSchema } from '@/lib/moa/config';

const board = moaConfigSchema.parse({
  layers: [{ agents: [{ model: 'offline:concise' }, { model: 'offline:stepwise' }, { model: 'offline:sceptic' }] }, { agents: [{ model: 'offline:synth' }] }],
});

describe('proposerSweep', () => {
  it('makes the paper’s 1, 2, 3 and 6 proposers from the board, keeping the aggregator', () => {
    const sweep = proposerSweep(board);
    expect(sweep.map((c) => c.label)).toEqual(['1 proposer', '2 proposers', '3 proposers', '6 proposers']);
    expect(sweep.map((c) => c.config.layers[0].agents.map((a) => a.model))).toEqual([
      ['offline:concise'],
      ['offline:concise', 'offline:stepwise'],
      ['offline:concise', 'offline:stepwise', 'offline:sceptic'],
      ['offline:concise', 'offline:stepwise', 'offline:sceptic', 'offline:concise', 'offline:stepwise', 'offline:sceptic'],
    ]);
    for (const c of sweep) {
      expect(c.config.layers.slice(1)).toEqual(board.layers.slice(1));
      expect(moaConfigSchema.safeParse(c.config).success).toBe(true);
    }
  });

  it('refuses a board without an aggregating layer', () => {
    expect(() => proposerSweep(moaConfigSchema.parse({ layers: [{ agents: [{ model: 'offline:synth' }] }] }))).toThrow(/aggregating layer/);
  });
});

describe('the other ablations', () => {
  const models = (c: { config: { layers: { agents: { model: string }[] }[] } }) => c.config.layers.map((l) => l.agents.map((a) => a.model));

  it('sampling: the diverse proposers against the first proposer\'s model sampled as often, at temperature 0.7 at least', () => {
    const cold = moaConfigSchema.parse({ ...board, layers: [{ agents: board.layers[0].agents.map((a) => ({ ...a, temperature: 0 })) }, board.layers[1]] });
    const [multi, single] = samplingSweep(cold);
    expect(models(multi)).toEqual([['offline:concise', 'offline:stepwise', 'offline:sceptic'], ['offline:synth']]);
    expect(models(single)).toEqual([['offline:concise', 'offline:concise', 'offline:concise'], ['offline:synth']]);
    expect(single.config.layers[0].agents.every((a) => a.temperature === 0.7)).toBe(true);
    expect(single.label).toBe('offline:concise sampled 3×');
  });

  it('layers: the aggregator alone, proposers + aggregator, and a refining layer between', () => {
    const sweep = layerSweep(board);
    expect(sweep.map((c) => c.label)).toEqual(['1 layer', '2 layers', '3 layers']);
    expect(sweep.map(models)).toEqual([
      [['offline:synth']],
      [['offline:concise', 'offline:stepwise', 'offline:sceptic'], ['offline:synth']],
      [['offline:concise', 'offline:stepwise', 'offline:sceptic'], ['offline:concise', 'offline:stepwise', 'offline:sceptic'], ['offline:synth']],
    ]);
  });

  it('aggregator: the board\'s aggregator first (the baseline), then each other model in its place', () => {
    const sweep = aggregatorSweep(board);
    expect(sweep.map((c) => c.config.layers[1].agents[0].model)).toEqual(['offline:synth', 'offline:concise', 'offline:stepwise', 'offline:sceptic']);
    for (const c of sweep) expect(c.config.layers[0]).toEqual(board.layers[0]);
  });

  it('every sweep makes a valid evaluation from the board, and needs an aggregating layer', () => {
    for (const kind of Object.keys(SWEEPS) as (keyof typeof SWEEPS)[]) {
      const configs = sweepConfigs(kind, board);
      const spec = evaluationSpecSchema.safeParse({ set: { id: 's', name: 'S', items: [{ id: 'a', prompt: 'Why?' }] }, configs, judge: { model: 'offline:synth' } });
      expect(spec.success, kind).toBe(true);
      expect(() => sweepConfigs(kind, moaConfigSchema.parse({ layers: [{ agents: [{ model: 'offline:synth' }] }] }))).toThrow(/aggregating layer/);
    }
  });
});
