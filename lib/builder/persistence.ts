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
  // A reload soon after an edit reloads the address as it was before the edit reached it (the
  // address is written a moment later, and the reload had already taken it): the saved board,
  // written as the page went, is the newer one.
  const stored = readStored();
  if (param !== null && stored && stored.previousLink === window.location.hash && isReload()) return { source: 'storage', board: stored.board };
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

const isReload = () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type === 'reload';

const readSaved = (): SavedBoard | null => readStored()?.board ?? null;

function readStored(): { board: SavedBoard; previousLink: string | null } | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const data = JSON.parse(raw) as { config?: unknown; presetId?: unknown; saved?: unknown; previousLink?: unknown };
    const parsed = moaConfigSchema.safeParse(data.config);
    if (!parsed.success) return null;
    const saved = savedRefSchema.safeParse(data.saved);
    return {
      board: { config: parsed.data, presetId: isPresetId(data.presetId) ? data.presetId : null, saved: saved.success ? saved.data : null },
      previousLink: typeof data.previousLink === 'string' ? data.previousLink : null,
    };
  } catch {
    return null;
  }
}

/** Keeps the board; `previousLink`: the address's hash before this board was written into it. */
export function saveBoard(board: SavedBoard, previousLink?: string): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...board, ...(previousLink !== undefined && { previousLink }) }));
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
