'use client';

import { layerCaption, roleOf } from '@/lib/builder/board';
import type { MoAConfig } from '@/lib/moa/config';
import { AgentCell } from './agent-cell';
import { CouncilTable } from './council-table';
import { useRunView } from './run-view-context';

/**
 * The layered grid: one band per layer, a cell per agent. Before a run it previews the
 * configuration; during and after a run it shows the run's own layout.
 */
export function RunGrid({ config, idPrefix = '' }: { config: MoAConfig; /** Keeps heading ids unique when several grids share a page. */ idPrefix?: string }) {
  const runLayout = useRunView((v) => v.config);
  const layout = runLayout ?? config;
  const live = !!runLayout;
  const count = layout.layers.length;

  return (
    <div className="flex flex-col gap-5" data-testid="run-grid">
      {layout.layers.map((layer, l) => {
        const role = roleOf(l, count, layer.strategy);
        return (
          <section key={l} aria-labelledby={`${idPrefix}layer-${l}`} data-testid="layer">
            <h2 id={`${idPrefix}layer-${l}`} className="mb-2 flex items-baseline gap-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
              <span className="text-zinc-900 dark:text-zinc-100">Layer {l + 1}</span>
              <span>{layerCaption(role, layer)}</span>
            </h2>
            <div className="grid grid-cols-[repeat(auto-fill,minmax(230px,1fr))] gap-3">
              {layer.agents.map((agent, a) =>
                live ? (
                  <AgentCell key={a} layer={l} agent={a} role={role} />
                ) : (
                  <div
                    key={a}
                    data-testid="agent-placeholder"
                    className="flex h-24 flex-col justify-between rounded-lg border border-dashed border-zinc-300 px-3 py-2 dark:border-zinc-700"
                  >
                    <span className="truncate font-mono text-xs text-zinc-700 dark:text-zinc-300">{agent.model}</span>
                    <span className="text-[11px] text-zinc-400 dark:text-zinc-500">
                      {role} · temp {agent.temperature} · ≤{agent.maxOutputTokens} tokens
                    </span>
                  </div>
                ),
              )}
            </div>
            {live && role === 'ranker' && <CouncilTable layer={l} />}
          </section>
        );
      })}
    </div>
  );
}
