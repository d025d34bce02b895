'use client';

import { useEffect, useState } from 'react';
import { sameConfig } from '@/lib/builder/board';
import { moaConfigSchema } from '@/lib/moa/config';
import { buildPreset, PRESETS, type PresetId } from '@/lib/moa/presets';
import { useConfigStoreApi } from '@/lib/stores/config-store';
import { useRunStore } from '@/lib/stores/run-store';
import { fetchJson } from '@/lib/browser/fetch-api';
import { savedLabel } from '@/lib/configs/ref';

/**
 * Fork: `/?fork=<runId>` loads that run's configuration and prompt into the builder, then
 * drops the query so a reload does not fork again.
 */
export function ForkLoader() {
  const store = useConfigStoreApi();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    const url = new URL(window.location.href);
    const runId = url.searchParams.get('fork');
    if (!runId) return;
    url.searchParams.delete('fork');
    window.history.replaceState(window.history.state, '', url);
    const controller = new AbortController();
    (async () => {
      try {
        const body = await fetchJson<{
          run: {
            config: unknown;
            prompt: string;
            presetId: string | null;
            mine: boolean;
            configVersionId: string | null;
            savedConfig: { slug: string; name: string; version: number } | null;
            turn: number;
            conversationId: string | null;
          };
        }>(`/api/runs/${encodeURIComponent(runId)}`, { signal: controller.signal });
        const config = moaConfigSchema.parse(body.run.config);
        const { models } = store.getState();
        const presetId = PRESETS.some((p) => p.id === body.run.presetId) ? (body.run.presetId as PresetId) : null;
        // Still "the preset" only if the preset builds the very same board on this server (the
        // builder's card ids aside: runs started from the board carry them).
        const samePreset = presetId && sameConfig(buildPreset(presetId, models), config);
        // The run's saved config version is the board only for its owner; for others it is a copy.
        const { savedConfig, configVersionId } = body.run;
        const saved = body.run.mine && savedConfig && configVersionId ? { ...savedConfig, versionId: configVersionId, edited: false } : null;
        store.setState({ config, prompt: body.run.prompt, presetId: samePreset ? presetId : null, saved });
        const board = `the board${saved ? ` (saved config ${savedLabel(saved)})` : ''}`;
        if (body.run.conversationId) {
          // A conversation's turn: the turns up to it too, so Follow up continues it as a branch of one's own.
          await useRunStore.getState().restore(runId);
          setNotice({ kind: 'ok', text: `Forked the conversation at turn ${body.run.turn}: its turns and ${board} are loaded. Follow up continues it as your own branch.` });
        } else setNotice({ kind: 'ok', text: `Forked: ${board} and prompt of the shared run are loaded. Edit and run.` });
      } catch (error) {
        if (controller.signal.aborted) return;
        setNotice({ kind: 'error', text: `Could not fork that run: ${error instanceof Error ? error.message : String(error)}` });
      }
    })();
    return () => controller.abort();
  }, [store]);

  if (!notice) return null;
  return (
    <div
      role={notice.kind === 'error' ? 'alert' : 'status'}
      className={`flex items-center gap-3 rounded-lg border px-4 py-2 text-sm ${
        notice.kind === 'error'
          ? 'border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200'
          : 'border-indigo-200 bg-indigo-50 text-indigo-900 dark:border-indigo-900 dark:bg-indigo-950 dark:text-indigo-200'
      }`}
      data-testid="fork-notice"
    >
      <span>{notice.text}</span>
      <button type="button" onClick={() => setNotice(null)} className="ml-auto text-xs underline" aria-label="Dismiss">
        Dismiss
      </button>
    </div>
  );
}
