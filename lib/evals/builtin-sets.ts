/**
 * The prompt sets the team wrote (lib/evals/sets/*.json), validated once when first asked for.
 * JSON imports, no file system: the browser can list them too.
 */
import general48 from './sets/general-48.json';
import quick12 from './sets/quick-12.json';
import reasoning30 from './sets/reasoning-30.json';
import { promptSetSchema, type PromptSet } from './prompt-set';

const FILES: readonly unknown[] = [quick12, general48, reasoning30];

let parsed: readonly PromptSet[] | undefined;

/** Every built-in set, quickest first. Throws if a file breaks the schema (a test keeps them valid). */
export function builtinSets(): readonly PromptSet[] {
  parsed ??= FILES.map((file) => promptSetSchema.parse(file));
  return parsed;
}

export function builtinSet(id: string): PromptSet | undefined {
  return builtinSets().find((set) => set.id === id);
}
