// An evaluation's spec (validation, defaults, readable errors) and its units of work.
import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGE_INSTRUCTIONS } from '@/lib/compare/judge-prompt';
import { evaluationSpecSchema, parseEvaluationSpec, parseUnitKey, unitKey, unitsOf, type EvaluationSpecInput } from '@/lib/evals/spec';

const agent = (model: string) => ({ model, maxOutputTokens: 40 });
const single = { layers: [{ agents: [agent('offline:synth')] }] };
const lite = { layers: [{ agents: [agent('offline:concise'), agent('offline:stepwise')] }, { agents: [agent('offline:synth')] }] };

export const specInput = (over: Partial<EvaluationSpecInput> = {}, items = 3): EvaluationSpecInput => ({
  set: { id: 'tiny', name: 'Tiny', items: Array.from({ length: items }, (_, i) => ({ id: `q${i + 1}`, prompt: `Question ${i + 1}?` })) },
  configs: [
    { id: 'single', label: 'Single model', config: single },
    { id: 'lite', label: 'MoA-Lite', config: lite },
    { id: 'lite-b', label: 'MoA-Lite again', config: lite },
  ],
  judge: { model: 'offline:synth' },
  ...over,
});

describe('evaluationSpecSchema', () => {
  it('fills the defaults: baseline 0, concurrency 4, the Compare judge prompt', () => {
    const spec = evaluationSpecSchema.parse(specInput());
    expect(spec.baseline).toBe(0);
    expect(spec.concurrency).toBe(4);
    expect(spec.judge.instructions).toBe(DEFAULT_JUDGE_INSTRUCTIONS);
    expect(spec.configs[1].config.synthesisPrompt.length).toBeGreaterThan(20);
  });

  it.each([
    ['one configuration', specInput({ configs: specInput().configs!.slice(0, 1) }), 'at least 2 configurations'],
    ['nine configurations', specInput({ configs: Array.from({ length: 9 }, (_, i) => ({ id: `c${i}`, label: `C${i}`, config: single })) }), 'at most 8 configurations'],
    ['a repeated id', specInput({ configs: [specInput().configs![0], { ...specInput().configs![1], id: 'single' }] }), 'configuration 2 › id: Configuration id "single" is already used by configuration 1.'],
    ['a baseline out of range', specInput({ baseline: 3 }), 'baseline: The baseline must be one of the 3 configurations (index 0–2); it is 3.'],
    ['an id with capitals', specInput({ configs: [{ ...specInput().configs![0], id: 'Single' }, specInput().configs![1]] }), 'configuration 1 › id: Configuration ids use lower-case letters'],
    ['a bad config', specInput({ configs: [specInput().configs![0], { id: 'x', label: 'X', config: { layers: [{ agents: [agent('offline:concise'), agent('offline:synth')] }] } }] }), 'configuration 2 › config › layer 1: The last layer must hold exactly one aggregator (it has 2).'],
    ['no judge model', specInput({ judge: { model: 'synth' } }), 'judge › model: Model ids look like "provider:model"'],
    ['concurrency 0', specInput({ concurrency: 0 }), 'concurrency: Concurrency is at least 1.'],
    ['concurrency 33', specInput({ concurrency: 33 }), 'concurrency: Concurrency is at most 32.'],
    ['an empty set', specInput({}, 0), 'set › items: A set needs at least one item.'],
    ['an empty prompt', specInput({ set: { id: 'tiny', name: 'Tiny', items: [{ id: 'a', prompt: 'Hi?' }, { id: 'b', prompt: ' ' }] } }), 'set › item 2 › prompt: Type a prompt first.'],
  ])('refuses %s with a readable message', (_, input, message) => {
    const parsed = parseEvaluationSpec(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(message);
  });
});

describe('unitsOf', () => {
  it('makes items × configs runs and items × (configs − 1) judgements, item by item, each with its own key', () => {
    const spec = evaluationSpecSchema.parse(specInput({}, 4));
    const units = unitsOf(spec);
    expect(units.filter((u) => u.kind === 'run')).toHaveLength(12);
    expect(units.filter((u) => u.kind === 'judge')).toHaveLength(8);
    expect(new Set(units.map(unitKey)).size).toBe(20);
    // Item 0's runs and judgements come before item 1's.
    expect(units.slice(0, 5).map(unitKey)).toEqual(['run:0:0', 'run:0:1', 'run:0:2', 'judge:0:1', 'judge:0:2']);
    expect(units.some((u) => u.kind === 'judge' && u.config === spec.baseline)).toBe(false);
  });

  it('with grading, also grades every configuration\'s answer to each item, the baseline\'s too', () => {
    const input = specInput({}, 2);
    const spec = evaluationSpecSchema.parse({ ...input, judge: { ...input.judge, grading: true } });
    const units = unitsOf(spec);
    expect(units.slice(0, 8).map(unitKey)).toEqual(['run:0:0', 'run:0:1', 'run:0:2', 'judge:0:1', 'judge:0:2', 'grade:0:0', 'grade:0:1', 'grade:0:2']);
    expect(units.filter((u) => u.kind === 'grade')).toHaveLength(6);
    expect(evaluationSpecSchema.parse(input).judge.grading).toBe(false);
  });

  it('judges every configuration but the baseline, wherever the baseline is', () => {
    const spec = evaluationSpecSchema.parse(specInput({ baseline: 1 }, 2));
    expect(unitsOf(spec).filter((u) => u.kind === 'judge').map(unitKey)).toEqual(['judge:0:0', 'judge:0:2', 'judge:1:0', 'judge:1:2']);
  });

  it('reads a key back into its unit, and refuses malformed keys', () => {
    expect(unitKey({ kind: 'run', item: 3, config: 1 })).toBe('run:3:1');
    expect(parseUnitKey('judge:12:7')).toEqual({ kind: 'judge', item: 12, config: 7 });
    expect(parseUnitKey('grade:3:0')).toEqual({ kind: 'grade', item: 3, config: 0 });
    for (const key of ['run:1', 'judge:-1:2', 'run:01:2', 'rank:1:1', 'run:1:1:1', ' run:1:1']) expect(parseUnitKey(key)).toBeNull();
  });
});
