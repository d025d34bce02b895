'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { parseConfigJson, MAX_IMPORT_BYTES } from '@/lib/builder/config-file';
import { savedLabel } from '@/lib/configs/ref';
import { SAVED_CONFIG_LIMITS, slugOf } from '@/lib/configs/names';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { useSavedConfigs } from '@/lib/stores/saved-configs-store';
import { buttonClass } from '../builder/ui';
import { MessageLines } from '../message-lines';
import { ModalDialog } from '../modal-dialog';
import { SavedConfigRow } from './saved-config-row';
import { errorOf, failureClass, type Failure } from './failure';

const primaryClass =
  'inline-flex items-center gap-1.5 rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50';
const inputClass =
  'w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-invalid:border-red-400 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

/** The toolbar's "Saved" button and the dialog it opens: save the board, and the list of saved configurations. */
export function SavedConfigsButton() {
  const [open, setOpen] = useState(false);
  const saved = useConfig((s) => s.saved);
  return (
    <>
      <button
        type="button"
        className={buttonClass}
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        title={saved ? `The board is ${savedLabel(saved)}${saved.edited ? ', edited since' : ''}` : 'Save the board under a name, or open a saved one'}
        data-testid="saved-configs-button"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
          <path d="M5 3a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V7.41a2 2 0 0 0-.59-1.41l-2.41-2.41A2 2 0 0 0 12.59 3H5Zm1 2h6v3H6V5Zm4 10a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5Z" />
        </svg>
        Save…
      </button>
      {open && <SavedConfigsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function SavedConfigsDialog({ onClose }: { onClose(): void }) {
  const load = useSavedConfigs((s) => s.load);
  const configs = useSavedConfigs((s) => s.configs);

  useEffect(() => void useSavedConfigs.getState().refresh(), []);

  return (
    <ModalDialog
      title="Saved configurations"
      description="Boards kept on this server for this browser. Each save is a new version; versions never change."
      width="40rem"
      testId="saved-configs-dialog"
      closeLabel="Close saved configurations"
      onClose={onClose}
    >
      <SaveForm />
      <section aria-label="Your saved configurations" className="px-4 pt-2 pb-4">
        <h3 className="py-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          Yours <span className="font-normal normal-case">{load.state === 'ready' ? `(${configs.length} of at most ${SAVED_CONFIG_LIMITS.maxConfigsPerOwner})` : ''}</span>
        </h3>
        {load.state === 'loading' && (
          <p aria-busy="true" className="py-6 text-center text-sm text-zinc-500">
            Loading…
          </p>
        )}
        {load.state === 'error' && (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            <p>Could not load your saved configurations: {load.message}</p>
            <button type="button" onClick={() => void useSavedConfigs.getState().refresh()} className="mt-2 text-xs font-medium underline">
              Try again
            </button>
          </div>
        )}
        {load.state === 'ready' && configs.length === 0 && (
          <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400" data-testid="saved-configs-empty">
            Nothing saved yet. Name the board above and save it: it then appears here and under “Saved” in the preset list.
          </p>
        )}
        {configs.length > 0 && load.state !== 'error' && (
          <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="saved-configs-list">
            {configs.map((item) => (
              <SavedConfigRow key={item.slug} item={item} onOpened={onClose} />
            ))}
          </ul>
        )}
      </section>
    </ModalDialog>
  );
}

/** Save the board: as the next version of the config it came from, or under a new name; or import a file. */
function SaveForm() {
  const store = useConfigStoreApi();
  const saved = useConfig((s) => s.saved);
  const configs = useSavedConfigs((s) => s.configs);
  const current = saved ? configs.find((c) => c.slug === saved.slug) : undefined;
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const hintId = useId();

  const slug = slugOf(name);
  const clash = configs.find((c) => c.slug === slug);
  // Saving the very version the board is would only copy it.
  const unchanged = !!saved && !!current && !saved.edited && saved.version === current.latestVersion;

  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      setDone(await work());
    } catch (error) {
      setFailure(errorOf(error));
    } finally {
      setBusy(false);
    }
  };

  const saveNew = (e: React.FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const v = await useSavedConfigs.getState().create(name, store.getState().config);
      store.getState().setSaved({ slug: v.slug, name: v.name, version: v.version, versionId: v.versionId, edited: false });
      setName('');
      return `Saved as “${v.name}” v1.`;
    });
  };

  const saveVersion = () =>
    saved &&
    act(async () => {
      const v = await useSavedConfigs.getState().addVersion(saved.slug, store.getState().config);
      store.getState().setSaved({ slug: v.slug, name: v.name, version: v.version, versionId: v.versionId, edited: false });
      return `Saved “${v.name}” v${v.version}.`;
    });

  const importFile = (picked: File | undefined) =>
    picked &&
    act(async () => {
      if (picked.size > MAX_IMPORT_BYTES) throw new Error(`“${picked.name}” is larger than 1 MB, far more than any valid config.`);
      const parsed = parseConfigJson(await picked.text());
      if (!parsed.ok) throw Object.assign(new Error(`Could not import “${picked.name}”: ${parsed.error}`), { details: parsed.details });
      const as = name.trim() || picked.name.replace(/\.json$/i, '');
      const v = await useSavedConfigs.getState().create(as, parsed.config);
      return `Imported “${picked.name}” as “${v.name}” v1. Open it from the list below.`;
    });

  return (
    <section aria-label="Save the board" className="space-y-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
      {saved && current && (
        <div className="flex flex-wrap items-center gap-2 rounded-lg bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-800/60">
          <span className="min-w-0 flex-1">
            The board is <strong className="font-medium">{savedLabel(saved)}</strong>
            {saved.edited ? <span className="text-amber-700 dark:text-amber-300"> · edited since</span> : unchanged ? ' · unchanged' : ` · latest is v${current.latestVersion}`}
          </span>
          <button type="button" className={primaryClass} onClick={saveVersion} disabled={busy || unchanged} data-testid="save-version">
            Save as v{current.latestVersion + 1} of “{current.name}”
          </button>
        </div>
      )}
      <form onSubmit={saveNew} className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <label htmlFor={nameId} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-300">
            {saved ? 'Or save as a new configuration' : 'Save the board as'}
          </label>
          <input
            id={nameId}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={SAVED_CONFIG_LIMITS.maxNameChars}
            placeholder="A name, e.g. Fast reasoning board"
            aria-describedby={hintId}
            aria-invalid={!!clash || undefined}
            className={inputClass}
            data-testid="save-name"
            autoFocus={!saved}
          />
        </div>
        <button type="submit" className={saved ? buttonClass : primaryClass} disabled={busy || !slug || !!clash} data-testid="save-new">
          Save as new
        </button>
        <button type="button" className={buttonClass} onClick={() => file.current?.click()} disabled={busy} title="Save a config file (as exported) as a new configuration; the name above, or the file's">
          Import file…
        </button>
        <input
          ref={file}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          tabIndex={-1}
          aria-label="Import a config file as a saved configuration"
          onChange={(e) => {
            void importFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <p id={hintId} className={`w-full text-[11px] ${clash ? 'text-red-700 dark:text-red-300' : 'text-zinc-500 dark:text-zinc-400'}`}>
          {clash
            ? `“${clash.name}” already has the slug ${slug}: pick another name, or open it and save a new version.`
            : name.trim() && !slug
              ? 'The name needs at least one letter or digit (a–z, 0–9).'
              : slug
                ? `Slug: ${slug}`
                : 'Names are unique in this browser; the slug (letters, digits, dashes) addresses it.'}
        </p>
      </form>
      <div aria-live="polite">
        {done && (
          <p className="text-xs text-emerald-700 dark:text-emerald-300" data-testid="save-done">
            {done}
          </p>
        )}
        {failure && (
          <div role="alert" className={failureClass} data-testid="save-error">
            <MessageLines message={failure.message} details={failure.details} />
          </div>
        )}
      </div>
    </section>
  );
}
