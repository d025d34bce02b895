'use client';

import { useEffect, useRef, useState } from 'react';
import { downloadText } from '@/lib/browser/download';
import { exportConfigJson, MAX_IMPORT_BYTES } from '@/lib/builder/config-file';
import { presetsFor, type PresetId } from '@/lib/moa/presets';
import { savedLabel } from '@/lib/configs/ref';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { useSavedConfigs } from '@/lib/stores/saved-configs-store';
import { SavedConfigsButton } from '../configs/saved-configs-dialog';
import { useOpenSaved } from '../configs/use-open-saved';
import { RedoIcon, UndoIcon } from './icons';
import { buttonClass } from './ui';

const mod = () => (typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform) ? '⌘' : 'Ctrl+');

const SAVED = 'saved:';

/** Presets and saved configurations, undo/redo, import/export and the board's link. */
export function BuilderToolbar() {
  const store = useConfigStoreApi();
  const presetId = useConfig((s) => s.presetId);
  const saved = useConfig((s) => s.saved);
  const presets = presetsFor(useConfig((s) => s.models));
  const savedConfigs = useSavedConfigs((s) => s.configs);
  const openSaved = useOpenSaved();
  const canUndo = useConfig((s) => s.history.past.length > 0);
  const canRedo = useConfig((s) => s.history.future.length > 0);
  const undoLabel = useConfig((s) => s.history.past.at(-1)?.label);
  const redoLabel = useConfig((s) => s.history.future.at(-1)?.label);
  const lastAction = useConfig((s) => s.lastAction);
  const file = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (useSavedConfigs.getState().load.state === 'idle') void useSavedConfigs.getState().refresh();
  }, []);

  // The picker names the board: a preset, the latest version of a saved config, an older
  // version of one (its own entry), or "Custom".
  const latest = saved && !saved.edited ? savedConfigs.find((c) => c.slug === saved.slug && c.latestVersion === saved.version) : undefined;
  const pickerValue = presetId ?? (latest ? `${SAVED}${latest.slug}` : saved && !saved.edited ? 'board' : '');
  const description = saved
    ? `Saved config “${saved.name}” v${saved.version}${saved.edited ? ', edited since: runs record no version until you save' : ''}`
    : presets.find((p) => p.id === presetId)?.description;

  const pick = (value: string) => {
    if (value.startsWith(SAVED)) {
      openSaved(value.slice(SAVED.length)).catch((error: unknown) =>
        store.getState().setNotice({ kind: 'error', message: `Could not open that saved configuration: ${error instanceof Error ? error.message : String(error)}`, details: (error as { details?: string[] }).details }),
      );
    } else if (value && value !== 'board') store.getState().applyPreset(value as PresetId);
  };

  const exportFile = () => downloadText('moa-config.json', 'application/json', exportConfigJson(store.getState().config));

  const importFile = async (picked: File | undefined) => {
    if (!picked) return;
    const name = `“${picked.name}”`;
    if (picked.size > MAX_IMPORT_BYTES) {
      store.getState().setNotice({ kind: 'error', message: `Could not import ${name}: it is larger than 1 MB, far more than any valid config. Your board is unchanged.` });
      return;
    }
    store.getState().importJson(await picked.text(), name);
  };

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      store.getState().setNotice({ kind: 'error', message: 'The browser did not allow copying. Copy the address from the address bar: it holds the board.' });
    }
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
        Preset
        <select
          value={pickerValue}
          onChange={(e) => pick(e.target.value)}
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
          data-testid="preset-select"
        >
          {pickerValue === '' && <option value="">{saved ? `Custom (from ${savedLabel(saved)})` : 'Custom'}</option>}
          {pickerValue === 'board' && saved && <option value="board">{savedLabel(saved)}</option>}
          <optgroup label="Built-in">
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </optgroup>
          {savedConfigs.length > 0 && (
            <optgroup label="Saved">
              {savedConfigs.map((c) => (
                <option key={c.slug} value={`${SAVED}${c.slug}`}>
                  {c.name} (v{c.latestVersion})
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </label>
      <span className="hidden min-w-0 flex-1 truncate text-[11px] text-zinc-500 xl:inline dark:text-zinc-400" title={description} data-testid="board-source">
        {description}
      </span>
      <span className="ml-auto" />
      <div className="flex items-center rounded-md border border-zinc-300 dark:border-zinc-700">
        <button
          type="button"
          className="rounded-l-md p-1.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800"
          onClick={() => store.getState().undo()}
          disabled={!canUndo}
          aria-label="Undo"
          title={canUndo ? `Undo: ${undoLabel} (${mod()}Z)` : 'Nothing to undo'}
          data-testid="undo"
        >
          <UndoIcon />
        </button>
        <button
          type="button"
          className="rounded-r-md border-l border-zinc-300 p-1.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
          onClick={() => store.getState().redo()}
          disabled={!canRedo}
          aria-label="Redo"
          title={canRedo ? `Redo: ${redoLabel} (${mod()}Shift+Z)` : 'Nothing to redo'}
          data-testid="redo"
        >
          <RedoIcon />
        </button>
      </div>
      <SavedConfigsButton />
      <button type="button" className={buttonClass} onClick={() => file.current?.click()} data-testid="import">
        Import
      </button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        className="sr-only"
        tabIndex={-1}
        aria-label="Import a config file"
        data-testid="import-file"
        onChange={(e) => {
          void importFile(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      <button type="button" className={buttonClass} onClick={exportFile} data-testid="export">
        Export
      </button>
      <button type="button" className={buttonClass} onClick={copyLink} title="The address holds the whole board: share it to share the graph">
        {copied ? 'Copied' : 'Copy link'}
      </button>
      <p role="status" className="sr-only" data-testid="last-action">
        {lastAction}
      </p>
    </div>
  );
}
