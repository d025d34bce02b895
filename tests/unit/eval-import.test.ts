// Importing prompt files: JSONL and CSV, all or nothing, each bad record reported at its line.
import { describe, expect, it } from 'vitest';
import { detectFormat, IMPORT_LIMITS, itemsToJsonl, parseImport, type ImportResult } from '@/lib/evals/import';

const jsonl = (...lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
const errorsOf = (result: ImportResult) => {
  if (result.ok) throw new Error(`expected errors, got ${result.items.length} items`);
  return result.errors;
};
const itemsOf = (result: ImportResult) => {
  if (!result.ok) throw new Error(`expected items, got ${JSON.stringify(result.errors)}`);
  return result.items;
};

describe('JSONL', () => {
  // Twenty lines: line 9 blank, lines 4, 12 and 17 bad.
  const lines: string[] = Array.from({ length: 20 }, (_, i) => JSON.stringify({ prompt: `Question ${i + 1}: what is ${i} + ${i}?`, category: 'math' }));
  lines[3] = '{"prompt": "unfinished"'; // not JSON
  lines[8] = '   ';
  lines[11] = JSON.stringify({ category: 'math', reference: '4' }); // no prompt
  lines[16] = JSON.stringify({ prompt: 'x'.repeat(32_001) }); // over the prompt limit

  it('reports exactly the three bad lines of twenty, and imports nothing', () => {
    const result = parseImport(lines.join('\n'));
    expect(result.ok).toBe(false);
    const errors = errorsOf(result);
    expect(errors.map((e) => e.line)).toEqual([4, 12, 17]);
    expect(errors[0].message).toMatch(/^Not valid JSON/);
    expect(errors[1].message).toBe('No prompt: give a "prompt" (or "instruction", or MT-Bench\'s "turns").');
    expect(errors[2].message).toBe('prompt: Prompts are limited to 32,000 characters.');
    expect(result).toMatchObject({ format: 'jsonl', errorCount: 3 });
    expect('items' in result).toBe(false);
  });

  it('imports every record once the lines are fixed, skipping the blank one', () => {
    const fixed = [...lines];
    fixed[3] = JSON.stringify({ prompt: 'Now finished?' });
    fixed[11] = JSON.stringify({ prompt: 'What is 2 + 2?', reference: '4', category: 'math' });
    fixed[16] = JSON.stringify({ prompt: 'Short again.' });
    const items = itemsOf(parseImport(fixed.join('\r\n')));
    expect(items).toHaveLength(19);
    // Ids are the record's place among the records (the blank line is not one).
    expect(items[10]).toEqual({ id: '11', prompt: 'What is 2 + 2?', reference: '4', category: 'math' });
    expect(items.at(-1)?.id).toBe('19');
  });

  it('reads AlpacaEval’s and MT-Bench’s field names', () => {
    const items = itemsOf(
      parseImport(
        jsonl(
          { instruction: 'Translate to French.', input: 'Good morning', output: 'Bonjour', generator: 'gpt4', dataset: 'helpful_base' },
          { instruction: 'Name three primes.', input: '' },
          { question_id: 81, category: 'writing', turns: ['Write a haiku about rain.', 'Now make it rhyme.'] },
          { question_id: 111, category: 'math', turns: ['Area of the triangle (0,0), (-1,1), (3,3)?'], reference: ['3', '5π'] },
          { question_id: 103, turns: ['Why the hospital?'], reference: ['', ''] },
          { prompt: 'Capital of Peru?', answer: 'Lima', id: 'peru' },
        ),
      ),
    );
    expect(items).toEqual([
      // AlpacaEval's output is a model's answer, not a reference: ignored.
      { id: '1', prompt: 'Translate to French.\n\nGood morning' },
      { id: '2', prompt: 'Name three primes.' },
      { id: '81', prompt: 'Write a haiku about rain.', category: 'writing' },
      { id: '111', prompt: 'Area of the triangle (0,0), (-1,1), (3,3)?', reference: '3', category: 'math' },
      { id: '103', prompt: 'Why the hospital?' },
      { id: 'peru', prompt: 'Capital of Peru?', reference: 'Lima' },
    ]);
  });

  it('prefers prompt over instruction over turns, and reference over answer', () => {
    const [item] = itemsOf(parseImport(jsonl({ prompt: 'P', instruction: 'I', turns: ['T'], reference: 'R', answer: 'A' })));
    expect(item).toMatchObject({ prompt: 'P', reference: 'R' });
  });

  it('says which field has the wrong type', () => {
    const errors = errorsOf(
      parseImport(jsonl({ prompt: 42 }, ['not', 'an', 'object'], { prompt: 'ok', category: 7 }, { prompt: 'ok', id: 1.5 }, { turns: [1, 2] }, 'null')),
    );
    expect(errors).toEqual([
      { line: 1, message: '"prompt" must be text (it is number).' },
      { line: 2, message: 'Each line must be a JSON object, like {"prompt": "…"}.' },
      { line: 3, message: '"category" must be text (it is number).' },
      { line: 4, message: '"id" must be text or a whole number.' },
      { line: 5, message: '"turns" must be a list of texts.' },
      { line: 6, message: 'Each line must be a JSON object, like {"prompt": "…"}.' },
    ]);
  });

  it('reports a duplicate id at its second line, and a bad id', () => {
    const errors = errorsOf(parseImport(jsonl({ id: 'a', prompt: 'One' }, { id: 'b', prompt: 'Two' }, '', { id: 'a', prompt: 'Three' }, { id: 'a b', prompt: 'Four' })));
    expect(errors).toEqual([
      { line: 4, message: 'id "a" is already used on line 1.' },
      { line: 5, message: expect.stringMatching(/^id: Item ids use letters/) },
    ]);
  });
});

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and knows where each record starts', () => {
    const csv = [
      'prompt,reference,category', // line 1
      'Plain question?,,knowledge', // line 2
      '"Has, a comma","Say ""hi""",writing', // line 3
      '"Spans', // line 4: a record over three lines
      'three',
      'lines",,',
      '', // line 7: blank, skipped
      'bad,"unfinished" tail,x', // line 8: text after a closing quote
      '5" screen?,,', // line 9: a quote inside an unquoted field is literal
    ].join('\r\n');
    const result = parseImport(csv);
    expect(errorsOf(result)).toEqual([{ line: 8, message: 'Text follows a closing quote; inside a quoted field write a quote as "".' }]);

    const fixed = csv.replace('bad,"unfinished" tail,x', 'Fine now?,"a,b",x');
    expect(itemsOf(parseImport(fixed))).toEqual([
      { id: '1', prompt: 'Plain question?', category: 'knowledge' },
      { id: '2', prompt: 'Has, a comma', reference: 'Say "hi"', category: 'writing' },
      { id: '3', prompt: 'Spans\nthree\nlines' },
      { id: '4', prompt: 'Fine now?', reference: 'a,b', category: 'x' },
      { id: '5', prompt: '5" screen?' },
    ]);
  });

  it('gives line numbers after multi-line records, in LF, CRLF and CR files alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const csv = ['prompt,category', '"one', 'two",a', 'ok,b', 'x,y,z', '"three', '', 'lines",c', ',d'].join(eol);
      expect(errorsOf(parseImport(csv)), JSON.stringify(eol)).toEqual([
        { line: 5, message: 'This record has 3 fields; the header has 2. Quote fields that contain commas.' },
        { line: 9, message: 'No prompt: fill the "prompt" (or "instruction", or MT-Bench\'s "turns").' },
      ]);
    }
  });

  it('reports a quote that is never closed at the line it opens', () => {
    const errors = errorsOf(parseImport('prompt\nfine\n"never closed\nmore\nlines'));
    expect(errors).toEqual([{ line: 3, message: 'A quoted field that starts on this line is never closed: the rest of the file is inside it.' }]);
  });

  it('maps column aliases, in any order and case, and ignores other columns', () => {
    const csv = '\uFEFFNotes, Answer ,Instruction,ID,Category\nignored,4,What is 2+2?,q-1,math\n,,Say hello.,,';
    expect(itemsOf(parseImport(csv))).toEqual([
      { id: 'q-1', prompt: 'What is 2+2?', reference: '4', category: 'math' },
      { id: '2', prompt: 'Say hello.' },
    ]);
  });

  it('needs a header with a prompt column, named once', () => {
    expect(errorsOf(parseImport('question,category\nWhat?,x'))).toEqual([
      { line: 1, message: 'The header row has no "prompt" (or "instruction") column; it has: "question", "category".' },
    ]);
    expect(errorsOf(parseImport('prompt;category\nWhat?;x'))[0].message).toMatch(/Separate the columns with commas\.$/);
    expect(errorsOf(parseImport('prompt,Prompt\na,b'))).toEqual([{ line: 1, message: 'The header names the column "prompt" twice.' }]);
    expect(errorsOf(parseImport('prompt,category\n'))).toEqual([{ line: null, message: 'The file has a header row but no records.' }]);
  });
});

