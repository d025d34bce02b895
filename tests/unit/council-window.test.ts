import { describe, expect, it } from 'vitest';
import { callsPerRun, describeIssues, moaConfigSchema, type MoAConfigInput } from '@/lib/moa/config';
import { bordaCount, buildCouncilSystemPrompt, councilMapping, councilRankingNote, label, parseCouncilReply, positionLabel, windows } from '@/lib/moa/council';

const answers = [1, 2, 3, 4].map((index) => ({ index, text: `answer ${index} text` }));

describe('council', () => {
  it('labels A.. Z, AA', () => {
    expect([0, 1, 25, 26, 27].map(label)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('same seed → same orders; rankers differ', () => {
    const a = [0, 1, 2, 3].map((r) => councilMapping(answers, 42, r));
    const b = [0, 1, 2, 3].map((r) => councilMapping(answers, 42, r));
    expect(a).toEqual(b);
    expect(new Set(a.map((m) => m.map((x) => x.answer).join())).size).toBeGreaterThan(1);
    for (const m of a) expect(m.map((x) => x.answer).sort()).toEqual([1, 2, 3, 4]);
  });

  it('ranking prompt shows labels only, never a model id or answer number tag', () => {
    const mapping = councilMapping(answers, 7, 0);
    const prompt = buildCouncilSystemPrompt({ instruction: 'Rank.', answers, mapping });
    expect(prompt).toContain('FINAL RANKING:');
    expect(prompt).toContain('<candidate label="Response A">');
    expect(prompt).not.toMatch(/<response n=/);
    expect(prompt).not.toMatch(/gpt|claude|offline|model/i);
  });

  it('parses strictly', () => {
    const mapping = councilMapping(answers, 1, 0);
    const byLabel = (l: string) => mapping.find((m) => m.label === `Response ${l}`)!.answer;
    const good = 'A is fine.\n\nFINAL RANKING:\n1. Response C\n2. Response A\n3. Response D\n4. Response B';
    expect(parseCouncilReply(good, mapping)).toEqual({ order: ['C', 'A', 'D', 'B'].map(byLabel), reason: 'A is fine.' });
    expect(parseCouncilReply('no block', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n2. Response C\n3. Response D\n4. Response B', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n2. Response A\n3. Response D', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n3. Response A\n2. Response D\n4. Response B', mapping)).toBeNull();
    expect(parseCouncilReply('FINAL RANKING:\n1. Response C\n2. Response A\n3. Response D\n4. Response E', mapping)).toBeNull();
  });

  it('Borda count with ties', () => {
    // n=3: 2,1,0 points. Rankings [1,2,3] and [2,1,3] → 1:3, 2:3, 3:0.
    const rows = bordaCount([1, 2, 3], [[1, 2, 3], [2, 1, 3]]);
    expect(rows).toEqual([
      { answer: 1, points: 3, position: 1, tied: true },
      { answer: 2, points: 3, position: 1, tied: true },
      { answer: 3, points: 0, position: 3, tied: false },
    ]);
    expect(positionLabel(rows[0])).toBe('1=');
    const rows2 = bordaCount([1, 2, 3, 4], [[4, 2, 3, 1], [4, 3, 2, 1]]);
    expect(rows2.map((r) => [r.answer, r.points, positionLabel(r)])).toEqual([[4, 6, '1'], [2, 3, '2='], [3, 3, '2='], [1, 0, '4']]);
  });

  it('no readable ranking → answers in their order, stated', () => {
    const rows = bordaCount([1, 2, 3], []);
    expect(rows.map((r) => r.answer)).toEqual([1, 2, 3]);
    expect(councilRankingNote(rows, 0)).toMatch(/No council ranking was readable/);
    expect(councilRankingNote(bordaCount([1, 2], [[2, 1]]), 1)).toContain('1. Response 2 — 1 point');
  });
});

describe('sliding window', () => {
  it('7 answers, w=3 → 3,3,1', () => {
    expect(windows([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(windows([1, 2], 3)).toEqual([[1, 2]]);
  });
});

describe('config: council and sliding-window', () => {
  const agent = (model = 'x:a') => ({ model });
  const base = (layers: MoAConfigInput['layers']) => moaConfigSchema.safeParse({ version: 1, layers });
  const messages = (layers: MoAConfigInput['layers']) => {
    const r = base(layers);
    return r.success ? [] : describeIssues(r.error);
  };

  it('a council layer cannot be last: a chairman must follow', () => {
    expect(messages([{ agents: [agent(), agent()] }, { strategy: 'council', agents: [agent()] }]).join()).toMatch(/chairman layer must follow/);
    expect(messages([{ agents: [agent(), agent()] }, { strategy: 'council', agents: [agent(), agent()], seed: 3 }, { agents: [agent()] }])).toEqual([]);
    expect(messages([{ strategy: 'council', agents: [agent()] }, { agents: [agent()] }]).join()).toMatch(/first layer proposes/);
  });

  it('sliding window: one agent, window 2..max, counted ceil(n/w) calls', () => {
    expect(messages([{ agents: [agent(), agent()] }, { strategy: 'sliding-window', agents: [agent(), agent()] }]).join()).toMatch(/exactly one agent/);
    expect(messages([{ agents: [agent()] }, { strategy: 'sliding-window', window: 1, agents: [agent()] }]).join()).toMatch(/at least 2/);
    expect(messages([{ agents: [agent()] }, { window: 3, agents: [agent()] }]).join()).toMatch(/sliding-window layer only/);
    const seven = Array.from({ length: 7 }, () => agent());
    const r = base([{ agents: seven }, { strategy: 'sliding-window', window: 3, agents: [agent()] }]);
    expect(r.success && callsPerRun(r.data)).toBe(7 + 3);
    const r2 = base([{ agents: seven.slice(0, 2) }, { strategy: 'sliding-window', agents: [agent()] }]);
    expect(r2.success && callsPerRun(r2.data)).toBe(2 + 1);
  });
});
