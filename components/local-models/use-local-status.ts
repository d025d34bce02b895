'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { PullEvent } from '@/lib/models/local/pull';
import type { JobEvent } from '@/lib/models/local/pull-job';
import type { LocalStatus } from '@/lib/models/local/status';
import { fetchApi, fetchJson } from '@/lib/browser/fetch-api';

export type PullView = {
  running: boolean;
  /** Latest event per file. */
  files: Record<string, PullEvent>;
  error?: { message: string; offline: boolean };
  finished?: { ok: boolean; cancelled?: boolean };
};

const idle: PullView = { running: false, files: {} };

/** The server's local-model status while the panel is open, and the download's live progress. */
export function useLocalStatus(open: boolean) {
  const [status, setStatus] = useState<LocalStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pull, setPull] = useState<PullView>(idle);
  const following = useRef(false);

  const refresh = useCallback(async () => {
    try {
      setStatus(await fetchJson<LocalStatus>('/api/local-models', { cache: 'no-store' }));
      setLoadError(null);
    } catch (error) {
      setLoadError(`Could not read the local models (${error instanceof Error ? error.message : String(error)}).`);
    }
  }, []);

  const apply = (event: JobEvent) =>
    setPull((view) => {
      if (event.type === 'finished') return { ...view, running: false, finished: { ok: event.ok, cancelled: event.cancelled } };
      const next: PullView = { ...view, running: true, files: event.file ? { ...view.files, [event.file]: event } : view.files };
      if (event.type === 'error') next.error = { message: event.message, offline: event.offline };
      return next;
    });

  /** Starts (or joins) the server's download and follows it to the end. */
  const follow = useCallback(
    async (files?: string[]) => {
      if (following.current) return;
      following.current = true;
      setPull({ ...idle, running: true });
      try {
        const response = await fetchApi('/api/local-models/pull', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(files ? { files } : {}),
        });
        if (!response.body) throw new Error('the server answered without a stream');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) if (line.trim()) apply(JSON.parse(line) as JobEvent);
        }
      } catch (error) {
        setPull((view) => ({ ...view, running: false, error: { message: `The download stopped: ${error instanceof Error ? error.message : String(error)}`, offline: false } }));
      } finally {
        following.current = false;
        setPull((view) => (view.running ? { ...view, running: false } : view));
        void refresh();
      }
    },
    [refresh],
  );

  const cancel = useCallback(
    () =>
      void fetchApi('/api/local-models/pull', { method: 'DELETE' }).catch((error: unknown) =>
        setPull((view) => ({ ...view, error: { message: `Could not cancel: ${error instanceof Error ? error.message : String(error)}`, offline: false } })),
      ),
    [],
  );

  useEffect(() => {
    if (open) void refresh();
  }, [open, refresh]);

  // A download already running on the server (started elsewhere): follow it.
  useEffect(() => {
    if (open && status?.pull.running && !following.current) void follow();
  }, [open, status?.pull.running, follow]);

  // Files are checked in the background: look again until every one has a verdict.
  const checking = status?.files.some((f) => f.status === 'checking');
  useEffect(() => {
    if (!open || !checking) return;
    const timer = setTimeout(() => void refresh(), 1500);
    return () => clearTimeout(timer);
  }, [open, checking, status, refresh]);

  return { status, loadError, pull, refresh, download: follow, cancel };
}
