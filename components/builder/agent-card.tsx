'use client';

import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { memo, useId, useState } from 'react';
import { roleOf, type AgentPatch } from '@/lib/builder/board';
import { agentSchema, LIMITS, type AgentConfig } from '@/lib/moa/config';
import { splitModelId } from '@/lib/models/types';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { fieldIssue, useCheck } from './hooks';
import { CopyIcon, GripIcon, TrashIcon } from './icons';
import { ModelFacts, useModelPicker } from './model-picker';
import { NumberField } from './number-field';
import { ReasoningField, ReasoningNote } from './reasoning-field';
import { IconButton } from './ui';

const ROLE_TEXT = {
  proposer: { label: 'Proposer', help: 'Answers the prompt on its own.' },
  refiner: { label: 'Refiner', help: 'Reads every answer of the previous layer and writes a better one.' },
  aggregator: { label: 'Aggregator', help: 'Synthesises the previous layer’s answers into the final answer.' },
  judge: { label: 'Judge', help: 'Scores the previous layer’s answers; only the k best go on, as they were written.' },
  ranker: { label: 'Ranker', help: 'Ranks all the previous layer’s answers, shown anonymously; a Borda count of the rankings goes to the chairman with the answers.' },
} as const;

// Input bounds come from the schema itself, so the board and the server agree.
const fields = agentSchema.shape;
const temperatureBounds = fields.temperature.unwrap();
const topPBounds = fields.topP.unwrap();
const maxTokensBounds = fields.maxOutputTokens.unwrap();

type Props = { layer: number; index: number; layers: number; agent: AgentConfig & { id: string }; dropHint?: 'before' | 'swap' | null };

/** One agent on the board: its model and sampling settings; its role follows from its place. */
export const AgentCard = memo(function AgentCard({ layer, index, layers, agent, dropHint }: Props) {
  const store = useConfigStoreApi();
  const models = useConfig((s) => s.models);
  const openPicker = useModelPicker();
  const [showSystem, setShowSystem] = useState(!!agent.systemPrompt);
  const strategy = useConfig((s) => s.config.layers[layer]?.strategy);
  const role = roleOf(layer, layers, strategy);
  const final = layer === layers - 1;
  // A judge or the aggregator is the only agent of its layer: no number.
  const alone = final || role === 'judge';
  const name = role === 'judge' ? `Judge of layer ${layer + 1}` : final ? 'Aggregator' : `${ROLE_TEXT[role].label} ${index + 1} of layer ${layer + 1}`;
  const headingId = useId();

  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: agent.id,
    data: { layer, index },
  });

  const model = models.find((m) => m.id === agent.model);
  const provider = splitModelId(agent.model).provider;
  const unavailable = !model && !models.some((m) => m.provider === provider && provider !== 'offline');
  const kind = model?.kind ?? models.find((m) => m.provider === provider)?.kind;

  /** Applies a change to this agent; returns the schema's reason when refused. */
  const update = (patch: AgentPatch): string | null => {
    const result = store.getState().apply({ type: 'update-agent', layer, index, patch });
    return result.ok ? null : fieldIssue(result.issues, layer, index, Object.keys(patch)[0]);
  };

  const duplicateReason = useCheck({ type: 'duplicate-agent', layer, index });
  const removeReason = useCheck({ type: 'remove-agent', layer, index });

  return (
    <article
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      aria-labelledby={headingId}
      data-testid="builder-agent"
      data-layer={layer + 1}
      data-agent={index + 1}
      data-model={agent.model}
      className={`relative rounded-lg border bg-white shadow-xs dark:bg-zinc-900 ${
        final ? 'border-indigo-300 dark:border-indigo-800' : 'border-zinc-200 dark:border-zinc-800'
      } ${isDragging ? 'opacity-40' : ''} ${dropHint === 'swap' ? 'ring-2 ring-indigo-500' : ''}`}
    >
      {dropHint === 'before' && <div className="absolute -top-1.5 right-1 left-1 h-0.5 rounded bg-indigo-500" aria-hidden />}
      {dropHint === 'swap' && (
        <div className="absolute inset-x-0 -top-3 mx-auto w-fit rounded bg-indigo-600 px-1.5 text-[10px] font-medium text-white" aria-hidden>
          swap with aggregator
        </div>
      )}
      <header className="flex items-center gap-1 px-2 pt-1.5">
        <button
          ref={setActivatorNodeRef}
          type="button"
          {...attributes}
          {...listeners}
          aria-label={`Move ${name}`}
          className="-ml-0.5 cursor-grab touch-none rounded p-0.5 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-indigo-500 active:cursor-grabbing dark:text-zinc-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          data-testid="drag-handle"
        >
          <GripIcon />
        </button>
        <h4 id={headingId} className="text-xs font-medium" title={ROLE_TEXT[role].help}>
          <span className={final ? 'text-indigo-700 dark:text-indigo-300' : 'text-zinc-700 dark:text-zinc-300'}>{ROLE_TEXT[role].label}</span>
          {!alone && <span className="ml-1 text-zinc-400 dark:text-zinc-500">{index + 1}</span>}
          <span className="sr-only"> of layer {layer + 1}</span>
        </h4>
        <span className="ml-auto" />
        {!final && (
          <>
            <IconButton label={`Duplicate ${name}`} disabledReason={duplicateReason} onClick={() => store.getState().apply({ type: 'duplicate-agent', layer, index })}>
              <CopyIcon />
            </IconButton>
            <IconButton label={`Remove ${name}`} disabledReason={removeReason} onClick={() => store.getState().apply({ type: 'remove-agent', layer, index })} tone="danger">
              <TrashIcon />
            </IconButton>
          </>
        )}
      </header>

      <div className="space-y-1.5 px-2.5 pt-0.5 pb-2">
        <button
          type="button"
          onClick={() => openPicker({ title: `Model for ${name.toLowerCase()}`, current: agent.model, onPick: (id) => update({ model: id }) })}
          className="block w-full rounded-md border border-zinc-200 px-2 py-0.5 text-left hover:border-zinc-400 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:hover:border-zinc-500"
          data-testid="model-button"
        >
          <span className="sr-only">Model of {name}: </span>
          <span className="block truncate font-mono text-xs text-zinc-900 dark:text-zinc-100">{agent.model}</span>{' '}
          <span className="block truncate text-[10px] text-zinc-500 dark:text-zinc-400">
            <ModelFacts model={model} />
          </span>
        </button>
        {unavailable && (
          <p className="text-[11px] leading-tight text-amber-700 dark:text-amber-400" data-testid="model-unavailable">
            “{provider}” is not configured on this server: a run would be refused.
          </p>
        )}

        <div className="grid grid-cols-3 gap-1.5">
          <NumberFieldFor label="Temp" name="temperature" value={agent.temperature} update={update} min={temperatureBounds.minValue} max={temperatureBounds.maxValue} step={0.1} />
          <NumberFieldFor label="Top-p" name="topP" value={agent.topP} update={update} max={topPBounds.maxValue} step={0.05} placeholder="auto" optional />
          <NumberFieldFor label="Max out" name="maxOutputTokens" value={agent.maxOutputTokens} update={update} min={maxTokensBounds.minValue} max={maxTokensBounds.maxValue} step={1} />
        </div>

        <div>
          <div className="flex items-center gap-x-2">
            <button
              type="button"
              aria-expanded={showSystem}
              onClick={() => setShowSystem((v) => !v)}
              className="shrink-0 text-[11px] whitespace-nowrap text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            >
              {/* "System" on screen, so the reasoning select beside it has room to show its level. */}
              {showSystem ? '▾' : '▸'} System<span className="sr-only"> prompt</span>
              {!showSystem && agent.systemPrompt ? ' (set)' : ''}
            </button>
            <ReasoningField agent={agent} model={model} kind={kind} update={update} name={name} />
          </div>
          <ReasoningNote agent={agent} model={model} kind={kind} />
          {showSystem && <SystemPrompt value={agent.systemPrompt ?? ''} update={update} name={name} />}
        </div>
      </div>
    </article>
  );
});


