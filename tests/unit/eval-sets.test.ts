// Prompt sets: the schema's limits, set files, and the built-in sets the team wrote.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinSet, builtinSets } from '@/lib/evals/builtin-sets';
import { promptSetSchema, SET_LIMITS, type PromptSetInput } from '@/lib/evals/prompt-set';
import { evalsetsDir, readSetFile, writeSetFile } from '@/lib/evals/set-files';
import { LIMITS } from '@/lib/moa/config';

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${i + 1}`, prompt: `Question number ${i + 1}?` }));
const set = (overrides: Partial<PromptSetInput> = {}): PromptSetInput => ({ id: 'my-set', name: 'My set', items: items(3), ...overrides });
const messages = (input: unknown) => {
  const result = promptSetSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the prompt-set schema', () => {
  it('accepts a minimal set and fills in an empty description', () => {
    expect(promptSetSchema.parse(set())).toMatchObject({ id: 'my-set', description: '', items: items(3) });
  });

  it('holds up to 1,000 items, so AlpacaEval’s 805 fit', () => {
    expect(SET_LIMITS.maxItems).toBe(1000);
    expect(messages(set({ items: items(1000) }))).toEqual([]);
    expect(messages(set({ items: items(1001) }))).toEqual(['items: A set holds at most 1,000 items.']);
    expect(messages(set({ items: [] }))).toEqual(['items: A set needs at least one item.']);
  });

  it('bounds each prompt by the run prompt limit', () => {
    const at = 'x'.repeat(LIMITS.maxPromptChars);
    expect(messages(set({ items: [{ id: 'a', prompt: at }] }))).toEqual([]);
    expect(messages(set({ items: [{ id: 'a', prompt: `${at}x` }] }))).toEqual(['items.0.prompt: Prompts are limited to 32,000 characters.']);
    expect(messages(set({ items: [{ id: 'a', prompt: '   ' }] }))).toEqual(['items.0.prompt: Type a prompt first.']);
  });

  it('bounds references and categories, and refuses empty ones', () => {
    const long = 'r'.repeat(SET_LIMITS.maxReferenceChars + 1);
    expect(messages(set({ items: [{ id: 'a', prompt: 'Q?', reference: long }] }))).toEqual(['items.0.reference: Reference answers are limited to 16,000 characters.']);
    expect(messages(set({ items: [{ id: 'a', prompt: 'Q?', category: 'c'.repeat(41) }] }))).toEqual(['items.0.category: Categories are at most 40 characters.']);
    expect(messages(set({ items: [{ id: 'a', prompt: 'Q?', category: ' ' }] }))).toEqual(['items.0.category: A category cannot be empty (leave it out instead).']);
    expect(promptSetSchema.parse(set({ items: [{ id: 'a', prompt: ' Q? ', reference: ' 4 ', category: ' math ' }] })).items[0]).toEqual({ id: 'a', prompt: 'Q?', reference: '4', category: 'math' });
  });

  it('refuses duplicate item ids, bad ids and unknown fields', () => {
    expect(messages(set({ items: [{ id: 'a', prompt: 'One?' }, { id: 'b', prompt: 'Two?' }, { id: 'a', prompt: 'Three?' }] }))).toEqual(['items.2.id: Item id "a" is used twice.']);
    expect(messages(set({ id: 'My Set' }))).toEqual(['id: Set ids use lower-case letters, digits and "-".']);
    expect(messages(set({ items: [{ id: 'has space', prompt: 'Q?' }] }))[0]).toMatch(/^items\.0\.id: Item ids use letters/);
    expect(messages({ ...set(), extra: 1 })[0]).toMatch(/extra/);
    expect(messages(set({ items: [{ id: 'a', prompt: 'Q?', answer: '4' } as never] }))[0]).toMatch(/answer/);
  });
});

describe('set files', () => {
  it('writes <id>.json whole and reads it back validated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sets-'));
    try {
      const written = await writeSetFile(join(dir, 'nested'), promptSetSchema.parse(set()));
      expect(written).toBe(join(dir, 'nested', 'my-set.json'));
      expect(readdirSync(join(dir, 'nested'))).toEqual(['my-set.json']); // no temporary file left
      expect(await readSetFile(written)).toEqual(promptSetSchema.parse(set()));

      const broken = join(dir, 'broken.json');
      writeFileSync(broken, JSON.stringify({ ...set(), items: [{ id: 'a', prompt: '' }] }));
      await expect(readSetFile(broken)).rejects.toThrow(`${broken} is not a valid prompt set: items.0.prompt: Type a prompt first.`);
      writeFileSync(broken, '{"id":');
      await expect(readSetFile(broken)).rejects.toThrow(/broken\.json is not a readable JSON file/);
      await expect(writeSetFile(dir, { ...set(), items: [] } as never)).rejects.toThrow(/at least one item/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps them in data/evalsets unless EVALSETS_DIR says otherwise', () => {
    expect(evalsetsDir({})).toBe(join(process.cwd(), 'data', 'evalsets'));
    expect(evalsetsDir({ EVALSETS_DIR: '/srv/sets' })).toBe('/srv/sets');
  });
});

describe('the built-in sets', () => {
  const normalised = (prompt: string) => prompt.toLowerCase().replace(/\s+/g, ' ').trim();
  const count = (values: (string | undefined)[]) => Object.fromEntries([...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]));

  it('all pass the schema, quickest first', () => {
    expect(builtinSets().map((s) => [s.id, s.items.length])).toEqual([
      ['quick-12', 12],
      ['general-48', 48],
      ['reasoning-30', 30],
    ]);
    expect(builtinSet('general-48')?.name).toBe('General 48');
    expect(builtinSet('nope')).toBeUndefined();
  });

  it('quick-12 has short prompts, two per category', () => {
    const quick = builtinSet('quick-12')!;
    expect(count(quick.items.map((i) => i.category))).toEqual({ reasoning: 2, coding: 2, writing: 2, knowledge: 2, math: 2, advice: 2 });
    expect(Math.max(...quick.items.map((i) => i.prompt.length))).toBeLessThan(200);
  });

  it('general-48 has eight prompts in each of six categories, and references for math and knowledge', () => {
    const general = builtinSet('general-48')!;
    expect(count(general.items.map((i) => i.category))).toEqual({ reasoning: 8, coding: 8, writing: 8, knowledge: 8, math: 8, advice: 8 });
    for (const item of general.items.filter((i) => i.category === 'math' || i.category === 'knowledge')) expect(item.reference, item.id).toBeTruthy();
    expect(general.items.filter((i) => i.category === 'writing' || i.category === 'advice').some((i) => i.reference)).toBe(false);
  });

  it('reasoning-30 gives every problem a reference answer', () => {
    const reasoning = builtinSet('reasoning-30')!;
    expect(reasoning.items.every((i) => i.reference && i.category)).toBe(true);
    expect(count(reasoning.items.map((i) => i.category))).toEqual({ math: 13, logic: 11, probability: 6 });
  });

  it('never repeats a prompt, within or across sets', () => {
    const prompts = builtinSets().flatMap((s) => s.items.map((i) => normalised(i.prompt)));
    expect(new Set(prompts).size).toBe(prompts.length);
  });
});
