'use client';

import { create } from 'zustand';
import { fetchApi, fetchJson } from '../browser/fetch-api';
import type { MoAConfig } from '../moa/config';

/** As /api/configs answers (dates as JSON strings). */
export type SavedConfigItem = { slug: string; name: string; latestVersion: number; createdAt: string; updatedAt: string };
export type SavedVersion = { slug: string; name: string; version: number; versionId: string; config: MoAConfig };
export type SavedConfigDetail = SavedConfigItem & { versions: { version: number; versionId: string; createdAt: string }[] };

type Load = { state: 'idle' | 'loading' } | { state: 'error'; message: string } | { state: 'ready' };

export type SavedConfigsState = {
  configs: SavedConfigItem[];
  load: Load;
  /** Reads the list again (the picker and the dialog show it). */
  refresh(): Promise<void>;
  create(name: string, config: MoAConfig): Promise<SavedVersion>;
  addVersion(slug: string, config: MoAConfig): Promise<SavedVersion>;
  /** One version (the latest when omitted) and the config's list of versions. */
  open(slug: string, version?: number): Promise<{ config: SavedConfigDetail; version: SavedVersion }>;
  rename(slug: string, name: string): Promise<{ slug: string; name: string }>;
  duplicate(slug: string, name: string, version?: number): Promise<SavedVersion>;
  remove(slug: string): Promise<void>;
};

const path = (slug: string, rest = '') => `/api/configs/${encodeURIComponent(slug)}${rest}`;
const send = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/**
 * The browser's saved configurations (stored on the server, per owner cookie). Every change
 * goes to the server first; the list is read again after it, so it never shows a guess.
 * One store per tab is enough: it only ever holds what this browser's owner cookie sees.
 */
export const useSavedConfigs = create<SavedConfigsState>((set, get) => {
  const changed = async <T>(request: Promise<T>): Promise<T> => {
    const result = await request;
    void get().refresh();
    return result;
  };

  return {
    configs: [],
    load: { state: 'idle' },

    async refresh() {
      if (get().load.state !== 'ready') set({ load: { state: 'loading' } });
      try {
        const body = await fetchJson<{ configs: SavedConfigItem[] }>('/api/configs', { cache: 'no-store' });
        set({ configs: body.configs, load: { state: 'ready' } });
      } catch (error) {
        set({ load: { state: 'error', message: error instanceof Error ? error.message : String(error) } });
      }
    },

    create: (name, config) => changed(fetchJson<SavedVersion>('/api/configs', send('POST', { name, config }))),
    addVersion: (slug, config) => changed(fetchJson<SavedVersion>(path(slug, '/versions'), send('POST', { config }))),
    open: (slug, version) => fetchJson(path(slug, version === undefined ? '' : `?version=${version}`), { cache: 'no-store' }),
    rename: (slug, name) => changed(fetchJson<{ slug: string; name: string }>(path(slug), send('PATCH', { name }))),
    duplicate: (slug, name, version) => changed(fetchJson<SavedVersion>(path(slug, '/duplicate'), send('POST', { name, version }))),
    remove: (slug) => changed(fetchApi(path(slug), { method: 'DELETE' }).then(() => undefined)),
  };
});
