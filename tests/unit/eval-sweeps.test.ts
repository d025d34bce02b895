import { describe, expect, it } from 'vitest';
import { proposerSweep } from '@/lib/evals/sweeps';
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
