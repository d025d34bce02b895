'use client';

import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { endZoneId, type Slot } from '@/lib/builder/board';
import { useState } from 'react';
import { DEFAULT_TOP_K, DEFAULT_WINDOW, LIMITS, STRATEGIES, type AgentConfig, type Strategy } from '@/lib/moa/config';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { AgentCard } from './agent-card';
import { useCheck } from './hooks';
import { CopyIcon, PlusIcon, TrashIcon } from './icons';
import { NumberField } from './number-field';
import { IconButton } from './ui';

type Props = {
  layer: number;
  layers: number;
  agents: AgentConfig[];
  /** The move a drag in progress would make, to show where it lands. */
  target: { from: Slot; to: Slot } | null;
};

const STRATEGY_LABELS: Record<Strategy, string> = { synthesize: 'Synthesize the answers', rank: 'Rank: pass the best on', 'top-k': 'Top-k: keep the best',
  council: 'Council: rank all, Borda count',
  'sliding-window': 'Sliding window: w answers per step',
};

/** What the layer's agents do with the previous answers (lib/moa/prompts.ts). */
function StrategySelect({ layer }: { layer: number }) {
  const store = useConfigStoreApi();
  const strategy = useConfig((s) => s.config.layers[layer]?.strategy ?? 'synthesize');
  return (
    <select
      aria-label={`Strategy of layer ${layer + 1}`}
      value={strategy}
      onChange={(e) => store.getState().apply({ type: 'set-layer-strategy', layer, strategy: e.target.value as Strategy })}
      className="mt-1 w-full rounded border border-zinc-300 bg-white px-1 py-0.5 text-[11px] dark:border-zinc-700 dark:bg-zinc-900"
      data-testid="layer-strategy"
    >
      {STRATEGIES.map((s) => (
        <option key={s} value={s}>
          {STRATEGY_LABELS[s]}
        </option>
      ))}
    </select>
  );
}

