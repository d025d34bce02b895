'use client';

import { createContext, useContext, useLayoutEffect, useState } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import { applyOp, boardIssues, coalesceKey, describeOp, withIds, type BoardIssue, type BoardOp } from '../builder/board';
import { parseConfigJson, type ImportResult } from '../builder/config-file';
import { emptyHistory, record, redo, undo, type History } from '../builder/history';
import { mirrorToUrl, readInitialBoard, saveBoard, type SavedBoard } from '../builder/persistence';
import { configParamOf, decodeConfig } from '../builder/url-codec';
import { savedLabel, type SavedRef } from '../configs/ref';
import type { MoAConfig } from '../moa/config';
import { buildPreset, DEFAULT_PRESET, PRESETS, type PresetId } from '../moa/presets';
import type { ModelInfo } from '../models/types';

export type Notice = { kind: 'info' | 'error'; message: string; details?: string[] };

export type EditResult = { ok: true } | { ok: false; reason: string; issues: BoardIssue[] };

export type ConfigState = {
  /** Models the server can run now. */
  models: ModelInfo[];
  prompt: string;
  /** The preset the config came from, or null once it was edited by hand. */
  presetId: PresetId | null;
  /** The saved config version the board came from (lib/configs/ref.ts). */
  saved: SavedRef | null;
  /** Always valid against the schema: edits that would break it are refused. */
  config: MoAConfig;
  history: History<SavedBoard>;
  /** Something the user must know about the board (a broken link, an import). */
  notice: Notice | null;
  /** What the last edit, undo or redo did, for a polite live region. */
  lastAction: string;
  /** False until the board was read from the link or localStorage (client only). */
  hydrated: boolean;
  setPrompt(prompt: string): void;
  applyPreset(id: PresetId): void;
  /** Replaces the whole config as one undoable edit. */
  setConfig(config: MoAConfig, label?: string): void;
  /** Opens a saved config version as one undoable edit. */
  openSaved(ref: Omit<SavedRef, 'edited'>, config: MoAConfig): void;
  /** The board was just saved as `ref`, or its config renamed or deleted (null). Not an edit. */
  setSaved(ref: SavedRef | null): void;
  /** Applies a board edit, or refuses it with the schema's reason. */
  apply(op: BoardOp): EditResult;
  /** Why `op` would be refused, or null when it is allowed. */
  check(op: BoardOp): string | null;
  undo(): void;
  redo(): void;
  /** Reads a config file; on failure the board is left untouched. */
  importJson(text: string, source?: string): ImportResult;
  /** Loads the board read at start-up; not an edit. */
  hydrate(board: SavedBoard | null, notice?: Notice | null): void;
  setNotice(notice: Notice | null): void;
};

export type ConfigStore = StoreApi<ConfigState>;

const presetLabel = (id: PresetId) => PRESETS.find((p) => p.id === id)?.label ?? id;

