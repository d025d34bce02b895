/**
 * Reads an uploaded prompt file, JSONL or CSV, into set items. All or nothing: one bad record
 * and nothing is imported; every bad record is reported with the line of the file it starts on.
 * Pure and dependency-free beyond the set schema: the browser can check a file before upload.
 *
 * Fields: `prompt` (or AlpacaEval's `instruction`, plus its `input` when not empty, or
 * MT-Bench's `turns`, of which the first is taken), optional `reference` (or `answer`; an
 * array, as MT-Bench gives one per turn, gives its first), optional `category`, optional `id`
 * (or `question_id`). The first name listed wins when a record has several. Other fields are
 * ignored. An empty reference or category counts as none.
 */
import { formatBytes } from '../format';
import { describeSetIssues, SET_LIMITS, setItemSchema, type SetItem } from './prompt-set';

export type ImportFormat = 'jsonl' | 'csv';
/** `line`: 1-based line of the file where the record starts; null for the file as a whole. */
export type ImportError = { line: number | null; message: string };
export type ImportResult =
  | { ok: true; format: ImportFormat; items: SetItem[] }
  /** `errors` lists at most IMPORT_LIMITS.maxErrors; `errorCount` counts them all. */
  | { ok: false; format: ImportFormat | null; errors: ImportError[]; errorCount: number };

export type ImportOptions = { format?: ImportFormat; maxBytes?: number; maxItems?: number };

export const IMPORT_LIMITS = {
  maxBytes: 8 * 1024 * 1024,
  maxItems: SET_LIMITS.maxItems,
  maxErrors: 100,
} as const;

type Fields = { prompt?: string; reference?: string; category?: string; id?: string };
type RawRecord = { line: number; fields?: Fields; error?: string };

const n = (value: number) => value.toLocaleString('en-US');

/** JSONL when the first non-blank character opens an object; else CSV. Null for an empty file. */
export function detectFormat(text: string): ImportFormat | null {
  const first = /\S/.exec(text.replace(/^\uFEFF/, ''))?.[0];
  return first === undefined ? null : first === '{' ? 'jsonl' : 'csv';
}

