// The Markdown export of runs whose layers rank, judge, hold a council or read a sliding window:
// what each strategy decided is in the report, and model text in it stays inert.
import { describe, expect, it } from 'vitest';
import { scripted } from './helpers/scripted-calls';
import { moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { runMoA } from '@/lib/moa/engine';
import type { RunEvent } from '@/lib/moa/events';
import { reduceEvents } from '@/lib/run-view';
import { runToMarkdown } from '@/lib/runs/export';

async function exported(input: MoAConfigInput, replies: Record<string, string[]>) {
  const config = moaConfigSchema.parse(input);
  const { call } = scripted(replies);
  const events: RunEvent[] = [];
  for await (const e of runMoA(config, 'Which?', { resolveModel: () => null as never, streamCall: call })) events.push(e);
  const view = reduceEvents(events);
  const row = {
    id: 'r1', status: 'finished' as const, prompt: 'Which?', config, presetId: null, groupId: null, parentRunId: null, conversationId: null, turn: 1,
    totals: null, finalText: view.finalText ?? null, error: null, createdAt: new Date(0), finishedAt: new Date(1),
  };
  return { md: runToMarkdown(row as never, events), view };
}

const proposers = { agents: [{ model: 'x:a' }, { model: 'x:b' }, { model: 'x:c' }] };
const proposals = { 'x:a': ['Answer A.'], 'x:b': ['Answer B.'], 'x:c': ['Answer C.'] };

describe('the Markdown export of a run', () => {
  it('states a ranker’s pick, and its fallback when the ranking stayed unreadable', async () => {
    const { md } = await exported({ layers: [proposers, { strategy: 'rank', agents: [{ model: 'x:r' }] }] }, { ...proposals, 'x:r': ['B is clearest.\nBest: [[2]]'] });
    expect(md).toContain('> **Picked** answer 2: it is passed on verbatim.');
    expect(md).toMatch(/## Final answer\n\nAnswer B\./);
    const unreadable = await exported({ layers: [proposers, { strategy: 'rank', agents: [{ model: 'x:r' }] }] }, { ...proposals, 'x:r': ['No idea.'] });
    expect(unreadable.md).toContain('> **Picked** answer 1: it is passed on verbatim. The ranking was unreadable twice: kept answer 1.');
  });

  it('has a council layer’s Borda table and each ranker’s ranking under its labels, or why it was left out', async () => {
    const ranking = 'C is best.\n\nFINAL RANKING:\n1. Response C\n2. Response A\n3. Response B';
    const { md, view } = await exported(
      {
        layers: [
          proposers,
          { strategy: 'council', seed: 7, agents: [{ model: 'x:r1' }, { model: 'x:r2' }, { model: 'x:r3' }] },
          { agents: [{ model: 'x:chair' }] },
        ],
      },
      { ...proposals, 'x:r1': [ranking], 'x:r2': [ranking], 'x:r3': ['Cannot say.'], 'x:chair': ['Final.'] },
    );
    const council = view.councils![1];
    expect(council.counted).toBe(2);
    expect(md).toContain('Aggregate ranking (Borda count of 2 of 3 rankings, answers of layer 1):');
    // Every row of the table, as the run's own result has it: position, answer, its model, points.
    for (const r of council.rows) {
      expect(md).toContain(`| ${r.position}${r.tied ? '=' : ''} | ${r.answer} | \`x:${'abc'[r.answer - 1]}\` | ${r.points} |`);
    }
    // The table comes before the rankers' cells, in the council's layer.
    expect(md.indexOf('Aggregate ranking')).toBeGreaterThan(md.indexOf('## Layer 2'));
    expect(md.indexOf('Aggregate ranking')).toBeLessThan(md.indexOf('### Agent 1 · `x:r1`'));
    for (const [i, ranker] of view.layers[1].slice(0, 2).entries()) {
      const { mapping, order } = ranker.ranking!;
      const answerOf = (label: string) => mapping.find((m) => m.label === label)!.answer;
      expect(order).toEqual(['Response C', 'Response A', 'Response B'].map(answerOf));
      expect(md).toContain(
        `> **Ranking** (best first): 1. Response C (answer ${answerOf('Response C')}), 2. Response A (answer ${answerOf('Response A')}), 3. Response B (answer ${answerOf('Response B')}).`,
      );
      expect(md).toContain(`### Agent ${i + 1} · \`x:r${i + 1}\``);
    }
    expect(md).toContain('> **Ranking:** The ranking was unreadable twice: it is left out of the count.');
  });

  it('has a sliding window’s steps: the answers each read and the synthesis of every earlier step', async () => {
    const five = { agents: Array.from({ length: 5 }, (_, i) => ({ model: `x:p${i + 1}` })) };
    const { md } = await exported(
      { layers: [five, { strategy: 'sliding-window', window: 2, agents: [{ model: 'x:agg' }] }] },
      { ...Object.fromEntries(five.agents.map((a, i) => [a.model, [`Proposal ${i + 1}.`]])), 'x:agg': ['First synthesis.', 'Second synthesis.', 'Last synthesis.'] },
    );
    const layer2 = md.slice(md.indexOf('## Layer 2'), md.indexOf('## Figures'));
    expect(layer2).toMatch(
      /\*\*Step 1 of 3\*\* \(answers 1–2\):\n\n> First synthesis\.\n\n\*\*Step 2 of 3\*\* \(answers 3–4\):\n\n> Second synthesis\.\n\n\*\*Step 3 of 3\*\* \(answers 5\):\n\nLast synthesis\./,
    );
  });

  it('keeps a window step’s model text inert: raw HTML is escaped', async () => {
    const three = { agents: Array.from({ length: 3 }, (_, i) => ({ model: `x:p${i + 1}` })) };
    const { md } = await exported(
      { layers: [three, { strategy: 'sliding-window', window: 2, agents: [{ model: 'x:agg' }] }] },
      { 'x:p1': ['One.'], 'x:p2': ['Two.'], 'x:p3': ['Three.'], 'x:agg': ['<img src=x onerror=alert(1)> step one', 'Done.'] },
    );
    expect(md).not.toMatch(/^>?\s*<img/m);
    expect(md).toContain('> \\<img src=x onerror=alert(1)> step one');
  });
});