// One store per page (not per module): on the server, a module-level store would be shared
// by every request.
export function createConfigStore(models: ModelInfo[], now: () => number = Date.now): ConfigStore {
  return createStore<ConfigState>((set, get) => {
    const snapshot = (): SavedBoard => ({ config: get().config, presetId: get().presetId, saved: get().saved });

    /** Every board change goes through here: one history step, unless it merges with the last. */
    function commit(next: SavedBoard, label: string, key: string | null = null) {
      const state = get();
      if (next.config === state.config && next.presetId === state.presetId && next.saved === state.saved) return;
      set({ ...next, history: record(state.history, snapshot(), label, key, now()), lastAction: label });
    }

    function tryOp(op: BoardOp): { config: MoAConfig } | { reason: string; issues: BoardIssue[] } {
      const { config, models } = get();
      const next = applyOp(config, op, models);
      if (next === config) return { config };
      const issues = boardIssues(next);
      return issues.length ? { reason: issues[0].message, issues } : { config: next };
    }

    return {
      models,
      prompt: '',
      presetId: DEFAULT_PRESET,
      saved: null,
      config: withIds(buildPreset(DEFAULT_PRESET, models)),
      history: emptyHistory(),
      notice: null,
      lastAction: '',
      hydrated: false,

      setPrompt: (prompt) => set({ prompt }),

      // A preset reshapes the layers; the run's budget, price overrides, resilience and reasoning hand-off stay.
      applyPreset: (id) => {
        const { pricing, budgetUsd, resilience, passReasoning } = get().config;
        const preset = {
          ...buildPreset(id, get().models), ...(pricing && { pricing }), ...(budgetUsd !== undefined && { budgetUsd }), ...(resilience && { resilience }),
          ...(passReasoning && { passReasoning }),
        };
        commit({ config: withIds(preset), presetId: id, saved: null }, `Apply the preset “${presetLabel(id)}”`);
      },

      setConfig: (config, label = 'Replace the board') => commit({ config: withIds(config), presetId: null, saved: null }, label),

      openSaved: (ref, config) => commit({ config: withIds(config), presetId: null, saved: { ...ref, edited: false } }, `Open the saved config “${savedLabel(ref)}”`),

      setSaved: (saved) => set({ saved }),

      apply(op) {
        const result = tryOp(op);
        if (!('config' in result)) return { ok: false, ...result };
        const { config: before, presetId, saved } = get();
        const same = result.config === before;
        commit(
          { config: result.config, presetId: same ? presetId : null, saved: same || !saved || saved.edited ? saved : { ...saved, edited: true } },
          describeOp(before, op),
          coalesceKey(before, op),
        );
        return { ok: true };
      },

      check(op) {
        const result = tryOp(op);
        return 'config' in result ? null : result.reason;
      },

      undo() {
        const step = undo(get().history, snapshot());
        if (step) set({ ...step.state, history: step.history, lastAction: `Undone: ${step.label}` });
      },

      redo() {
        const step = redo(get().history, snapshot());
        if (step) set({ ...step.state, history: step.history, lastAction: `Redone: ${step.label}` });
      },

      importJson(text, source = 'the file') {
        const result = parseConfigJson(text);
        if (!result.ok) {
          set({ notice: { kind: 'error', message: `Could not import ${source}: ${result.error} Your board is unchanged.`, details: result.details } });
          return result;
        }
        commit({ config: withIds(result.config), presetId: null, saved: null }, `Import ${source}`);
        set({ notice: { kind: 'info', message: `Imported ${source}. Undo (Ctrl+Z) brings the previous board back.` } });
        return result;
      },

      hydrate(board, notice = null) {
        set({ ...(board && { config: withIds(board.config), presetId: board.presetId, saved: board.saved }), notice, hydrated: true, history: emptyHistory() });
      },

      setNotice: (notice) => set({ notice }),
    };
  });
}

const ConfigContext = createContext<ConfigStore | null>(null);

export function ConfigStoreProvider({ models, children }: { models: ModelInfo[]; children: React.ReactNode }) {
  const [store] = useState(() => createConfigStore(models));
  useBoardSync(store);
  return <ConfigContext.Provider value={store}>{children}</ConfigContext.Provider>;
}

/**
 * Reads the board from the link (first) or localStorage before the first paint, then mirrors
 * every change back into both. A link pasted into this tab later opens as an undoable edit.
 */
function useBoardSync(store: ConfigStore) {
  useLayoutEffect(() => {
    // Once per store: Strict Mode runs this effect twice, and the second run would read our own hash.
    if (!store.getState().hydrated) {
      const initial = readInitialBoard();
      store.getState().hydrate(
        initial.source === 'default' ? null : initial.board,
        initial.source === 'default' && initial.problem ? { kind: 'error', message: initial.problem } : null,
      );
    }
    let written = mirrorToUrl(store.getState().config);
    saveBoard({ config: store.getState().config, presetId: store.getState().presetId, saved: store.getState().saved });

    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const { config, presetId, saved } = store.getState();
      const before = window.location.hash;
      written = mirrorToUrl(config);
      saveBoard({ config, presetId, saved }, before);
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.config === previous.config && state.presetId === previous.presetId && state.saved === previous.saved) return;
      // Coalesced: browsers throttle replaceState called on every keystroke.
      clearTimeout(timer);
      timer = setTimeout(flush, 120);
    });

    const onHashChange = () => {
      if (window.location.hash === written) return;
      const param = configParamOf(window.location.hash);
      if (param === null) return;
      const decoded = decodeConfig(param);
      if (decoded.ok) store.getState().setConfig(decoded.config, 'Open the board from the link');
      else store.getState().setNotice({ kind: 'error', message: `${decoded.error} The board was left as it was.` });
      flush();
    };
    window.addEventListener('hashchange', onHashChange);
    // Leaving the page must not lose an edit still waiting in the timer.
    const onHide = () => timer !== undefined && (clearTimeout(timer), flush());
    window.addEventListener('pagehide', onHide);
    return () => {
      unsubscribe();
      onHide();
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('pagehide', onHide);
    };
  }, [store]);
}

export function useConfigStoreApi(): ConfigStore {
  const store = useContext(ConfigContext);
  if (!store) throw new Error('useConfig must be used inside <ConfigStoreProvider>.');
  return store;
}

export function useConfig<T>(selector: (state: ConfigState) => T): T {
  return useStore(useConfigStoreApi(), selector);
}
