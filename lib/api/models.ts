import 'server-only';
import { getSavedConfigStore, resolveSavedConfig } from '../configs/server';
import type { MoAConfig } from '../moa/config';
import { buildPreset, presetsFor, type PresetId } from '../moa/presets';
import { getModelRegistry } from '../models/server';

/**
 * The MoAs the API serves as models: every preset as `moa/<preset id>`, built as the board builds
 * it (the configured providers, else the offline models), and the caller's saved configurations
 * as `moa/<slug>` (latest version) and `moa/<slug>@<n>`. A preset's id wins over a slug; a
 * saved config whose slug is a preset's is reached as `moa/<slug>@<n>`.
 */

export const API_MODEL_PREFIX = 'moa/';
const CREATED = 1_735_689_600; // 2025-01-01: presets have no date of their own.

export type ApiModel = { id: string; object: 'model'; created: number; owned_by: string; description: string };
export type ResolvedApiModel = { config: MoAConfig; presetId: PresetId | null; configVersionId: string | null };

export async function listApiModels(ownerHash: string): Promise<ApiModel[]> {
  const presets = presetsFor(await getModelRegistry().list());
  const saved = await (await getSavedConfigStore()).list(ownerHash);
  return [
    ...presets.map((p) => ({ id: `${API_MODEL_PREFIX}${p.id}`, object: 'model' as const, created: CREATED, owned_by: 'moa-playground', description: `${p.label}: ${p.description}` })),
    ...saved.map((c) => ({
      id: `${API_MODEL_PREFIX}${presets.some((p) => p.id === c.slug) ? `${c.slug}@${c.latestVersion}` : c.slug}`,
      object: 'model' as const,
      created: Math.floor(c.updatedAt.getTime() / 1000),
      owned_by: 'you',
      description: `Saved configuration “${c.name}”, v${c.latestVersion} (moa/${c.slug}@<n> for a fixed version).`,
    })),
  ];
}

/** The config `model` names for this caller, or null when there is no such model. */
export async function resolveApiModel(model: string, ownerHash: string): Promise<ResolvedApiModel | null> {
  if (!model.startsWith(API_MODEL_PREFIX)) return null;
  const name = model.slice(API_MODEL_PREFIX.length);
  const models = await getModelRegistry().list();
  const preset = presetsFor(models).find((p) => p.id === name);
  if (preset) return { config: buildPreset(preset.id as PresetId, models), presetId: preset.id as PresetId, configVersionId: null };
  const match = /^([^@]+)(?:@(\d{1,6}))?$/.exec(name);
  if (!match) return null;
  const saved = await resolveSavedConfig(ownerHash, match[1], match[2] === undefined ? undefined : Number(match[2]));
  return saved && { config: saved.config, presetId: null, configVersionId: saved.versionId };
}
