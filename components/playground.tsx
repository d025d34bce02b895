'use client';

import { useEffect, useRef, useState } from 'react';
import type { ModelInfo } from '@/lib/models/types';
import { ConfigStoreProvider, useConfig, useConfigStoreApi } from '@/lib/stores/config-store';
import { conversationTurns, useRunStore } from '@/lib/stores/run-store';
import { runTotalsOf } from '@/lib/runs/totals';
import { useKeptConversation } from '@/lib/browser/kept-conversation';
import { AppHeader } from './app-header';
import { HeaderLink } from './header-link';
import { Builder } from './builder/builder';
import { ConversationTurns } from './conversation-turns';
import { FinalAnswer } from './final-answer';
import { MainTabs } from './main-tabs';
import { preloadMarkdown } from './markdown';
import { RunMetrics } from './metrics/run-metrics';
import { LocalModelsButton } from './local-models/local-models-button';
import { PromptBar } from './prompt-bar';
import { RequestError } from './request-error';
import { RunGrid } from './run-grid';
import { RunViewProvider } from './run-view-context';
import { usePageShortcuts } from './use-page-shortcuts';
import { ForkLoader } from './runs/fork-loader';
import { HistoryButton } from './runs/history-drawer';
import { LiveShareMenu } from './runs/share-menu';

export function Playground({ models }: { models: ModelInfo[] }) {
  return (
    <ConfigStoreProvider models={models}>
      <PlaygroundLayout offlineOnly={models.every((m) => m.kind === 'offline' || m.unavailable)} />
    </ConfigStoreProvider>
  );
}

const RUN_STOP = { running: () => useRunStore.getState().running, stop: () => useRunStore.getState().stop() };

function PlaygroundLayout({ offlineOnly }: { offlineOnly: boolean }) {
  const configStore = useConfigStoreApi();
  const promptBox = useRef<HTMLTextAreaElement>(null);
  // The conversation turn being edited (0-based): the next Resend makes a branch before it.
  const [editing, setEditing] = useState<number | null>(null);

  /** A new conversation, or with `keep` a turn after the first `keep` turns of this one. */
  const start = (keep?: number) => {
    const { config, prompt, presetId, saved } = configStore.getState();
    if (!prompt.trim() || useRunStore.getState().running) return;
    preloadMarkdown(); // at the latest now: finished cells render Markdown
    setEditing(null);
    void useRunStore.getState().start(config, prompt, {
      presetId,
      configVersionId: saved && !saved.edited ? saved.versionId : undefined,
      conversation: keep === undefined ? undefined : { keep },
    });
  };
  const run = () => start();
  const followUp = () => start(editing ?? conversationTurns(useRunStore.getState()).length);
  const edit = (index: number) => {
    configStore.getState().setPrompt(conversationTurns(useRunStore.getState())[index].prompt);
    setEditing(index);
    promptBox.current?.focus();
  };

  // What a run needs but the first paint does not (the stream parser, the Markdown renderer):
  // fetched once the page is idle, so a run's start does not wait for it.
  useEffect(() => {
    const preload = () => {
      preloadMarkdown();
      void import('@/lib/browser/read-stream');
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(preload, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(preload, 1000);
    return () => clearTimeout(timer);
  }, []);

  usePageShortcuts(promptBox, RUN_STOP);
  useKeptConversation();

  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader offlineOnly={offlineOnly}>
        <HeaderLink href="/compare" title="Run one prompt through a single model and your MoA side by side" testId="compare-link">
          Compare
        </HeaderLink>
        <HeaderLink href="/evals" title="Measure configurations over a whole prompt set: win rates, cost, the Pareto front" testId="evals-link">
          Evaluations
        </HeaderLink>
        <HeaderLink href="/developers" title="Call your MoAs from code: an OpenAI-compatible API, keys and snippets" testId="api-link">
          API
        </HeaderLink>
        <HistoryButton />
        <LiveShareMenu />
        <LocalModelsButton />
      </AppHeader>
      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col gap-4 p-4">
        <PromptBar ref={promptBox} onRun={run} onFollowUp={followUp} editing={editing} onCancelEdit={() => setEditing(null)} />
        <RequestError />
        <ForkLoader />
        <LiveConversation onEdit={edit} />
        <div className="grid flex-1 grid-cols-1 items-start gap-4 lg:grid-cols-[minmax(0,1fr)_400px]">
          <MainTabs
            graph={(active) => <Builder active={active} />}
            run={
              <div className="flex min-w-0 flex-col gap-6">
                <RunGridForConfig />
                <RunMetrics />
              </div>
            }
          />
          <div className="lg:sticky lg:top-4">
            <FinalAnswer />
          </div>
        </div>
      </main>
    </div>
  );
}

/** The conversation's earlier turns on the page, each with its grid a click away. */
function LiveConversation({ onEdit }: { onEdit: (index: number) => void }) {
  const turns = useRunStore((s) => s.turns);
  // The shown turn counts in the totals once it ended (not on every streamed delta).
  const ended = useRunStore((s) => (s.view.status === 'running' || s.view.status === 'idle' ? null : s.view));
  return (
    <ConversationTurns
      turns={turns.map((t) => ({ runId: t.runId, prompt: t.prompt, finalText: t.finalText ?? '', totals: runTotalsOf(t) }))}
      current={ended ? runTotalsOf(ended) : undefined}
      onEdit={onEdit}
      gridOf={(i) => (
        <RunViewProvider view={turns[i]}>
          <RunGrid config={turns[i].config!} idPrefix={`turn-${i}-`} />
        </RunViewProvider>
      )}
    />
  );
}

function RunGridForConfig() {
  return <RunGrid config={useConfig((s) => s.config)} />;
}
