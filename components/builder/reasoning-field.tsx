'use client';

import { useId } from 'react';
import type { AgentPatch } from '@/lib/builder/board';
import { REASONING_LEVELS, type AgentConfig, type ReasoningLevel } from '@/lib/moa/config';
import type { ModelInfo } from '@/lib/models/types';

/**
 * An agent's reasoning level, on the card's last row (beside the system prompt's toggle, so a
 * card is no taller for it). Offered where the catalog says the model reasons, or where nobody
 * can know (self-hosted servers, models newer than the catalog); a model that does not reason
 * says so instead, and a note under the row says why a run would be refused if a level is set.
 */
type Props = {
  agent: AgentConfig;
  /** The model as the server lists it; undefined for an id typed by hand. */
  model: ModelInfo | undefined;
  /** The kind of its provider, known from the provider's other models when this id was typed by hand. */
  kind: ModelInfo['kind'] | undefined;
  update(patch: AgentPatch): string | null;
  name: string;
};

const noteId = (agentId: string | undefined) => `reasoning-note-${agentId ?? 'agent'}`;

export function ReasoningField({ agent, model, update, name }: Props) {
  const id = useId();
  const level = agent.reasoning ?? 'off';
  const support = model?.reasoning;
  if (support === false && level === 'off') {
    return (
      <span className="ml-auto truncate text-[11px] text-zinc-500 dark:text-zinc-400" title="This model does not reason (models.dev catalog)" data-testid="reasoning-none">
        this model does not reason
      </span>
    );
  }
  return (
    // Shrinks (its text cut short) rather than wrapping under the toggle: the card keeps its height.
    <span className="ml-auto min-w-0">
      <label htmlFor={id} className="sr-only">
        Reasoning of {name}
      </label>
      <select
        id={id}
        value={level}
        onChange={(e) => update({ reasoning: e.target.value as ReasoningLevel })}
        aria-invalid={support === false || undefined}
        aria-describedby={noteId(agent.id)}
        className="max-w-full min-w-0 rounded border border-zinc-300 bg-white px-0.5 py-0 text-[11px] text-zinc-900 focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none aria-invalid:border-amber-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
        data-testid="field-reasoning"
      >
        {REASONING_LEVELS.map((l) => (
          <option key={l} value={l}>
            {l === 'off' ? 'no reasoning' : `reasoning ${l}`}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Under the row: why a set level would be refused, or who decides whether it is honoured. */
export function ReasoningNote({ agent, model, kind }: Omit<Props, 'update' | 'name'>) {
  const level = agent.reasoning ?? 'off';
  const support = model?.reasoning;
  const server = kind === 'compatible' || kind === 'local';
  const note =
    support === false && level !== 'off'
      ? `${agent.model} does not reason: a run would be refused. Set reasoning to off.`
      : support === undefined && level !== 'off'
        ? server
          ? 'Up to the server: sent as reasoning_effort.'
          : 'Not in the catalog: up to the provider.'
        : null;
  if (!note) return <span id={noteId(agent.id)} hidden />;
  return (
    <p
      id={noteId(agent.id)}
      className={`mt-0.5 text-[11px] leading-tight ${support === false ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-500 dark:text-zinc-400'}`}
      data-testid={support === false ? 'reasoning-unsupported' : 'reasoning-note'}
      // The longer why, on hover.
      title={support === undefined && server ? 'OpenAI-compatible servers (vLLM, llama.cpp, Ollama, LM Studio) stream reasoning for models that reason; others ignore the setting.' : undefined}
    >
      {note}
    </p>
  );
}
