'use client';

import { useState } from 'react';
import { LIMITS, reasons } from '@/lib/moa/config';
import { DEFAULT_RANK_PROMPT, DEFAULT_SYNTHESIS_PROMPT, DEFAULT_TOP_K_PROMPT, RANK_REPLY_FORMAT, TOP_K_REPLY_FORMAT } from '@/lib/moa/prompts';
import type { BoardOp } from '@/lib/builder/board';
import { COUNCIL_REPLY_FORMAT, DEFAULT_COUNCIL_PROMPT } from '@/lib/moa/council';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { buttonClass } from './ui';

/** The instruction every synthesising agent after the first layer gets before the answers it reads. */
export function SynthesisPromptEditor() {
  const value = useConfig((s) => s.config.synthesisPrompt);
  const layers = useConfig((s) => s.config.layers.length);
  return (
    <PromptEditor
      id="synthesis"
      label="Synthesis prompt"
      value={value}
      defaultText={DEFAULT_SYNTHESIS_PROMPT}
      note={layers > 1 ? 'Given to every agent after layer 1, before the numbered answers of the layer before.' : 'Unused: a one-layer board has no agent that reads answers.'}
      op={(text) => ({ type: 'set-synthesis-prompt', text })}
      field="synthesisPrompt"
    />
  );
}

/** The instruction of ranking layers' agents; shown once a layer ranks. */
export function RankPromptEditor() {
  const value = useConfig((s) => s.config.rankPrompt);
  const ranking = useConfig((s) => s.config.layers.some((l, i) => i > 0 && l.strategy === 'rank'));
  if (!ranking) return null;
  return (
    <PromptEditor
      id="rank"
      label="Ranking prompt"
      value={value ?? DEFAULT_RANK_PROMPT}
      defaultText={DEFAULT_RANK_PROMPT}
      note={`Given to the agents of ranking layers, before the numbered answers; then, always: “${RANK_REPLY_FORMAT}”`}
      op={(text) => ({ type: 'set-rank-prompt', text })}
      field="rankPrompt"
    />
  );
}

/** The instruction of top-k layers' judges; shown once a layer keeps the top k. */
export function TopKPromptEditor() {
  const value = useConfig((s) => s.config.topKPrompt);
  const judging = useConfig((s) => s.config.layers.some((l, i) => i > 0 && l.strategy === 'top-k'));
  if (!judging) return null;
  return (
    <PromptEditor
      id="top-k"
      label="Top-k judge prompt"
      value={value ?? DEFAULT_TOP_K_PROMPT}
      defaultText={DEFAULT_TOP_K_PROMPT}
      note={`Given to the judge of top-k layers, before the numbered answers; then, always: “${TOP_K_REPLY_FORMAT}” With early stop, also a last line “Agree: yes” or “Agree: no”.`}
      op={(text) => ({ type: 'set-top-k-prompt', text })}
      field="topKPrompt"
    />
  );
}

/** The instruction of council layers' rankers; shown once a layer is a council. */
export function CouncilPromptEditor() {
  const value = useConfig((s) => s.config.councilPrompt);
  const council = useConfig((s) => s.config.layers.some((l, i) => i > 0 && l.strategy === 'council'));
  if (!council) return null;
  return (
    <PromptEditor
      id="council"
      label="Council prompt"
      value={value ?? DEFAULT_COUNCIL_PROMPT}
      defaultText={DEFAULT_COUNCIL_PROMPT}
      note={`Given to the rankers of council layers, before the answers labelled “Response A”, “Response B” … in each ranker’s own shuffled order; then, always: “${COUNCIL_REPLY_FORMAT}”`}
      op={(text) => ({ type: 'set-council-prompt', text })}
      field="councilPrompt"
    />
  );
}

