'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { createFrameBatcher } from '@/lib/browser/frame-batcher';
import { formatMs } from '@/lib/format';
import { callsPerRun, modelsOf } from '@/lib/moa/config';
import type { RunEvent } from '@/lib/moa/events';
import { PRESETS } from '@/lib/moa/presets';
import { reduceEvents, type RunView } from '@/lib/run-view';
import { startReplay, type Replay } from '@/lib/browser/replay';
import type { SharedRunMeta } from '@/lib/runs/shared';
import { savedLabel } from '@/lib/configs/ref';
import { runTotalsOf } from '@/lib/runs/totals';
import { ConversationTurns, type EarlierTurn } from '../conversation-turns';
import { FinalAnswer } from '../final-answer';
import { MarkdownRendererProvider } from '../markdown';
import MarkdownView from '../markdown-view';
import { RunGrid } from '../run-grid';
import { RunViewProvider } from '../run-view-context';
import { StatusPill } from '../status-pill';
import { headerButtonClass, ShareMenu } from './share-menu';
import { SharedPage } from './shared-page';
import { fetchJson } from '@/lib/browser/fetch-api';
import { streamRunEvents } from '@/lib/browser/run-stream';

const SPEEDS = [1, 2, 10] as const;
type Mode = 'stored' | 'live' | 'replay';

/**
 * A stored run, read-only: the same grid and final answer as the live view, fed from the
 * stored events. A run still streaming is followed live; Replay re-streams a run at its
 * recorded timing.
 */
export function SharedRun({ run, initialView, lastSeq }: { run: SharedRunMeta; initialView: RunView; lastSeq: number }) {
  const [view, setView] = useState(initialView);
  const [mode, setMode] = useState<Mode>(initialView.status === 'running' ? 'live' : 'stored');
  const [liveError, setLiveError] = useState<string | null>(null);
  const finalView = useRef(initialView);

  // Follow a run that is still streaming, from the last event the page was rendered with.
  useEffect(() => {
    if (initialView.status !== 'running') return;
    const controller = new AbortController();
    (async () => {
      try {
        await streamRunEvents(`/api/runs/${run.id}/stream?after=${lastSeq}`, { signal: controller.signal }, (batch) => {
          if (!controller.signal.aborted) setView((v) => (finalView.current = reduceEvents(batch, v)));
        });
        setMode('stored');
      } catch (error) {
        if (!controller.signal.aborted) setLiveError(`Lost the live stream: ${error instanceof Error ? error.message : String(error)}. Reload to catch up.`);
      }
    })();
    return () => controller.abort();
  }, [run.id, lastSeq, initialView.status]);

  const preset = PRESETS.find((p) => p.id === run.presetId)?.label;
  const config = view.config ?? initialView.config;
  // Per run, as the prompt bar counts them: a sliding window's steps and a chairman each count.
  const calls = config ? callsPerRun(config) : 0;
  const layers = config?.layers.length ?? 0;
  const models = config ? modelsOf(config) : [];
  const created = new Date(run.createdAt);
  // Each earlier turn from its own row (with its link); from the history the agents got if those rows are gone.
  const history = initialView.history ?? [];
  const earlier: EarlierTurn[] = run.earlierTurns.length
    ? run.earlierTurns
    : Array.from({ length: Math.floor(history.length / 2) }, (_, i) => ({ prompt: history[2 * i].content, finalText: history[2 * i + 1].content }));

  return (
    <MarkdownRendererProvider value={MarkdownView}>
      <SharedPage newHref="/" newLabel="New run">
        <ConversationTurns turns={earlier} current={view.status === 'running' ? undefined : runTotalsOf(view)} />
        <section aria-labelledby="shared-run-title" className="rounded-xl border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h1 id="shared-run-title" className="flex items-baseline gap-2 text-xs font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
            {earlier.length ? `Shared conversation · turn ${earlier.length + 1}` : 'Shared run'}
            <time dateTime={run.createdAt} className="font-normal tracking-normal normal-case" suppressHydrationWarning>
              {created.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })} UTC
            </time>
          </h1>
          <p className="mt-1 max-h-40 overflow-y-auto px-1 text-sm whitespace-pre-wrap" data-testid="shared-prompt">
            {run.prompt}
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-zinc-100 pt-2 text-xs text-zinc-500 dark:border-zinc-800">
            <StatusPill status={view.status === 'idle' ? 'running' : view.status} />
            <span data-testid="shared-shape">
              {run.savedConfig ? `Saved config ${savedLabel(run.savedConfig)} · ` : preset ? `${preset} · ` : ''}
              {layers} {layers === 1 ? 'layer' : 'layers'} · {calls} {calls === 1 ? 'call' : 'calls'}
            </span>
            <span className="hidden truncate font-mono lg:inline" title={models.join(', ')}>
              {models.slice(0, 3).join(', ')}
              {models.length > 3 ? ` +${models.length - 3}` : ''}
            </span>
            {mode === 'live' && <span className="text-sky-700 dark:text-sky-300">Following live…</span>}
            <span className="ml-auto" />
            <ReplayControls runId={run.id} disabled={mode === 'live'} onMode={setMode} onView={setView} finalView={finalView} />
            <a href={`/?fork=${run.id}`} className={headerButtonClass} title="Open this configuration and prompt in the builder" data-testid="fork-button">
              <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
                <path d="M6 3a2 2 0 0 0-.75 3.85v6.3a2 2 0 1 0 1.5 0v-1.4c0-.69.56-1.25 1.25-1.25h4a2.75 2.75 0 0 0 2.75-2.75V6.85a2 2 0 1 0-1.5 0v.9c0 .69-.56 1.25-1.25 1.25H8c-.45 0-.87.1-1.25.29V6.85A2 2 0 0 0 6 3Z" />
              </svg>
              Fork
            </a>
            <ShareMenu runId={run.id} />
          </div>
          {liveError && (
            <p role="alert" className="mt-2 text-xs text-red-600 dark:text-red-400">
              {liveError}
            </p>
          )}
        </section>
        <RunViewProvider view={view}>
          <div className="grid flex-1 grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,1fr)_400px]">
            {(view.config ?? initialView.config) && <RunGrid config={(view.config ?? initialView.config)!} />}
            <div className="lg:sticky lg:top-4">
              <FinalAnswer />
            </div>
          </div>
        </RunViewProvider>
      </SharedPage>
    </MarkdownRendererProvider>
  );
}

