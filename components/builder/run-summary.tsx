'use client';

import { useDeferredValue, useMemo } from 'react';
import { estimateRun, formatUsd } from '@/lib/builder/estimate';
import { formatTokens } from '@/lib/format';
import { useConfig } from '@/lib/stores/config-store';
import { Figure } from '../figure';

/** What a run of this board costs at most, before anything is spent. */
export function RunSummary() {
  const config = useConfig((s) => s.config);
  const models = useConfig((s) => s.models);
  // The prompt changes on every keystroke; the estimate can trail it by a frame.
  const prompt = useDeferredValue(useConfig((s) => s.prompt));
  const estimate = useMemo(() => estimateRun(config, prompt, models), [config, prompt, models]);
  const unknown = estimate.unknownPrice;

  return (
    <section aria-labelledby="run-summary-heading" className="min-w-0" data-testid="run-summary">
      <h3 id="run-summary-heading" className="text-xs font-semibold tracking-wide text-zinc-900 uppercase dark:text-zinc-100">
        Before you run
      </h3>
      <dl className="mt-1.5 grid grid-cols-3 gap-x-4 gap-y-1.5 text-xs">
        <Figure label="Layers" value={String(estimate.layers)} testId="summary-layers" />
        <Figure label="Calls per run" value={String(estimate.calls)} testId="summary-calls" />
        <Figure label="Max fan-in" value={estimate.maxFanIn ? `${estimate.maxFanIn} answers` : '–'} />
        <Figure label="Prompt tokens" value={`≤ ${formatTokens(estimate.promptTokens)}`} />
        <Figure label="Input tokens" value={`≤ ${formatTokens(estimate.inputTokens)}`} />
        <Figure label="Output tokens" value={`≤ ${formatTokens(estimate.outputTokens)}`} />
        <div className="col-span-3">
          <dt className="text-[10px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400">Cost, at most</dt>
          <dd className="font-mono text-sm tabular-nums" data-testid="summary-cost">
            {unknown.length === estimate.calls ? 'unknown' : estimate.knownCost === 0 && !unknown.length ? '$0' : `≤ ${formatUsd(estimate.knownCost)}`}
            {estimate.knownCost === 0 && !unknown.length && <span className="font-sans text-xs text-zinc-500 dark:text-zinc-400"> · offline simulations are free</span>}
            {unknown.length > 0 && unknown.length < estimate.calls && <span className="font-sans text-xs text-amber-700 dark:text-amber-400"> + unpriced models</span>}
          </dd>
        </div>
      </dl>
      {unknown.length > 0 && (
        <p className="mt-1.5 text-[11px] text-amber-700 dark:text-amber-400">
          Price unknown for {unknown.join(', ')}: {unknown.length === 1 ? 'it is' : 'they are'} not counted.
        </p>
      )}
      {estimate.overflows.length > 0 && (
        <p className="mt-1.5 text-[11px] text-amber-700 dark:text-amber-400" data-testid="summary-overflow">
          {estimate.overflows.length} {estimate.overflows.length === 1 ? 'agent' : 'agents'} may exceed {estimate.overflows.length === 1 ? 'its' : 'their'} model’s context window (
          {estimate.overflows.map((a) => `layer ${a.layer + 1} agent ${a.index + 1}`).join(', ')}).
        </p>
      )}
      <p className="mt-1.5 text-[11px] leading-snug text-zinc-500 dark:text-zinc-400">
        An upper-bound estimate: each agent writes its max output tokens; tokens are counted as UTF-8 bytes, as no tokenizer runs in the browser.
        {!prompt.trim() && ' Type a prompt to include it.'}
      </p>
    </section>
  );
}
