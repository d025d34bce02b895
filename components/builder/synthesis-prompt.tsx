'use client';

import { useState } from 'react';
import { LIMITS } from '@/lib/moa/config';
import { DEFAULT_SYNTHESIS_PROMPT } from '@/lib/moa/prompts';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { buttonClass } from './ui';

/** The instruction every agent after the first layer gets before the answers it reads. */
export function SynthesisPromptEditor() {
  const store = useConfigStoreApi();
  const value = useConfig((s) => s.config.synthesisPrompt);
  const layers = useConfig((s) => s.config.layers.length);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);

  // Follow outside changes (undo, reset, import) in the same render.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
    setError(null);
  }

  const commit = (text: string) => {
    setDraft(text);
    const result = store.getState().apply({ type: 'set-synthesis-prompt', text });
    setError(result.ok ? null : result.issues.find((i) => i.path[0] === 'synthesisPrompt')?.raw ?? result.reason);
  };

  return (
    <section aria-labelledby="synthesis-heading" data-testid="synthesis-prompt">
      <div className="flex items-baseline gap-2">
        <h3 id="synthesis-heading" className="text-xs font-semibold tracking-wide text-zinc-900 uppercase dark:text-zinc-100">
          <label htmlFor="synthesis-text">Synthesis prompt</label>
        </h3>
        <span className="text-[11px] text-zinc-500 dark:text-zinc-400">
          {layers > 1 ? 'Given to every agent after layer 1, before the numbered answers of the layer before.' : 'Unused: a one-layer board has no agent that reads answers.'}
        </span>
        <span className="ml-auto" />
        <button
          type="button"
          className={buttonClass}
          disabled={value === DEFAULT_SYNTHESIS_PROMPT && draft === value}
          onClick={() => commit(DEFAULT_SYNTHESIS_PROMPT)}
          data-testid="reset-synthesis"
        >
          Reset to default
        </button>
      </div>
      <textarea
        id="synthesis-text"
        value={draft}
        onChange={(e) => commit(e.target.value)}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={`synthesis-count${error ? ' synthesis-error' : ''}`}
        className="mt-2 block w-full resize-y rounded-md border border-zinc-300 bg-white px-2.5 py-2 text-xs leading-relaxed text-zinc-900 focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
      />
      <div className="mt-1 flex gap-2 text-[11px]">
        {error && (
          <p id="synthesis-error" role="alert" className="text-red-600 dark:text-red-400">
            {error} The board keeps the last valid prompt.
          </p>
        )}
        <p id="synthesis-count" className="ml-auto text-zinc-500 tabular-nums dark:text-zinc-400">
          {draft.length.toLocaleString('en-US')} / {LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')}
        </p>
      </div>
    </section>
  );
}
