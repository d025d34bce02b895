'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { buildPreset, DEFAULT_PRESET, PRESETS, type PresetId } from '@/lib/moa/presets';
import type { ModelInfo } from '@/lib/models/types';
import { useRunStore } from '@/lib/stores/run-store';
import { FinalAnswer } from './final-answer';
import { RunGrid } from './run-grid';
import { ThemeToggle } from './theme-toggle';

export function Playground({ models }: { models: ModelInfo[] }) {
  const [presetId, setPresetId] = useState<PresetId>(DEFAULT_PRESET);
  const [prompt, setPrompt] = useState('');
  const config = useMemo(() => buildPreset(presetId, models), [presetId, models]);
  const running = useRunStore((s) => s.running);
  const requestError = useRunStore((s) => s.requestError);
  const start = useRunStore((s) => s.start);
  const stop = useRunStore((s) => s.stop);
  const promptBox = useRef<HTMLTextAreaElement>(null);
  const offlineOnly = models.every((m) => m.kind === 'offline');
  const canRun = prompt.trim().length > 0 && !running;

  const run = () => {
    if (prompt.trim() && !useRunStore.getState().running) void start(config, prompt);
  };

  // Global shortcuts: Esc stops a run, "/" focuses the prompt.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && useRunStore.getState().running) stop();
      else if (e.key === '/' && document.activeElement?.tagName !== 'TEXTAREA' && document.activeElement?.tagName !== 'INPUT') {
        e.preventDefault();
        promptBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stop]);

  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-12 items-center gap-3 border-b border-zinc-200 bg-white/80 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/80">
        <div className="flex items-center gap-2">
          <LogoMark />
          <h1 className="text-sm font-semibold tracking-tight">MoA Playground</h1>
        </div>
        {offlineOnly && (
          <span
            className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-[11px] font-medium text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-300"
            title="No provider key is set on the server: the built-in offline models are deterministic simulations, not LLMs."
            data-testid="offline-badge"
          >
            Offline simulation — no API key set
          </span>
        )}
        <span className="ml-auto" />
        <ThemeToggle />
      </header>

      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col gap-4 p-4">
        <form
          className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          <label htmlFor="prompt" className="sr-only">
            Prompt
          </label>
          <textarea
            id="prompt"
            ref={promptBox}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                e.preventDefault();
                run();
              }
            }}
            rows={3}
            placeholder="Ask something… e.g. What are the trade-offs of microservices versus a monolith?"
            className="block w-full resize-y rounded-md bg-transparent px-1 text-sm outline-none placeholder:text-zinc-400"
          />
          <div className="mt-2 flex flex-wrap items-center gap-3 border-t border-zinc-100 pt-2 dark:border-zinc-800">
            <label className="flex items-center gap-2 text-xs text-zinc-500">
              Preset
              <select
                value={presetId}
                onChange={(e) => setPresetId(e.target.value as PresetId)}
                disabled={running}
                className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
                data-testid="preset-select"
              >
                {PRESETS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <span className="text-xs text-zinc-500" data-testid="config-summary">
              {config.layers.length} {config.layers.length === 1 ? 'layer' : 'layers'} · {callsPerRun(config)}{' '}
              {callsPerRun(config) === 1 ? 'call' : 'calls'} per run
            </span>
            <span className="hidden text-xs text-zinc-400 lg:inline">{PRESETS.find((p) => p.id === presetId)?.description}</span>
            <span className="ml-auto" />
            {/* Distinct keys: reusing one <button> would turn the clicked Stop into a submit
                button before the click's default action runs, restarting the run. */}
            {running ? (
              <button
                key="stop"
                type="button"
                onClick={stop}
                className="inline-flex items-center gap-2 rounded-md bg-zinc-200 px-3 py-1.5 text-sm font-medium text-zinc-900 hover:bg-zinc-300 dark:bg-zinc-800 dark:text-zinc-100 dark:hover:bg-zinc-700"
              >
                Stop <kbd className="font-mono text-[10px] text-zinc-500">Esc</kbd>
              </button>
            ) : (
              <button
                key="run"
                type="submit"
                disabled={!canRun}
                className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
              >
                Run <kbd className="font-mono text-[10px] text-indigo-200">⌘↵</kbd>
              </button>
            )}
          </div>
        </form>

        {requestError && (
          <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="request-error">
            <p className="font-medium">{requestError.message}</p>
            {requestError.details && (
              <ul className="mt-1 list-disc pl-5 text-xs">
                {requestError.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </div>
        )}

        <div className="grid flex-1 grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,1fr)_400px]">
          <RunGrid config={config} />
          <div className="lg:sticky lg:top-4">
            <FinalAnswer />
          </div>
        </div>
      </main>
    </div>
  );
}

function LogoMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-5 text-indigo-600 dark:text-indigo-400" aria-hidden>
      <g fill="currentColor">
        <circle cx="5" cy="6" r="2.2" />
        <circle cx="5" cy="12" r="2.2" />
        <circle cx="5" cy="18" r="2.2" />
        <circle cx="19" cy="12" r="2.6" />
      </g>
      <g stroke="currentColor" strokeWidth="1.3" opacity="0.6">
        <path d="M7 6.5 16.5 11.5M7 12h9.5M7 17.5l9.5-5" />
      </g>
    </svg>
  );
}
