'use client';

import { useId } from 'react';
import { resilienceSchema, resolveResilience, type Resilience } from '@/lib/moa/config';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { NumberField } from './number-field';
import { buttonClass } from './ui';

const DEFAULTS = resolveResilience();
// Bounds come from the schema, so the board and the server agree.
const bounds = (field: keyof Resilience) => {
  const schema = resilienceSchema.shape[field].unwrap();
  return 'minValue' in schema ? { min: schema.minValue ?? undefined, max: schema.maxValue ?? undefined } : {};
};
type NumberKey = Exclude<keyof Resilience, 'earlyAggregation'>;

const seconds = (ms: number) => (ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

/** One line for the whole setting, so a glance tells what a run will do. */
function summary(r: Resilience): string {
  return [
    r.maxRetries === 0 ? 'no retries' : `${r.maxRetries} ${r.maxRetries === 1 ? 'retry' : 'retries'}`,
    `first token within ${seconds(r.firstTokenTimeoutMs)}`,
    `call within ${seconds(r.callTimeoutMs)}`,
    `quorum ${r.quorum}`,
    r.earlyAggregation ? `stragglers stopped after ${seconds(r.graceMs)}` : 'waits for every agent',
  ].join(' · ');
}

/** How a run copes with slow and failing providers: retries, timeouts, quorum, early aggregation. */
export function ResilienceSettings() {
  const store = useConfigStoreApi();
  const stored = useConfig((s) => s.config.resilience);
  const r = stored ?? DEFAULTS;

  /** Applies a change; returns the schema's reason when refused. */
  const update = (patch: Partial<Resilience>): string | null => {
    const result = store.getState().apply({ type: 'set-resilience', patch });
    if (result.ok) return null;
    const field = Object.keys(patch)[0];
    return result.issues.find((i) => i.path[0] === 'resilience' && i.path[1] === field)?.raw ?? result.reason;
  };

  /** A field shown in seconds and stored in milliseconds. */
  const secondsField = (field: NumberKey, label: string, disabled?: boolean) => {
    const { min, max } = bounds(field);
    return (
      <NumberField
        label={label}
        value={r[field] / 1000}
        onCommit={(s) => update({ [field]: Math.round(s! * 1000) })}
        min={min === undefined ? undefined : min / 1000}
        max={max === undefined ? undefined : max / 1000}
        step={1}
        disabled={disabled}
        testId={`resilience-${field}`}
      />
    );
  };
  const countField = (field: 'maxRetries' | 'quorum', label: string) => (
    <NumberField label={label} value={r[field]} onCommit={(n) => update({ [field]: n })} {...bounds(field)} step={1} testId={`resilience-${field}`} />
  );

  return (
    <section aria-labelledby="resilience-heading" data-testid="resilience-settings">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <h3 id="resilience-heading" className="text-xs font-semibold tracking-wide text-zinc-900 uppercase dark:text-zinc-100">
          Resilience
        </h3>
        <span className="min-w-0 text-[11px] text-zinc-500 dark:text-zinc-400" data-testid="resilience-summary">
          {summary(r)}
          {!stored && ' (defaults)'}
        </span>
        <span className="ml-auto" />
        <button type="button" className={buttonClass} disabled={!stored} onClick={() => update(DEFAULTS)} data-testid="reset-resilience">
          Reset to defaults
        </button>
      </div>
      <div className="mt-1 divide-y divide-zinc-100 dark:divide-zinc-800">
        <Group title="Retries" help="Only before any text has streamed, after a 429, 5xx or dropped connection; a provider’s retry-after is honoured.">
          {countField('maxRetries', 'Retries')}
          {secondsField('retryBaseDelayMs', 'First wait (s)')}
          {secondsField('maxRetryDelayMs', 'Longest wait (s)')}
        </Group>
        <Group title="Timeouts" help="First token: per attempt. Whole call: per agent, retries and waits included.">
          {secondsField('firstTokenTimeoutMs', 'First token (s)')}
          {secondsField('callTimeoutMs', 'Whole call (s)')}
          <span className="hidden md:block" />
        </Group>
        <Group title="Layers" help="A layer goes on once its quorum of agents finished; early aggregation stops the rest after the grace period.">
          {countField('quorum', 'Quorum')}
          <label className="flex min-w-0 items-center gap-1.5 self-end pb-1 text-xs text-zinc-700 dark:text-zinc-300">
            <input
              type="checkbox"
              checked={r.earlyAggregation}
              onChange={(e) => update({ earlyAggregation: e.target.checked })}
              className="size-3.5 shrink-0 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-500"
              data-testid="resilience-earlyAggregation"
            />
            Early aggregation
          </label>
          {secondsField('graceMs', 'Grace (s)', !r.earlyAggregation)}
        </Group>
      </div>
    </section>
  );
}

/** One row: a title, three controls and what they do; the controls' errors go below the row. */
function Group({ title, help, children }: { title: string; help: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <div
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-help`}
      className="grid grid-cols-3 items-end gap-x-3 gap-y-1 py-2 md:grid-cols-[4.5rem_repeat(3,8rem)_minmax(0,1fr)]"
    >
      <p id={`${id}-title`} className="col-span-3 self-center text-[11px] font-medium text-zinc-700 md:col-span-1 dark:text-zinc-300">
        {title}
      </p>
      {children}
      <p id={`${id}-help`} className="col-span-3 self-center text-[11px] leading-snug text-zinc-500 md:col-span-1 dark:text-zinc-400">
        {help}
      </p>
    </div>
  );
}