describe('format and limits', () => {
  it('detects the format from the content, or takes it as told', () => {
    expect(detectFormat('  \n{"prompt":"x"}')).toBe('jsonl');
    expect(detectFormat('prompt\nx')).toBe('csv');
    expect(detectFormat(' \n ')).toBeNull();
    expect(errorsOf(parseImport(''))).toEqual([{ line: null, message: 'The file is empty.' }]);
    expect(errorsOf(parseImport('[{"prompt":"x"}]'))[0].message).toMatch(/^This looks like a JSON array/);
    // Told it is CSV, a JSONL file has no prompt column.
    expect(errorsOf(parseImport('{"prompt":"x"}', { format: 'csv' }))[0]).toMatchObject({ line: 1 });
    expect(itemsOf(parseImport('{"prompt":"x"}', { format: 'jsonl' }))).toHaveLength(1);
  });

  it('refuses a file over the size limit, counting UTF-8 bytes', () => {
    expect(IMPORT_LIMITS.maxBytes).toBe(8 * 1024 * 1024);
    const text = jsonl({ prompt: 'é'.repeat(600) }); // 600 × 2 bytes of é + 14 of JSON = 1,214 bytes, 614 characters
    expect(errorsOf(parseImport(text, { maxBytes: 1000 }))).toEqual([{ line: null, message: 'The file is 1 KB; the limit is 1000 B.' }]);
    expect(itemsOf(parseImport(text, { maxBytes: 2000 }))).toHaveLength(1);
  });

  it('refuses more records than a set holds, at the first one too many', () => {
    expect(IMPORT_LIMITS.maxItems).toBe(1000);
    const text = jsonl({ prompt: 'a' }, '', { prompt: 'b' }, { prompt: 'c' }, { prompt: 'd' });
    expect(itemsOf(parseImport(text, { maxItems: 4 }))).toHaveLength(4);
    expect(errorsOf(parseImport(text, { maxItems: 3 }))).toEqual([{ line: 5, message: 'More than 3 records: a set holds at most 3 items.' }]);
    // 1,001 records by default.
    const many = Array.from({ length: 1001 }, (_, i) => JSON.stringify({ prompt: `p${i}` })).join('\n');
    expect(errorsOf(parseImport(many))).toEqual([{ line: 1001, message: 'More than 1,000 records: a set holds at most 1,000 items.' }]);
  });

  it('lists the first hundred errors and counts them all', () => {
    const result = parseImport(Array.from({ length: 150 }, () => '{oops').join('\n'));
    expect(errorsOf(result)).toHaveLength(100);
    expect(result).toMatchObject({ ok: false, errorCount: 150 });
    expect(errorsOf(result).at(-1)?.line).toBe(100);
  });
});

describe('itemsToJsonl', () => {
  it('writes items that parseImport reads back unchanged', () => {
    const items = [
      { id: 'a', prompt: 'Why "quotes", commas, and\nnewlines?', category: 'writing' },
      { id: 'b-2', prompt: 'Two?', reference: 'Two.' },
    ];
    expect(parseImport(itemsToJsonl(items))).toEqual({ ok: true, format: 'jsonl', items });
  });
});