function NumberFieldFor({
  label,
  name,
  value,
  update,
  ...rest
}: {
  label: string;
  name: 'temperature' | 'topP' | 'maxOutputTokens';
  value: number | undefined;
  update(patch: AgentPatch): string | null;
  min?: number | null;
  max?: number | null;
  step: number;
  placeholder?: string;
  optional?: boolean;
}) {
  return (
    <NumberField
      label={label}
      value={value}
      onCommit={(v) => update({ [name]: v })}
      min={rest.min ?? undefined}
      max={rest.max ?? undefined}
      step={rest.step}
      placeholder={rest.placeholder}
      optional={rest.optional}
      testId={`field-${name}`}
    />
  );
}

function SystemPrompt({ value, update, name }: { value: string; update(patch: AgentPatch): string | null; name: string }) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  // Follow outside changes (undo) in the same render.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
    setError(null);
  }
  return (
    <div className="mt-1">
      <label htmlFor={id} className="sr-only">
        System prompt of {name}
      </label>
      <textarea
        id={id}
        value={draft}
        rows={3}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(update({ systemPrompt: e.target.value }));
        }}
        placeholder="Optional instructions for this agent"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-count${error ? ` ${id}-error` : ''}`}
        className="block w-full resize-y rounded border border-zinc-300 bg-white px-1.5 py-1 text-xs text-zinc-900 placeholder:text-zinc-400 focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none aria-invalid:border-red-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100 dark:placeholder:text-zinc-500"
      />
      <p id={`${id}-count`} className="mt-0.5 text-right text-[10px] text-zinc-500 tabular-nums dark:text-zinc-400">
        {draft.length.toLocaleString('en-US')} / {LIMITS.maxSystemPromptChars.toLocaleString('en-US')}
      </p>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-[11px] text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
