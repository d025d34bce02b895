'use client';

import { forwardRef } from 'react';
import { callsPerRun } from '@/lib/moa/config';
import { presetsFor, type PresetId } from '@/lib/moa/presets';
import { useConfig } from '@/lib/stores/config-store';
import { useRunStore } from '@/lib/stores/run-store';

/** The prompt, the preset, and Run / Stop. */
export const PromptBar = forwardRef<HTMLTextAreaElement, { onRun: () => void }>(function PromptBar({ onRun }, ref) {
  const prompt = useConfig((s) => s.prompt);
  const setPrompt = useConfig((s) => s.setPrompt);
  const presetId = useConfig((s) => s.presetId);
  const applyPreset = useConfig((s) => s.applyPreset);
  const config = useConfig((s) => s.config);
  const presets = presetsFor(useConfig((s) => s.models));
  const running = useRunStore((s) => s.running);
  const stop = useRunStore((s) => s.stop);
  const calls = callsPerRun(config);

  return (
    <form
      className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      onSubmit={(e) => {
        e.preventDefault();
        onRun();
      }}
    >
      <label htmlFor="prompt" className="sr-only">
        Prompt
      </label>
      <textarea
        id="prompt"
        ref={ref}
        value={prompt}
        onChange={(e) => setPrompt(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
            e.preventDefault();
            onRun();
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
            value={presetId ?? ''}
            onChange={(e) => applyPreset(e.target.value as PresetId)}
            disabled={running}
            className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
            data-testid="preset-select"
          >
            {presetId === null && <option value="">Custom</option>}
            {presets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <span className="text-xs text-zinc-500" data-testid="config-summary">
          {config.layers.length} {config.layers.length === 1 ? 'layer' : 'layers'} · {calls} {calls === 1 ? 'call' : 'calls'} per run
        </span>
        <span className="hidden text-xs text-zinc-400 lg:inline">{presets.find((p) => p.id === presetId)?.description}</span>
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
            disabled={!prompt.trim()}
            className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
          >
            Run <kbd className="font-mono text-[10px] text-indigo-200">⌘↵</kbd>
          </button>
        )}
      </div>
    </form>
  );
});
