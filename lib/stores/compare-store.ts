'use client';

import { create } from 'zustand';
import type { StoreApi } from 'zustand';
import type { JudgeResponse } from '../compare/judge-request';
import { DEFAULT_JUDGE_INSTRUCTIONS } from '../compare/judge-prompt';
import { configOf, DEFAULT_SOURCES, MAX_PANES, MIN_PANES, nextSource, type PaneSource } from '../compare/panes';
import type { MoAConfig, PricingOverrides } from '../moa/config';
import type { ModelInfo } from '../models/types';
import { ApiError, fetchJson } from '../browser/fetch-api';
import { createRunViewStore, type RunState } from './run-store';

export type PaneJudge =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: JudgeResponse }
  | { status: 'error'; message: string; details?: string[] };

/** One column of a comparison: what it runs, its own run store, and the judge's verdict on it against the baseline. */
export type Pane = { id: string; source: PaneSource; run: StoreApi<RunState>; judge: PaneJudge };

type CompareState = {
  /** The first pane is the baseline. */
  panes: Pane[];
  /** True from Run until every pane (and the judge) is done. */
  running: boolean;
  /** The prompt the panes last ran, which the judge judges them on. */
  ranPrompt: string;
  judgeEnabled: boolean;
  /** null: the board's aggregator model. */
  judgeModel: string | null;
  judgeInstructions: string;
  setSource(id: string, source: PaneSource): void;
  addPane(models: ModelInfo[]): void;
  removePane(id: string): void;
  makeBaseline(id: string): void;
  setJudge(patch: Partial<Pick<CompareState, 'judgeEnabled' | 'judgeModel' | 'judgeInstructions'>>): void;
  /** Runs every pane at once, then (when enabled) the judge. */
  start(board: MoAConfig, models: ModelInfo[], prompt: string): Promise<void>;
  /** Judges every pane's final answer against the baseline's. */
  judge(judgeModel: string, pricing?: PricingOverrides): Promise<void>;
  /** Aborts every pane's run and the judge: every upstream call. */
  stop(): void;
};

let nextId = 0;
const newPane = (source: PaneSource): Pane => ({ id: `pane-${++nextId}`, source, run: createRunViewStore(), judge: { status: 'idle' } });

const clearJudges = (panes: Pane[]) => panes.map((p) => (p.judge.status === 'idle' ? p : { ...p, judge: { status: 'idle' as const } }));

export const useCompareStore = create<CompareState>((set, get) => {
  let judgeController: AbortController | null = null;
  let generation = 0;

  const setPane = (id: string, patch: Partial<Pane>) => set({ panes: get().panes.map((p) => (p.id === id ? { ...p, ...patch } : p)) });

  return {
    panes: DEFAULT_SOURCES.map(newPane),
    running: false,
    ranPrompt: '',
    judgeEnabled: true,
    judgeModel: null,
    judgeInstructions: DEFAULT_JUDGE_INSTRUCTIONS,

    setSource(id, source) {
      const pane = get().panes.find((p) => p.id === id);
      if (!pane || get().running) return;
      pane.run.getState().reset(); // its last run no longer matches what it shows
      set({ panes: clearJudges(get().panes.map((p) => (p.id === id ? { ...p, source } : p))) });
    },

    addPane(models) {
      const { panes, running } = get();
      if (running || panes.length >= MAX_PANES) return;
      set({ panes: [...panes, newPane(nextSource(panes.map((p) => p.source), models))] });
    },

    removePane(id) {
      const { panes, running } = get();
      if (running || panes.length <= MIN_PANES) return;
      panes.find((p) => p.id === id)?.run.getState().reset();
      set({ panes: clearJudges(panes.filter((p) => p.id !== id)) });
    },

    makeBaseline(id) {
      const { panes, running } = get();
      const pane = panes.find((p) => p.id === id);
      if (running || !pane) return;
      set({ panes: clearJudges([pane, ...panes.filter((p) => p !== pane)]) });
    },

    setJudge: (patch) => set(patch),

    async start(board, models, prompt) {
      if (get().running) return;
      const mine = ++generation;
      judgeController?.abort();
      set({ running: true, ranPrompt: prompt, panes: clearJudges(get().panes) });
      // The comparison's runs share a group: History lists them as one entry.
      const groupId = newGroupId();
      try {
        const panes = get().panes;
        await Promise.all(
          panes.map((p) =>
            p.run.getState().start(configOf(p.source, board, models), prompt, { presetId: p.source.kind === 'preset' ? p.source.presetId : undefined, groupId }),
          ),
        );
        const { judgeEnabled, judgeModel } = get();
        if (mine === generation && judgeEnabled) await get().judge(judgeModel ?? board.layers.at(-1)!.agents[0].model, board.pricing);
      } finally {
        if (mine === generation) set({ running: false });
      }
    },

    async judge(judgeModel, pricing) {
      const [baseline, ...others] = get().panes;
      const base = baseline?.run.getState().view;
      const controller = (judgeController = new AbortController());
      const prompt = get().ranPrompt;
      await Promise.all(
        others.map(async (pane) => {
          const view = pane.run.getState().view;
          if (!base?.finalText || base.status !== 'finished' || !view.finalText || view.status !== 'finished') {
            setPane(pane.id, { judge: { status: 'error', message: 'Not judged: both this pane and the baseline need a finished final answer.' } });
            return;
          }
          setPane(pane.id, { judge: { status: 'running' } });
          try {
            const result = await fetchJson<JudgeResponse>('/api/judge', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ model: judgeModel, prompt, answers: [base.finalText, view.finalText], instructions: get().judgeInstructions, pricing }),
              signal: controller.signal,
            });
            setPane(pane.id, { judge: { status: 'done', result } });
          } catch (error) {
            const message = controller.signal.aborted ? 'The judge was stopped.' : error instanceof Error ? error.message : String(error);
            setPane(pane.id, { judge: { status: 'error', message, details: error instanceof ApiError ? error.details : undefined } });
          }
        }),
      );
      if (judgeController === controller) judgeController = null;
    },

    stop() {
      generation++; // a stopped comparison is not judged
      for (const pane of get().panes) pane.run.getState().stop();
      judgeController?.abort();
      set({ running: false });
    },
  };
});

/** A v4 UUID. `crypto.randomUUID` exists only in secure contexts, and a LAN address over http is not one. */
function newGroupId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
