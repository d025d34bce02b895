import 'server-only';
import { sameConfig } from '../builder/board';
import type { MoAConfig } from '../moa/config';
import { isRunId } from '../runs/ids';
import { getDatabaseHandle } from '../runs/server';
import { isSlug } from './names';
import { createSavedConfigStore, type ResolvedConfig, type SavedConfigStore, type VersionLabel } from './store';

const globalForConfigs = globalThis as unknown as { moaSavedConfigStore?: Promise<SavedConfigStore> };

export function getSavedConfigStore(): Promise<SavedConfigStore> {
  globalForConfigs.moaSavedConfigStore ??= getDatabaseHandle().then((handle) => createSavedConfigStore(handle.db));
  return globalForConfigs.moaSavedConfigStore;
}

/**
 * The owner's saved config `slug` at `version` (its latest when omitted), or null when the
 * owner has none such. The API serves these as the models `moa/<slug>` and `moa/<slug>@<n>`.
 */
export async function resolveSavedConfig(ownerHash: string, slug: string, version?: number): Promise<ResolvedConfig | null> {
  if (!isSlug(slug) || (version !== undefined && !(Number.isInteger(version) && version >= 1))) return null;
  return (await getSavedConfigStore()).resolve(ownerHash, slug, version);
}

/**
 * The version id a run may record: only the caller's own version, holding this very board.
 * Anything else (a stale id after a delete, another owner's) records no version rather than
 * refusing the run, since the run stores its own config anyway.
 */
export async function versionForRun(ownerHash: string | null, versionId: string | undefined, config: MoAConfig): Promise<string | null> {
  if (!ownerHash || !isRunId(versionId)) return null;
  const version = await (await getSavedConfigStore()).version(versionId);
  return version && version.ownerHash === ownerHash && sameConfig(version.config, config) ? versionId : null;
}

/** What a run page says of the saved config version a run ran (null for none or a deleted one). */
export async function versionLabel(versionId: string | null): Promise<Omit<VersionLabel, 'ownerHash'> | null> {
  if (!versionId) return null;
  const version = await (await getSavedConfigStore()).version(versionId);
  return version && { slug: version.slug, name: version.name, version: version.version };
}
