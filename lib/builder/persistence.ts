import { savedRefSchema, type SavedRef } from '../configs/ref';
import { moaConfigSchema, type MoAConfig } from '../moa/config';
import { PRESETS, type PresetId } from '../moa/presets';
import { configParamOf, decodeConfig, encodeConfig, hashFor } from './url-codec';

/** Browser-only: where the board lives between visits (localStorage) and in the address. */
export const STORAGE_KEY = 'moa-playground:board';

/** The board as kept between visits and in undo history: the config and where it came from. */
export type SavedBoard = { config: MoAConfig; presetId: PresetId | null; saved: SavedRef | null };

export type InitialBoard =
  | { source: 'link' | 'storage'; board: SavedBoard }
  | { source: 'default'; problem?: string };

const isPresetId = (value: unknown): value is PresetId => PRESETS.some((p) => p.id === value);

/** The link wins over the saved board; a link that cannot be read opens the default board. */
export function readInitialBoard(): InitialBoard {
  const param = configParamOf(window.location.hash);
  if (param !== null) {
    const decoded = decodeConfig(param);
    if (decoded.ok) {
      // A reload carries the same link: keep what the saved board knows (its preset).
      const saved = readSaved();
      const same = saved && encodeConfig(saved.config) === encodeConfig(decoded.config);
      return { source: 'link', board: same ? saved : { config: decoded.config, presetId: null, saved: null } };
    }
    return { source: 'default', problem: `${decoded.error} Showing the default board instead.` };
  }
  const saved = readSaved();
  if (saved) return { source: 'storage', board: saved };
  return { source: 'default' };
}

function readSaved(): SavedBoard | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const data = JSON.parse(raw) as { config?: unknown; presetId?: unknown; saved?: unknown };
    const parsed = moaConfigSchema.safeParse(data.config);
    if (!parsed.success) return null;
    const saved = savedRefSchema.safeParse(data.saved);
    return { config: parsed.data, presetId: isPresetId(data.presetId) ? data.presetId : null, saved: saved.success ? saved.data : null };
  } catch {
    return null;
  }
}

export function saveBoard(board: SavedBoard): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(board));
  } catch {
    // Storage full or disabled (private mode): the link still holds the board.
  }
}

/** Writes the board into the address without adding a browser history entry. */
export function mirrorToUrl(config: MoAConfig): string {
  const hash = hashFor(config);
  if (window.location.hash !== hash) {
    // Keep Next's own history state; a hash-only change never triggers navigation.
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
  }
  return hash;
}
