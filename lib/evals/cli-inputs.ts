import 'server-only';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { singleModelOf } from '../compare/panes';
import { savedLabel } from '../configs/ref';
import type { ResolvedConfig } from '../configs/store';
import { describeIssues, modelIdSchema, moaConfigSchema, type MoAConfig } from '../moa/config';
import { buildPreset, presetsFor, type PresetId } from '../moa/presets';
import type { ModelInfo } from '../models/types';
import { builtinSet, builtinSets } from './builtin-sets';
import { parseImport } from './import';
import type { PromptSet } from './prompt-set';
import { evalsetsDir, readJsonFile, readSetFile } from './set-files';
import type { EvalConfig } from './spec';

/**
 * What the evaluation CLI's `--set` and `--config` arguments name, read into a set and
 * configurations. Bad input throws an InputError whose message says what to change.
 */

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A file name as an id: lower-case letters, digits and "-". */
const slug = (name: string, fallback: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '') || fallback;

/**
 * A built-in set's id, a pulled public set's id (EVALSETS_DIR, by `npm run evalsets:pull`), or a
 * file: a set as JSON, or prompts as JSONL or CSV (lib/evals/import.ts). `limit` keeps the first items.
 */
export async function resolveSet(arg: string, limit?: number): Promise<PromptSet> {
  const set = await readSet(arg);
  return limit === undefined ? set : { ...set, items: set.items.slice(0, limit) };
}

const setFile = (path: string) =>
  readSetFile(path).catch((error: Error) => {
    throw new InputError(error.message);
  });

async function readSet(arg: string): Promise<PromptSet> {
  const builtin = builtinSet(arg);
  if (builtin) return builtin;
  if (existsSync(arg)) {
    if (extname(arg).toLowerCase() === '.json') return setFile(arg);
    const imported = parseImport(await readFile(arg, 'utf8'));
    if (!imported.ok) {
      const lines = imported.errors.slice(0, 10).map((e) => `  ${e.line === null ? '' : `line ${e.line}: `}${e.message}`);
      const more = imported.errorCount > lines.length ? [`  … and ${imported.errorCount - lines.length} more.`] : [];
      throw new InputError([`${arg} cannot be imported (${imported.errorCount} problem${imported.errorCount === 1 ? '' : 's'}; nothing was imported):`, ...lines, ...more].join('\n'));
    }
    const name = basename(arg, extname(arg));
    return { id: slug(name, 'imported'), name, description: `Imported from ${basename(arg)}.`, items: imported.items };
  }
  const pulled = join(evalsetsDir(), `${arg}.json`);
  if (/^[a-z0-9][a-z0-9-]*$/.test(arg) && existsSync(pulled)) return setFile(pulled);
  throw new InputError(
    `Unknown set "${arg}": not a built-in set (${builtinSets().map((s) => s.id).join(', ')}), nor a set pulled into ${evalsetsDir()} (npm run evalsets:pull), nor a file (.json set, .jsonl or .csv prompts).`,
  );
}

/** One owner's saved configurations (lib/configs/), for `saved:<slug>[@<n>]`; null when no owner is known. */
export type SavedConfigSource = {
  resolve(slug: string, version?: number): Promise<ResolvedConfig | null>;
  /** The owner's slugs with their latest version, to name in an error. */
  list(): Promise<{ slug: string; latestVersion: number }[]>;
} | null;

const SAVED_ARG = /^saved:(.*?)(?:@(\d{1,6}))?$/;

/**
 * Each `--config`: a preset id (built from the available models), `single` (the aggregator of
 * the first other configuration alone, as Compare's single-model pane), a saved configuration
 * (`saved:<slug>` its latest version, `saved:<slug>@<n>` version n, of the owner of `saved`), a
 * model id (`provider:model`, that model alone) or a JSON file holding a config (or `{config}`,
 * as a run's export has it). Ids repeat with a suffix: the same configuration twice measures noise.
 */
export async function resolveConfigs(args: readonly string[], models: ModelInfo[], saved: SavedConfigSource = null): Promise<EvalConfig[]> {
  const presets = presetsFor(models);
  const resolved = await Promise.all(
    args.map(async (arg): Promise<EvalConfig | 'single'> => {
      if (arg === 'single') return 'single';
      const savedArg = SAVED_ARG.exec(arg);
      if (savedArg) return resolveSaved(arg, savedArg[1], savedArg[2] === undefined ? undefined : Number(savedArg[2]), saved);
      const preset = presets.find((p) => p.id === arg);
      if (preset) {
        try {
          return { id: preset.id, label: preset.label, config: buildPreset(preset.id as PresetId, models), presetId: preset.id };
        } catch (error) {
          throw new InputError(`The preset "${arg}" cannot be built: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (existsSync(arg)) return { id: slug(basename(arg, extname(arg)), 'config'), label: basename(arg, extname(arg)), config: await readConfigFile(arg) };
      if (modelIdSchema.safeParse(arg).success) {
        return { id: slug(arg, 'model'), label: arg, config: moaConfigSchema.parse({ layers: [{ agents: [{ model: arg }] }] }) };
      }
      throw new InputError(`Unknown configuration "${arg}": give a preset (${presets.map((p) => p.id).join(', ')}), a saved configuration (saved:<slug>), a model id (provider:model), or a .json config file.`);
    }),
  );
  const board = resolved.find((c): c is EvalConfig => c !== 'single')?.config ?? buildPreset('moa', models);
  const seen = new Map<string, number>();
  return resolved.map((entry) => {
    const config = entry === 'single' ? singleConfig(board) : entry;
    const count = (seen.get(config.id) ?? 0) + 1;
    seen.set(config.id, count);
    return count === 1 ? config : { ...config, id: `${config.id}-${count}`, label: `${config.label} (${count})` };
  });
}

async function resolveSaved(arg: string, savedSlug: string, version: number | undefined, saved: SavedConfigSource): Promise<EvalConfig> {
  if (!saved) {
    throw new InputError(
      `${arg}: saved configurations are each owner's. Set MOA_API_KEY to an API key made on the app's API page (/developers) in the browser that saved them, and point the CLI at the server's storage (DATABASE_URL, or DATA_DIR with the server stopped).`,
    );
  }
  const found = await saved.resolve(savedSlug, version);
  if (!found) {
    const own = await saved.list();
    const known = own.length ? `This key's owner has: ${own.map((c) => `saved:${c.slug} (v1–v${c.latestVersion})`).join(', ')}.` : "This key's owner has no saved configurations in this storage.";
    throw new InputError(`${arg}: no such saved configuration${version === undefined ? '' : ' version'}. ${known}`);
  }
  const label = savedLabel(found);
  return { id: slug(`${found.slug}-v${found.version}`, 'saved'), label, config: found.config, configVersionId: found.versionId };
}

function singleConfig(board: MoAConfig): EvalConfig {
  const config = singleModelOf(board);
  return { id: 'single', label: `Single model (${config.layers[0].agents[0].model})`, config };
}

async function readConfigFile(path: string): Promise<MoAConfig> {
  const data = await readJsonFile(path).catch((error: Error) => {
    throw new InputError(error.message);
  });
  const candidate = data && typeof data === 'object' && 'config' in data ? (data as { config: unknown }).config : data;
  const parsed = moaConfigSchema.safeParse(candidate);
  if (!parsed.success) throw new InputError(`${path} is not a valid configuration:\n${describeIssues(parsed.error).map((line) => `  ${line}`).join('\n')}`);
  return parsed.data;
}