function ReplayControls({
  runId,
  disabled,
  onMode,
  onView,
  finalView,
}: {
  runId: string;
  disabled: boolean;
  onMode: (mode: Mode) => void;
  onView: (update: RunView | ((v: RunView) => RunView)) => void;
  finalView: React.RefObject<RunView>;
}) {
  const [speed, setSpeed] = useState<number>(1);
  const [state, setState] = useState<'idle' | 'loading' | 'playing'>('idle');
  const [progress, setProgress] = useState({ at: 0, total: 0 });
  const [error, setError] = useState<string | null>(null);
  const replay = useRef<Replay | null>(null);
  const events = useRef<RunEvent[] | null>(null);

  const stop = useCallback(
    (showFinal: boolean) => {
      replay.current?.stop();
      replay.current = null;
      setState('idle');
      onMode('stored');
      if (showFinal) onView(finalView.current);
    },
    [onMode, onView, finalView],
  );

  useEffect(() => () => replay.current?.stop(), []);

  // The progress readout ticks a few times a second, not on every event.
  useEffect(() => {
    if (state !== 'playing') return;
    const timer = setInterval(() => replay.current && setProgress((p) => ({ ...p, at: replay.current!.position() })), 200);
    return () => clearInterval(timer);
  }, [state]);

  const play = async () => {
    setError(null);
    try {
      if (!events.current) {
        setState('loading');
        const body = await fetchJson<{ events: RunEvent[] }>(`/api/runs/${runId}/events`);
        events.current = body.events;
        finalView.current = reduceEvents(events.current);
      }
      const all = events.current;
      onMode('replay');
      onView(reduceEvents([]));
      setProgress({ at: 0, total: all.at(-1)?.t ?? 0 });
      setState('playing');
      const batcher = createFrameBatcher<RunEvent>((batch) => onView((v) => reduceEvents(batch, v)));
      replay.current = startReplay(all, {
        speed,
        onEvents: (batch) => batch.forEach(batcher.push),
        onDone: () => {
          batcher.flush();
          replay.current = null;
          setProgress((p) => ({ ...p, at: p.total }));
          stop(true);
        },
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setState('idle');
    }
  };

  const chooseSpeed = (value: number) => {
    setSpeed(value);
    replay.current?.setSpeed(value);
  };

  return (
    <div className="flex items-center gap-2" data-testid="replay-controls">
      {state === 'playing' ? (
        <button type="button" onClick={() => stop(true)} className={headerButtonClass} data-testid="replay-stop">
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
            <rect x="5" y="5" width="10" height="10" rx="1.5" />
          </svg>
          Stop replay
        </button>
      ) : (
        <button type="button" onClick={play} disabled={disabled || state === 'loading'} className={headerButtonClass} title="Stream this run again at its recorded pace" data-testid="replay-button">
          <svg viewBox="0 0 20 20" fill="currentColor" className="size-3.5" aria-hidden>
            <path d="M6.3 2.84A1.5 1.5 0 0 0 4 4.11v11.78a1.5 1.5 0 0 0 2.3 1.27l9.34-5.89a1.5 1.5 0 0 0 0-2.54L6.3 2.84Z" />
          </svg>
          {state === 'loading' ? 'Loading…' : 'Replay'}
        </button>
      )}
      <div role="group" aria-label="Replay speed" className="flex overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-700">
        {SPEEDS.map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={speed === value}
            onClick={() => chooseSpeed(value)}
            className={`px-1.5 py-0.5 font-mono text-[11px] ${speed === value ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`}
            data-testid={`speed-${value}x`}
          >
            {value}×
          </button>
        ))}
      </div>
      {state === 'playing' && (
        <span className="w-28 font-mono text-[11px] tabular-nums" data-testid="replay-progress">
          {formatMs(progress.at)} / {formatMs(progress.total)}
        </span>
      )}
      {error && (
        <span role="alert" className="text-red-600 dark:text-red-400">
          Replay failed: {error}
        </span>
      )}
    </div>
  );
}
