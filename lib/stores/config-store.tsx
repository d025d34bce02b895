'use client';

import { createContext, useContext, useState } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { MoAConfig } from '../moa/config';
import { buildPreset, DEFAULT_PRESET, type PresetId } from '../moa/presets';
import type { ModelInfo } from '../models/types';

export type ConfigState = {
  /** Models the server can run now. */
  models: ModelInfo[];
  prompt: string;
  /** The preset the config came from, or null once it was edited by hand. */
  presetId: PresetId | null;
  config: MoAConfig;
  setPrompt(prompt: string): void;
  applyPreset(id: PresetId): void;
  setConfig(config: MoAConfig): void;
};

export type ConfigStore = StoreApi<ConfigState>;

// One store per page (not per module): on the server, a module-level store would be shared
// by every request.
export function createConfigStore(models: ModelInfo[]): ConfigStore {
  return createStore<ConfigState>((set, get) => ({
    models,
    prompt: '',
    presetId: DEFAULT_PRESET,
    config: buildPreset(DEFAULT_PRESET, models),
    setPrompt: (prompt) => set({ prompt }),
    // A preset reshapes the layers; the run's budget and price overrides stay.
    applyPreset: (id) => {
      const { pricing, budgetUsd } = get().config;
      set({ presetId: id, config: { ...buildPreset(id, get().models), ...(pricing && { pricing }), ...(budgetUsd !== undefined && { budgetUsd }) } });
    },
    setConfig: (config) => set({ config, presetId: null }),
  }));
}

const ConfigContext = createContext<ConfigStore | null>(null);

export function ConfigStoreProvider({ models, children }: { models: ModelInfo[]; children: React.ReactNode }) {
  const [store] = useState(() => createConfigStore(models));
  return <ConfigContext.Provider value={store}>{children}</ConfigContext.Provider>;
}

export function useConfigStoreApi(): ConfigStore {
  const store = useContext(ConfigContext);
  if (!store) throw new Error('useConfig must be used inside <ConfigStoreProvider>.');
  return store;
}

export function useConfig<T>(selector: (state: ConfigState) => T): T {
  return useStore(useConfigStoreApi(), selector);
}
