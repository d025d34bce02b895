/**
 * Prompt sets kept as JSON files on the server: the public sets `npm run evalsets:pull` fetches
 * go to data/evalsets/ (EVALSETS_DIR to change), one `<set id>.json` each.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeSetIssues, promptSetSchema, type PromptSet } from './prompt-set';

export const DEFAULT_EVALSETS_DIR = join('data', 'evalsets');

export const evalsetsDir = (env: Record<string, string | undefined> = process.env) => resolve(env.EVALSETS_DIR || DEFAULT_EVALSETS_DIR);

/** Writes `<dir>/<set id>.json` whole or not at all (a temporary file, then a rename). */
export async function writeSetFile(dir: string, set: PromptSet): Promise<string> {
  const valid = promptSetSchema.parse(set);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${valid.id}.json`);
  const part = `${path}.${process.pid}.part`;
  try {
    await writeFile(part, `${JSON.stringify(valid, null, 1)}\n`);
    await rename(part, path);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  return path;
}

/** A JSON file's value; the error names the file. */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not a readable JSON file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads and validates a set file; the error says which file and what is wrong. */
export async function readSetFile(path: string): Promise<PromptSet> {
  const result = promptSetSchema.safeParse(await readJsonFile(path));
  if (!result.success) {
    throw new Error(`${path} is not a valid prompt set: ${describeSetIssues(result.error)}`);
  }
  return result.data;
}