/** A top-k layer's k and early stop (lib/moa/top-k.ts). */
function TopKSettings({ layer, final }: { layer: number; final: boolean }) {
  const store = useConfigStoreApi();
  const k = useConfig((s) => s.config.layers[layer]?.topK ?? DEFAULT_TOP_K);
  const earlyStop = useConfig((s) => !!s.config.layers[layer]?.earlyStop);
  const [draft, setDraft] = useState(String(k));
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(k);
  // An undo or a preset changes k under the field: show it.
  if (seen !== k) {
    setSeen(k);
    setDraft(String(k));
    setError(null);
  }
  const stopReason = useCheck({ type: 'set-layer-top-k', layer, patch: { earlyStop: true } });
  const kId = `layer-${layer}-top-k`;

  const commitK = (text: string) => {
    setDraft(text);
    const value = Number(text);
    const result = text.trim() === '' ? { ok: false as const, reason: 'k is a number of answers.' } : store.getState().apply({ type: 'set-layer-top-k', layer, patch: { topK: value } });
    setError(result.ok ? null : result.reason.replace(/^layer \d+ › topK: /, ''));
  };

  return (
    <div className="mt-1 flex flex-col gap-1 text-[11px] text-zinc-700 dark:text-zinc-300" data-testid="layer-top-k-settings">
      <div className="flex items-center gap-1">
        <label htmlFor={kId}>Keep the best</label>
        <input
          id={kId}
          type="number"
          inputMode="numeric"
          min={1}
          max={LIMITS.maxAgentsPerLayer}
          step={1}
          value={draft}
          onChange={(e) => commitK(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${kId}-error` : undefined}
          className="w-12 rounded border border-zinc-300 bg-white px-1 py-0.5 tabular-nums aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-900"
          data-testid="layer-top-k"
        />
        <span>answers</span>
      </div>
      {error && (
        <p id={`${kId}-error`} role="alert" className="text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {!final && (
        <label className="flex items-start gap-1" title={!earlyStop && stopReason ? stopReason : undefined}>
          <input
            type="checkbox"
            checked={earlyStop}
            disabled={!earlyStop && !!stopReason}
            onChange={(e) => store.getState().apply({ type: 'set-layer-top-k', layer, patch: { earlyStop: e.target.checked } })}
            className="mt-0.5 accent-indigo-600"
            data-testid="layer-early-stop"
          />
          <span>Stop early when the kept answers agree (the layers after are skipped)</span>
        </label>
      )}
    </div>
  );
}

/** The schema's own words for this field (the field says where), else the board's reason. */
const fieldReason = (result: { reason: string; issues?: { path: PropertyKey[]; raw: string }[] }, key: string) =>
  result.issues?.find((i) => i.path.at(-1) === key)?.raw ?? result.reason;

/** A sliding-window layer's answers per step (lib/moa/sliding-window.ts). */
function WindowSettings({ layer }: { layer: number }) {
  const store = useConfigStoreApi();
  const window = useConfig((s) => s.config.layers[layer]?.window ?? DEFAULT_WINDOW);
  return (
    <div className="mt-1 grid grid-cols-[7rem] gap-x-2 text-[11px]" data-testid="layer-window-settings">
      <NumberField
        label="Answers a step"
        value={window}
        min={2}
        max={LIMITS.maxAgentsPerLayer}
        step={1}
        testId="layer-window"
        onCommit={(value) => {
          const result = store.getState().apply({ type: 'set-layer-window', layer, window: value ?? DEFAULT_WINDOW });
          return result.ok ? null : fieldReason(result, 'window');
        }}
      />
    </div>
  );
}

/** A council layer's seed for the rankers' shuffled orders: empty, the run draws one and records it. */
function CouncilSettings({ layer }: { layer: number }) {
  const store = useConfigStoreApi();
  const seed = useConfig((s) => s.config.layers[layer]?.seed);
  return (
    <div className="mt-1 grid grid-cols-[9rem] gap-x-2 text-[11px]" data-testid="layer-council-settings">
      <NumberField
        label="Seed (orders)"
        value={seed}
        optional
        min={0}
        max={2 ** 31 - 1}
        step={1}
        placeholder="drawn per run"
        testId="layer-seed"
        onCommit={(value) => {
          const result = store.getState().apply({ type: 'set-layer-council', layer, seed: value });
          return result.ok ? null : fieldReason(result, 'seed');
        }}
      />
    </div>
  );
}

export function LayerColumn({ layer, layers, agents, target }: Props) {
  const store = useConfigStoreApi();
  const final = layer === layers - 1;
  const strategy = useConfig((s) => s.config.layers[layer]?.strategy);
  const judges = strategy === 'top-k';
  const ids = agents.map((a) => a.id!);
  const headingId = `layer-heading-${layer}`;
  const { setNodeRef, isOver } = useDroppable({ id: endZoneId(layer), data: { layer } });
  const addReason = useCheck({ type: 'add-agent', layer });
  const duplicateReason = useCheck({ type: 'duplicate-layer', layer });
  const removeReason = useCheck({ type: 'remove-layer', layer });

  const crossing = target && target.to.layer === layer && target.from.layer !== layer;
  const swap = crossing && (final || target.from.layer === layers - 1);
  const hintFor = (index: number) =>
    !crossing ? null : swap ? ((final ? 0 : Math.min(target.to.index, agents.length - 1)) === index ? 'swap' : null) : target.to.index === index ? 'before' : null;
  const appendHere = crossing && !swap && target.to.index >= agents.length;

  return (
    <section
      aria-labelledby={headingId}
      data-testid="builder-layer"
      data-layer={layer + 1}
      className={`flex w-60 shrink-0 flex-col rounded-xl border p-2 transition-colors ${
        crossing ? 'border-indigo-400 bg-indigo-50/60 dark:border-indigo-600 dark:bg-indigo-950/30' : final ? 'border-indigo-200 bg-indigo-50/30 dark:border-indigo-900/70 dark:bg-indigo-950/20' : 'border-zinc-200 bg-zinc-100/60 dark:border-zinc-800 dark:bg-zinc-900/40'
      }`}
    >
      <header className="mb-2 flex items-start gap-1 px-1">
        <div className="min-w-0">
          <h3 id={headingId} className="text-xs font-semibold tracking-wide text-zinc-900 uppercase dark:text-zinc-100">
            {final ? 'Final layer' : `Layer ${layer + 1}`}
          </h3>
          <p className="text-[11px] text-zinc-600 dark:text-zinc-400" data-testid="layer-caption">
            {final
              ? 'Exactly one aggregator'
              : judges
                ? 'One judge: keeps the best answers'
                : strategy === 'council'
                  ? `Council · ${agents.length} ${agents.length === 1 ? 'ranker' : 'rankers'}, Borda count`
                  : strategy === 'sliding-window'
                    ? 'One aggregator: reads the answers a window at a time'
                    : `${layer === 0 ? 'Proposers' : 'Refiners'} · ${agents.length} ${agents.length === 1 ? 'agent' : 'agents'}`}
          </p>
          {layer > 0 && <StrategySelect layer={layer} />}
          {judges && <TopKSettings layer={layer} final={final} />}
          {layer > 0 && strategy === 'sliding-window' && <WindowSettings layer={layer} />}
          {layer > 0 && strategy === 'council' && <CouncilSettings layer={layer} />}
        </div>
        <span className="ml-auto" />
        {!final && (
          <>
            <IconButton label={`Duplicate layer ${layer + 1}`} disabledReason={duplicateReason} onClick={() => store.getState().apply({ type: 'duplicate-layer', layer })}>
              <CopyIcon />
            </IconButton>
            <IconButton label={`Remove layer ${layer + 1}`} disabledReason={removeReason} tone="danger" onClick={() => store.getState().apply({ type: 'remove-layer', layer })}>
              <TrashIcon />
            </IconButton>
          </>
        )}
      </header>

      <SortableContext id={`layer-${layer}`} items={ids} strategy={verticalListSortingStrategy}>
        <div className="flex flex-col gap-2">
          {agents.map((agent, index) => (
            <AgentCard key={agent.id} layer={layer} index={index} layers={layers} agent={agent as AgentConfig & { id: string }} dropHint={hintFor(index)} />
          ))}
        </div>
      </SortableContext>

      {/* The end of the column takes drops (append, or swap in the final layer) and holds "Add agent". */}
      <div
        ref={setNodeRef}
        className={`mt-2 flex min-h-12 flex-1 flex-col justify-start rounded-lg ${isOver || appendHere ? 'outline-2 outline-dashed outline-indigo-400' : ''}`}
        data-testid="layer-end"
      >
        {final ? (
          <p className="px-1 text-[11px] leading-snug text-zinc-600 dark:text-zinc-400">
            The final layer always holds one agent: it writes the final answer. Drag another agent here to swap it in.
          </p>
        ) : (
          <button
            type="button"
            aria-disabled={addReason ? true : undefined}
            title={addReason ? `Add an agent: not possible. ${addReason}` : undefined}
            onClick={() => !addReason && store.getState().apply({ type: 'add-agent', layer })}
            className="flex w-full items-center justify-center gap-1 rounded-lg border border-dashed border-zinc-300 py-1.5 text-xs text-zinc-600 hover:border-indigo-400 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-400 dark:hover:text-indigo-300"
            aria-label={`Add agent to layer ${layer + 1}`}
            data-testid="add-agent"
          >
            <PlusIcon /> Add agent
          </button>
        )}
      </div>
    </section>
  );
}
