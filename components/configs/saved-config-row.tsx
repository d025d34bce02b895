'use client';

import { useState } from 'react';
import { downloadText } from '@/lib/browser/download';
import { exportConfigJson } from '@/lib/builder/config-file';
import { SAVED_CONFIG_LIMITS } from '@/lib/configs/names';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { useSavedConfigs, type SavedConfigDetail, type SavedConfigItem } from '@/lib/stores/saved-configs-store';
import { MessageLines } from '../message-lines';
import { errorOf, failureClass, type Failure } from './failure';
import { useOpenSaved } from './use-open-saved';

const actionClass =
  'rounded px-1.5 py-0.5 text-xs font-medium text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-700 dark:hover:text-zinc-100';
const fieldClass =
  'min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-0.5 text-sm text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

type Mode = { kind: 'idle' } | { kind: 'rename' | 'duplicate'; name: string } | { kind: 'delete' };

/** One saved configuration: open it (any version), rename, duplicate, export, delete. */
export function SavedConfigRow({ item, onOpened }: { item: SavedConfigItem; onOpened(): void }) {
  const store = useConfigStoreApi();
  const saved = useConfig((s) => s.saved);
  const open = useOpenSaved();
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [versions, setVersions] = useState<SavedConfigDetail['versions'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const isBoard = saved?.slug === item.slug;

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
    } catch (error) {
      setFailure(errorOf(error));
    } finally {
      setBusy(false);
    }
  };

  const openVersion = (version?: number) =>
    act(async () => {
      if (await open(item.slug, version)) onOpened();
    });

  const toggleVersions = () =>
    versions
      ? setVersions(null)
      : act(async () => {
          setVersions((await useSavedConfigs.getState().open(item.slug)).config.versions);
        });

  const exportVersion = (version?: number) =>
    act(async () => {
      const { version: v } = await useSavedConfigs.getState().open(item.slug, version);
      downloadText(`${v.slug}-v${v.version}.json`, 'application/json', exportConfigJson(v.config));
    });

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (mode.kind !== 'rename' && mode.kind !== 'duplicate') return;
    void act(async () => {
      if (mode.kind === 'rename') {
        const renamed = await useSavedConfigs.getState().rename(item.slug, mode.name);
        const board = store.getState().saved;
        if (board?.slug === item.slug) store.getState().setSaved({ ...board, ...renamed });
      } else {
        await useSavedConfigs.getState().duplicate(item.slug, mode.name);
      }
      setMode({ kind: 'idle' });
    });
  };

  const remove = () =>
    act(async () => {
      await useSavedConfigs.getState().remove(item.slug);
      // The board stays as it is; it is just no longer a saved version.
      if (store.getState().saved?.slug === item.slug) store.getState().setSaved(null);
    });

  return (
    <li className="px-3 py-2.5" data-testid="saved-config" data-slug={item.slug}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium" title={item.name}>
            {item.name}
            {isBoard && saved && <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-[10px] font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">on the board: v{saved.version}{saved.edited ? ', edited' : ''}</span>}
          </p>
          <p className="text-[11px] text-zinc-500 dark:text-zinc-400">
            <span className="font-mono">{item.slug}</span> · v{item.latestVersion} · saved {new Date(item.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-0.5">
          <button type="button" className={actionClass} onClick={() => void openVersion()} disabled={busy} data-testid="open-saved" aria-label={`Open ${item.name} v${item.latestVersion}`}>
            Open
          </button>
          <button type="button" className={actionClass} onClick={() => void toggleVersions()} disabled={busy} aria-expanded={!!versions} data-testid="saved-versions">
            Versions
          </button>
          <button type="button" className={actionClass} onClick={() => setMode({ kind: 'rename', name: item.name })} disabled={busy}>
            Rename
          </button>
          <button type="button" className={actionClass} onClick={() => setMode({ kind: 'duplicate', name: `${item.name} copy` })} disabled={busy}>
            Duplicate
          </button>
          <button type="button" className={actionClass} onClick={() => void exportVersion()} disabled={busy} title="Download the latest version as a config file">
            Export
          </button>
          <button type="button" className={`${actionClass} hover:text-red-700 dark:hover:text-red-300`} onClick={() => setMode({ kind: 'delete' })} disabled={busy} data-testid="delete-saved">
            Delete
          </button>
        </div>
      </div>

      {(mode.kind === 'rename' || mode.kind === 'duplicate') && (
        <form onSubmit={submit} className="mt-2 flex items-center gap-2">
          <label className="sr-only" htmlFor={`name-${item.slug}`}>
            {mode.kind === 'rename' ? `New name for ${item.name}` : `Name of the copy of ${item.name}`}
          </label>
          <input
            id={`name-${item.slug}`}
            className={fieldClass}
            value={mode.name}
            maxLength={SAVED_CONFIG_LIMITS.maxNameChars}
            onChange={(e) => setMode({ ...mode, name: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), e.stopPropagation(), setMode({ kind: 'idle' }))}
            autoFocus
          />
          <button type="submit" className={actionClass} disabled={busy || !mode.name.trim()}>
            {mode.kind === 'rename' ? 'Rename' : 'Duplicate latest'}
          </button>
          <button type="button" className={actionClass} onClick={() => setMode({ kind: 'idle' })}>
            Cancel
          </button>
        </form>
      )}

      {mode.kind === 'delete' && (
        <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
          <span className="text-zinc-600 dark:text-zinc-300">Delete “{item.name}” and its {item.latestVersion === 1 ? 'version' : `${item.latestVersion} versions`}? Runs made with it keep their board.</span>
          <button type="button" onClick={() => void remove()} disabled={busy} className="rounded bg-red-600 px-2 py-0.5 font-medium text-white hover:bg-red-500 disabled:opacity-50" data-testid="confirm-delete-saved">
            {busy ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" onClick={() => setMode({ kind: 'idle' })} className={actionClass}>
            Cancel
          </button>
        </div>
      )}

      {versions && (
        <ol className="mt-2 space-y-1 border-l-2 border-zinc-200 pl-3 dark:border-zinc-700" aria-label={`Versions of ${item.name}`}>
          {versions.map((v) => (
            <li key={v.versionId} className="flex items-center gap-2 text-xs" data-testid="saved-version">
              <span className="w-8 font-mono font-medium">v{v.version}</span>
              <span className="flex-1 text-zinc-500 dark:text-zinc-400">{new Date(v.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</span>
              <button type="button" className={actionClass} onClick={() => void openVersion(v.version)} disabled={busy} aria-label={`Open ${item.name} v${v.version}`} data-testid="open-version">
                Open
              </button>
              <button type="button" className={actionClass} onClick={() => void exportVersion(v.version)} disabled={busy} aria-label={`Export ${item.name} v${v.version}`}>
                Export
              </button>
            </li>
          ))}
        </ol>
      )}

      {failure && (
        <div role="alert" className={`mt-2 ${failureClass}`}>
          <MessageLines message={failure.message} details={failure.details} />
        </div>
      )}
    </li>
  );
}
