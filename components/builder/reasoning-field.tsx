'use client';

import { useId } from 'react';
import type { AgentPatch } from '@/lib/builder/board';
import { REASONING_LEVELS, type AgentConfig, type ReasoningLevel } from '@/lib/moa/config';
import type { ModelInfo } from '@/lib/models/types';

/**
 * An agent's reasoning level. Offered where the catalog says the model reasons, or where nobody
 * can know (self-hosted servers, models newer than the catalog); a model that does not reason
 * says so instead, and says why a run would be refused if the level is still set.
 */
export function ReasoningField({ agent, model, kind, update, name }: {
  agent: AgentConfig;
  /** The model as the server lists it; undefined for an id typed by hand. */
  model: ModelInfo | undefined;
  /** The kind of its provider, known from the provider's other models when this id was typed by hand. */
  kind: ModelInfo['kind'] | undefined;
  update(patch: AgentPatch): string | null;
  name: string;
}) {
  const id = useId();
  const level = agent.reasoning ?? 'off';
  const support = model?.reasoning;
  if (support === false && level === 'off') {
    return (
      <p className="text-[11px] leading-tight text-zinc-500 dark:text-zinc-400" data-testid="reasoning-none">
        <span className="text-[10px] font-medium tracking-wide uppercase">Reasoning</span> — this model does not reason
      </p>
    );
  }
  const note =
    support === false
      ? `${agent.model} does not reason: a run would be refused. Set reasoning to off.`
      : support === undefined && level !== 'off'
        ? kind === 'compatible' || kind === 'local'
          ? 'Up to the server: sent as reasoning_effort.'
          : 'Not in the catalog: up to the provider.'
        : null;
  // The longer why, on hover: servers like vLLM, llama.cpp and Ollama stream reasoning for reasoning models and ignore the effort otherwise.
  const noteTitle =
    support === undefined && (kind === 'compatible' || kind === 'local')
      ? 'OpenAI-compatible servers (vLLM, llama.cpp, Ollama, LM Studio) stream reasoning for models that reason; others ignore the setting.'
      : undefined;
  return (
    <div>
      <div className="flex items-center gap-2">
        <label htmlFor={id} className="text-[10px] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
          Reasoning<span className="sr-only"> of {name}</span>
        </label>
        <select
          id={id}
          value={level}
          onChange={(e) => update({ reasoning: e.target.value as ReasoningLevel })}
          aria-invalid={support === false || undefined}
          aria-describedby={note ? `${id}-note` : undefined}
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1 py-0.5 text-xs text-zinc-900 focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none aria-invalid:border-amber-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
          data-testid="field-reasoning"
        >
          {REASONING_LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </div>
      {note && (
        <p
          id={`${id}-note`}
          className={`mt-0.5 text-[11px] leading-tight ${support === false ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-500 dark:text-zinc-400'}`}
          data-testid={support === false ? 'reasoning-unsupported' : 'reasoning-note'}
          title={noteTitle}
        >
          {note}
        </p>
      )}
    </div>
  );
}