export function parseImport(text: string, options: ImportOptions = {}): ImportResult {
  const { maxBytes = IMPORT_LIMITS.maxBytes, maxItems = IMPORT_LIMITS.maxItems } = options;
  const fileError = (format: ImportFormat | null, message: string): ImportResult => ({ ok: false, format, errors: [{ line: null, message }], errorCount: 1 });

  // A UTF-16 unit is at most 3 UTF-8 bytes: only long texts need encoding to measure.
  const bytes = text.length * 3 <= maxBytes ? 0 : new TextEncoder().encode(text).length;
  if (bytes > maxBytes) return fileError(options.format ?? null, `The file is ${formatBytes(bytes)}; the limit is ${formatBytes(maxBytes)}.`);
  const body = text.replace(/^\uFEFF/, '');
  const format = options.format ?? detectFormat(body);
  if (format === null) return fileError(null, 'The file is empty.');
  if (!options.format && /^\s*\[/.test(body)) {
    return fileError(null, 'This looks like a JSON array. Save it as JSON Lines (one object per line) or as CSV with a header row.');
  }

  const errors: ImportError[] = [];
  const items: SetItem[] = [];
  const ids = new Map<string, number>();
  let count = 0;
  for (const record of format === 'jsonl' ? jsonlRecords(body) : csvRecords(body)) {
    if (++count > maxItems) {
      errors.push({ line: record.line, message: `More than ${n(maxItems)} records: a set holds at most ${n(maxItems)} items.` });
      break;
    }
    if (!record.fields) {
      errors.push({ line: record.line, message: record.error! });
      continue;
    }
    // Without an id of its own, a record is known by its place in the file.
    const id = record.fields.id ?? String(count);
    const parsed = setItemSchema.safeParse({ ...record.fields, id });
    if (!parsed.success) {
      errors.push({ line: record.line, message: describeSetIssues(parsed.error) });
      continue;
    }
    const earlier = ids.get(id);
    if (earlier !== undefined) {
      errors.push({ line: record.line, message: `id "${id}" is already used on line ${earlier}.` });
      continue;
    }
    ids.set(id, record.line);
    items.push(parsed.data);
  }

  if (errors.length) return { ok: false, format, errors: errors.slice(0, IMPORT_LIMITS.maxErrors), errorCount: errors.length };
  if (!items.length) return fileError(format, format === 'csv' ? 'The file has a header row but no records.' : 'The file holds no records.');
  return { ok: true, format, items };
}

/** A text field: undefined when absent or blank; an error message when not text. */
function text(record: Record<string, unknown>, key: string): string | undefined | { error: string } {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return { error: `"${key}" must be text (it is ${Array.isArray(value) ? 'a list' : typeof value}).` };
  return value.trim() ? value : undefined;
}

/** The first element of a list of texts (MT-Bench's per-turn `turns` and `reference`). */
function firstOf(record: Record<string, unknown>, key: string): string | undefined | { error: string } {
  const value = record[key];
  if (!Array.isArray(value)) return text(record, key);
  if (value.length && typeof value[0] !== 'string') return { error: `"${key}" must be a list of texts.` };
  return typeof value[0] === 'string' && value[0].trim() ? value[0] : undefined;
}

function* jsonlRecords(body: string): Generator<RawRecord> {
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    if (!lines[i].trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(lines[i]);
    } catch (error) {
      yield { line, error: `Not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: 'Each line must be a JSON object, like {"prompt": "…"}.' };
      continue;
    }
    const record = value as Record<string, unknown>;
    const id = record.id ?? record.question_id;
    const candidates = {
      prompt: text(record, 'prompt') ?? instruction(record) ?? firstOf(record, 'turns'),
      reference: firstOf(record, 'reference') ?? text(record, 'answer'),
      category: text(record, 'category'),
      id: typeof id === 'number' && Number.isInteger(id) ? String(id) : id === undefined || id === null ? undefined : typeof id === 'string' ? id : { error: '"id" must be text or a whole number.' },
    };
    const problem = Object.values(candidates).find((v): v is { error: string } => typeof v === 'object');
    if (problem) yield { line, error: problem.error };
    else if (candidates.prompt === undefined) yield { line, error: noPrompt };
    else yield { line, fields: candidates as Fields };
  }
}

/** AlpacaEval's instruction, with its optional input after a blank line, as Alpaca's template has it. */
function instruction(record: Record<string, unknown>): string | undefined | { error: string } {
  const main = text(record, 'instruction');
  const input = text(record, 'input');
  if (typeof main !== 'string' || input === undefined) return main;
  return typeof input === 'string' ? `${main}\n\n${input}` : input;
}

const noPrompt = 'No prompt: give a "prompt" (or "instruction", or MT-Bench\'s "turns").';

/** CSV column names and what they fill; the first present of each group wins. */
const COLUMNS: Record<keyof Fields, string[]> = {
  prompt: ['prompt', 'instruction'],
  reference: ['reference', 'answer'],
  category: ['category'],
  id: ['id', 'question_id'],
};

function* csvRecords(body: string): Generator<RawRecord> {
  let header: { line: number; columns: Partial<Record<keyof Fields, number>>; width: number } | undefined;
  for (const record of csvRows(body)) {
    if (!record.cells) {
      yield { line: record.line, error: record.error! };
      continue;
    }
    if (!header) {
      const names = record.cells.map((c) => c.trim().toLowerCase());
      const twice = names.find((name, i) => name && names.indexOf(name) !== i);
      if (twice) {
        yield { line: record.line, error: `The header names the column "${twice}" twice.` };
        return;
      }
      const columns = Object.fromEntries(
        Object.entries(COLUMNS).flatMap(([field, aliases]) => {
          const index = aliases.map((a) => names.indexOf(a)).find((i) => i >= 0);
          return index === undefined ? [] : [[field, index]];
        }),
      );
      if (columns.prompt === undefined) {
        const separator = names.length === 1 && /[;\t]/.test(names[0]) ? ' Separate the columns with commas.' : '';
        yield { line: record.line, error: `The header row has no "prompt" (or "instruction") column; it has: ${names.map((c) => `"${c}"`).join(', ')}.${separator}` };
        return;
      }
      header = { line: record.line, columns, width: names.length };
      continue;
    }
    if (record.cells.length !== header.width) {
      yield { line: record.line, error: `This record has ${record.cells.length} fields; the header has ${header.width}. Quote fields that contain commas.` };
      continue;
    }
    const cell = (field: keyof Fields) => {
      const index = header!.columns[field];
      const value = index === undefined ? undefined : record.cells![index];
      return value?.trim() ? value : undefined;
    };
    const fields: Fields = { prompt: cell('prompt'), reference: cell('reference'), category: cell('category'), id: cell('id')?.trim() };
    if (fields.prompt === undefined) yield { line: record.line, error: noPrompt.replace('give a', 'fill the') };
    else yield { line: record.line, fields };
  }
}

type Row = { line: number; cells?: string[]; error?: string };

/**
 * RFC 4180 rows: comma-separated, a field in double quotes may hold commas, line breaks and
 * doubled quotes (""). LF, CRLF and lone CR all end a row. A quote inside an unquoted field is
 * taken literally, as most spreadsheet exports expect. Blank rows are skipped.
 */
function* csvRows(body: string): Generator<Row> {
  let i = 0;
  let line = 1;
  const atBreak = () => body[i] === '\n' || body[i] === '\r';
  const skipBreak = () => {
    if (body[i] === '\r' && body[i + 1] === '\n') i++;
    i++;
    line++;
  };
  while (i < body.length) {
    const start = line;
    if (atBreak()) {
      skipBreak();
      continue;
    }
    const cells: string[] = [];
    let error: string | undefined;
    for (;;) {
      let value = '';
      if (body[i] === '"') {
        i++;
        for (;;) {
          const quote = body.indexOf('"', i);
          if (quote < 0) {
            yield { line: start, error: 'A quoted field that starts on this line is never closed: the rest of the file is inside it.' };
            return;
          }
          const chunk = body.slice(i, quote);
          line += (chunk.match(/\r\n|\r|\n/g) ?? []).length;
          value += chunk.replace(/\r\n?/g, '\n');
          i = quote + 1;
          if (body[i] === '"') {
            value += '"';
            i++;
          } else break;
        }
        if (i < body.length && body[i] !== ',' && !atBreak()) {
          error = 'Text follows a closing quote; inside a quoted field write a quote as "".';
          while (i < body.length && !atBreak()) i++;
        }
      } else {
        while (i < body.length && body[i] !== ',' && !atBreak()) value += body[i++];
      }
      cells.push(value);
      if (body[i] === ',' && !error) {
        i++;
        continue;
      }
      break;
    }
    if (i < body.length) skipBreak();
    yield error ? { line: start, error } : { line: start, cells };
  }
}

/** A set's items as JSONL that parseImport reads back unchanged (id, prompt, and reference and category when set). */
export const itemsToJsonl = (items: readonly SetItem[]): string => items.map((item) => JSON.stringify(item)).join('\n') + '\n';
