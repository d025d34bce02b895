'use client';

import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatContext, formatPrice } from '@/lib/builder/estimate';
import { customModelId, groupModels } from '@/lib/builder/model-options';
import type { ModelInfo } from '@/lib/models/types';
import { useConfig } from '@/lib/stores/config-store';
import { CloseIcon } from './icons';

type Request = { title: string; current: string; onPick(id: string): string | null };

const PickerContext = createContext<(request: Request) => void>(() => {});

/** Opens the one model picker of the board for a card. */
export const useModelPicker = () => useContext(PickerContext);

export function ModelPickerProvider({ children }: { children: React.ReactNode }) {
  const [request, setRequest] = useState<Request | null>(null);
  const open = useCallback((r: Request) => setRequest(r), []);
  return (
    <PickerContext.Provider value={open}>
      {children}
      {request && <ModelPickerDialog request={request} onClose={() => setRequest(null)} />}
    </PickerContext.Provider>
  );
}

/** What the catalog knows of a model's cost and context, in one short line. */
export function ModelFacts({ model }: { model: ModelInfo | undefined }) {
  if (!model) return <span>not listed · price unknown</span>;
  const price = model.price ? `${formatPrice(model.price)} per 1M` : model.kind === 'offline' ? 'free simulation' : 'price unknown';
  return (
    <span>
      {model.contextWindow ? `${formatContext(model.contextWindow)} ctx · ` : ''}
      {price}
    </span>
  );
}

type Option = { key: string; id: string; model?: ModelInfo };

/** A searchable list of the server's models, grouped by provider, in a modal dialog. */
function ModelPickerDialog({ request, onClose }: { request: Request; onClose(): void }) {
  const models = useConfig((s) => s.models);
  const dialog = useRef<HTMLDialogElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string | null>(null);
  const baseId = useId();

  const groups = useMemo(() => groupModels(models, query), [models, query]);
  const custom = useMemo(() => customModelId(models, query), [models, query]);
  const options = useMemo<Option[]>(() => {
    const listed = groups.flatMap((g) => g.models.map((m) => ({ key: m.id, id: m.id, model: m })));
    return custom?.ok ? [...listed, { key: `custom:${custom.id}`, id: custom.id }] : listed;
  }, [groups, custom]);
  const [active, setActive] = useState(0);
  const optionId = (i: number) => `${baseId}-opt-${i}`;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const opener = document.activeElement as HTMLElement | null;
    el.showModal();
    // showModal focuses the first button (Close); the search is where typing belongs.
    search.current?.focus();
    return () => opener?.focus();
  }, []);

  // Start on the current model; afterwards the first match of each new search.
  useEffect(() => {
    const current = options.findIndex((o) => o.id === request.current);
    setActive(query ? 0 : Math.max(0, current));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  useEffect(() => {
    list.current?.querySelector(`#${CSS.escape(optionId(active))}`)?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const pick = (id: string) => {
    const problem = request.onPick(id);
    if (problem) setError(problem);
    else dialog.current?.close();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const last = options.length - 1;
    if (e.key === 'ArrowDown') setActive((i) => Math.min(last, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Home' && e.ctrlKey) setActive(0);
    else if (e.key === 'End' && e.ctrlKey) setActive(last);
    else if (e.key === 'Enter' && options[active]) pick(options[active].id);
    else return;
    e.preventDefault();
  };

  let index = -1;
  const renderOption = (option: Option, label: React.ReactNode) => {
    const i = ++index;
    const selected = option.id === request.current;
    return (
      <div
        key={option.key}
        id={optionId(i)}
        role="option"
        aria-selected={i === active}
        data-current={selected || undefined}
        onMouseMove={() => i !== active && setActive(i)}
        onClick={() => pick(option.id)}
        className="flex cursor-pointer items-baseline gap-3 rounded-md px-2.5 py-1.5 text-sm aria-selected:bg-indigo-50 dark:aria-selected:bg-indigo-950/60"
      >
        {label}
      </div>
    );
  };

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      onClick={(e) => e.target === dialog.current && dialog.current?.close()}
      aria-labelledby={`${baseId}-title`}
      className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100"
      data-testid="model-picker"
    >
      <div className="flex items-center gap-2 border-b border-zinc-100 px-4 py-3 dark:border-zinc-800">
        <h2 id={`${baseId}-title`} className="text-sm font-semibold">
          {request.title}
        </h2>
        <button
          type="button"
          onClick={() => dialog.current?.close()}
          className="ml-auto rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          aria-label="Close"
        >
          <CloseIcon className="size-4" />
        </button>
      </div>
      <div className="px-4 pt-3">
        <input
          ref={search}
          role="combobox"
          aria-expanded="true"
          aria-controls={`${baseId}-list`}
          aria-activedescendant={options[active] ? optionId(active) : undefined}
          aria-autocomplete="list"
          aria-label="Search models or type provider:model"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setError(null);
          }}
          onKeyDown={onKeyDown}
          placeholder="Search models, or type provider:model"
          className="w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm placeholder:text-zinc-400 focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-950"
          data-testid="model-search"
        />
        {error && (
          <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
      </div>
      <div ref={list} id={`${baseId}-list`} role="listbox" aria-label="Models" className="max-h-[min(24rem,60vh)] overflow-y-auto px-2 py-2">
        {groups.map((group) => (
          <div key={group.provider} role="group" aria-labelledby={`${baseId}-g-${group.provider}`} className="mb-1">
            <div id={`${baseId}-g-${group.provider}`} className="px-2.5 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              {group.label}
            </div>
            {group.models.map((model) =>
              renderOption(
                { key: model.id, id: model.id, model },
                <>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">
                      {model.label}
                      {model.id === request.current && <span className="ml-2 text-xs font-normal text-indigo-600 dark:text-indigo-400">current</span>}
                    </span>
                    <span className="block truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-400">{model.id}</span>
                  </span>
                  <span className="shrink-0 text-right text-[11px] text-zinc-600 tabular-nums dark:text-zinc-400">
                    <ModelFacts model={model} />
                  </span>
                </>,
              ),
            )}
          </div>
        ))}
        {custom?.ok &&
          renderOption(
            { key: `custom:${custom.id}`, id: custom.id },
            <span>
              Use <span className="font-mono">{custom.id}</span>
              <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">not in the list · price unknown</span>
            </span>,
          )}
        {options.length === 0 && <p className="px-2.5 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">No model matches “{query}”.</p>}
        {custom && !custom.ok && <p className="px-2.5 pb-2 text-xs text-amber-700 dark:text-amber-400">{custom.hint}</p>}
      </div>
      <p className="border-t border-zinc-100 px-4 py-2 text-[11px] text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        ↑↓ to move · Enter to choose · Esc to close. A configured provider accepts any of its model ids: type <span className="font-mono">provider:model</span>.
      </p>
    </dialog>
  );
}