/** The instruction of a sliding-window aggregator at each step; its default is the synthesis prompt. */
export function WindowPromptEditor() {
  const value = useConfig((s) => s.config.windowPrompt);
  const synthesis = useConfig((s) => s.config.synthesisPrompt);
  const sliding = useConfig((s) => s.config.layers.some((l, i) => i > 0 && l.strategy === 'sliding-window'));
  if (!sliding) return null;
  return (
    <PromptEditor
      id="window"
      label="Sliding-window prompt"
      value={value ?? synthesis}
      defaultText={synthesis}
      note="Given to a sliding-window aggregator at each step, before the window’s numbered answers; after the first step, its synthesis so far follows. The default is the synthesis prompt."
      op={(text) => ({ type: 'set-window-prompt', text })}
      field="windowPrompt"
    />
  );
}

function PromptEditor({ id, label, value, defaultText, note, op, field }: {
  id: string;
  label: string;
  value: string;
  defaultText: string;
  note: string;
  op: (text: string) => BoardOp;
  field: 'synthesisPrompt' | 'rankPrompt' | 'topKPrompt' | 'councilPrompt' | 'windowPrompt';
}) {
  const store = useConfigStoreApi();
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
    const result = store.getState().apply(op(text));
    setError(result.ok ? null : result.issues.find((i) => i.path[0] === field)?.raw ?? result.reason);
  };

  return (
    <section aria-labelledby={`${id}-heading`} data-testid={`${id}-prompt`}>
      <div className="flex items-baseline gap-2">
        <h3 id={`${id}-heading`} className="shrink-0 text-xs font-semibold tracking-wide text-zinc-900 uppercase dark:text-zinc-100">
          <label htmlFor={`${id}-text`}>{label}</label>
        </h3>
        <span className="text-[11px] text-zinc-500 dark:text-zinc-400">
          {note}
        </span>
        <span className="ml-auto" />
        <button
          type="button"
          className={`${buttonClass} shrink-0`}
          disabled={value === defaultText && draft === value}
          onClick={() => commit(defaultText)}
          data-testid={`reset-${id}`}
        >
          Reset to default
        </button>
      </div>
      <textarea
        id={`${id}-text`}
        value={draft}
        onChange={(e) => commit(e.target.value)}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
        className="mt-2 block w-full resize-y rounded-md border border-zinc-300 bg-white px-2.5 py-2 text-xs leading-relaxed text-zinc-900 focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
      />
      <div className="mt-1 flex gap-2 text-[11px]">
        {error && (
          <p id={`${id}-error`} role="alert" className="text-red-600 dark:text-red-400">
            {error} The board keeps the last valid prompt.
          </p>
        )}
        <p id={`${id}-count`} className="ml-auto text-zinc-500 tabular-nums dark:text-zinc-400">
          {draft.length.toLocaleString('en-US')} / {LIMITS.maxSynthesisPromptChars.toLocaleString('en-US')}
        </p>
      </div>
    </section>
  );
}

/** Whether aggregators read the previous layer's reasoning too (config.passReasoning); shown once an agent before the last layer reasons. */
export function PassReasoningSwitch() {
  const store = useConfigStoreApi();
  const on = useConfig((s) => !!s.config.passReasoning);
  const relevant = useConfig((s) => s.config.layers.slice(0, -1).some((l) => l.agents.some(reasons)));
  if (!relevant && !on) return null;
  return (
    <label className="flex items-start gap-1.5 text-xs text-zinc-700 dark:text-zinc-300" data-testid="pass-reasoning">
      <input
        type="checkbox"
        checked={on}
        onChange={(e) => store.getState().apply({ type: 'set-pass-reasoning', on: e.target.checked })}
        className="mt-0.5 size-3.5 shrink-0 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-500"
        data-testid="pass-reasoning-toggle"
      />
      <span>
        Pass the reasoning on
        <span className="block text-[11px] text-zinc-500 dark:text-zinc-400">
          {on
            ? 'Aggregators read each answer’s reasoning too, marked as reasoning in <reasoning> blocks before it.'
            : 'Aggregators read only the previous answers, never the reasoning behind them.'}
        </span>
      </span>
    </label>
  );
}
