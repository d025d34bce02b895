/** What each pane of a comparison runs: the board's aggregator alone, the board, or a preset. */
import type { MoAConfig } from '../moa/config';
import { buildPreset, presetsFor, type PresetId } from '../moa/presets';
import type { ModelInfo } from '../models/types';

export type PaneSource = { kind: 'single' } | { kind: 'board' } | { kind: 'preset'; presetId: PresetId };

export const MIN_PANES = 2;
export const MAX_PANES = 4;
export const DEFAULT_SOURCES: PaneSource[] = [{ kind: 'single' }, { kind: 'board' }];

/** A stable value for a <select>. */
export const sourceKey = (source: PaneSource) => (source.kind === 'preset' ? `preset:${source.presetId}` : source.kind);

export function sourceFromKey(key: string): PaneSource {
  if (key === 'single' || key === 'board') return { kind: key };
  return { kind: 'preset', presetId: key.slice('preset:'.length) as PresetId };
}

/** Every choice a pane offers, for these models. */
export function sourceOptions(models: ModelInfo[]): { key: string; label: string }[] {
  return [
    { key: 'single', label: 'Single model (the board’s aggregator)' },
    { key: 'board', label: 'Current board' },
    ...presetsFor(models).filter((p) => p.id !== 'single').map((p) => ({ key: `preset:${p.id}`, label: `Preset: ${p.label}` })),
  ];
}

/** The board's aggregator alone, keeping the board's prices, budget and resilience. */
export function singleModelOf(board: MoAConfig): MoAConfig {
  const aggregator = board.layers.at(-1)!.agents[0];
  const { id: _id, ...agent } = aggregator;
  return { ...carried(board), version: 1, synthesisPrompt: board.synthesisPrompt, layers: [{ agents: [agent] }] };
}

const carried = ({ pricing, budgetUsd, resilience }: MoAConfig): Partial<MoAConfig> => ({
  ...(pricing && { pricing }),
  ...(budgetUsd !== undefined && { budgetUsd }),
  ...(resilience && { resilience }),
});

export function configOf(source: PaneSource, board: MoAConfig, models: ModelInfo[]): MoAConfig {
  switch (source.kind) {
    case 'single':
      return singleModelOf(board);
    case 'board':
      return board;
    case 'preset':
      return { ...buildPreset(source.presetId, models), ...carried(board) };
  }
}

/** A short name: "Single model", "Current board", "MoA-Lite (2 layers)". */
export function sourceLabel(source: PaneSource, models: ModelInfo[]): string {
  if (source.kind === 'single') return 'Single model';
  if (source.kind === 'board') return 'Current board';
  return presetsFor(models).find((p) => p.id === source.presetId)?.label ?? source.presetId;
}

/** The next pane's source: a preset not shown yet, else the 3-layer MoA. */
export function nextSource(sources: PaneSource[], models: ModelInfo[]): PaneSource {
  const used = new Set(sources.map(sourceKey));
  const free = presetsFor(models).find((p) => p.id !== 'single' && !used.has(`preset:${p.id}`));
  return { kind: 'preset', presetId: free?.id ?? 'moa' };
}
