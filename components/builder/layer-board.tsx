'use client';

import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type Active,
  type Announcements,
  type CollisionDetection,
  type Over,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useRef, useState } from 'react';
import { agentName, describeOp, dropMove, locateAgent, roleOf, type Slot } from '@/lib/builder/board';
import type { MoAConfig } from '@/lib/moa/config';
import { useConfig, useConfigStoreApi, type ConfigStore } from '@/lib/stores/config-store';
import { GripIcon, PlusIcon } from './icons';
import { LayerColumn } from './layer-column';
import { useCheck } from './hooks';

type Move = { from: Slot; to: Slot };

/** Past the middle of the card it is over: inserting after rather than before it. */
function pastMiddle(active: Active, over: Over): boolean {
  const rect = active.rect.current.translated;
  return !!rect && rect.top + rect.height / 2 > over.rect.top + over.rect.height / 2;
}

const moveOf = (config: MoAConfig, active: Active, over: Over | null): Move | null =>
  over ? dropMove(config, String(active.id), String(over.id), pastMiddle(active, over)) : null;

// The pointer picks what it is inside; the keyboard (no pointer) moves between nearest cards.
const collisionDetection: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const within = pointerWithin(args);
    if (within.length) return within;
  }
  return closestCorners(args);
};

/** The outcome of a drop, in words; `dropped` holds it when the drop handler ran first. */
function dropOutcome(store: ConfigStore, active: Active, over: Over | null): string {
  const { config } = store.getState();
  const slot = locateAgent(config, String(active.id));
  const move = moveOf(config, active, over);
  if (!move) return `${slot ? agentName(config, slot) : 'The agent'} was dropped where it started.`;
  const reason = store.getState().check({ type: 'move-agent', ...move });
  return reason ? `Not moved: ${reason}` : `Done: ${describeOp(config, { type: 'move-agent', ...move })}.`;
}

function announcements(store: ConfigStore, dropped: { current: string | null }): Announcements {
  const nameOf = (id: string | number) => {
    const { config } = store.getState();
    const slot = locateAgent(config, String(id));
    return slot ? agentName(config, slot) : 'the agent';
  };
  const describe = (active: Active, over: Over | null) => {
    const { config } = store.getState();
    const move = moveOf(config, active, over);
    if (!move) return over?.id === active.id ? undefined : `${nameOf(active.id)} is where it started.`;
    const reason = store.getState().check({ type: 'move-agent', ...move });
    return reason ? `It cannot go there: ${reason}` : `${describeOp(config, { type: 'move-agent', ...move })}?`;
  };
  return {
    onDragStart: ({ active }) =>
      `Picked up ${nameOf(active.id)}. Arrow keys move it: up and down within a layer, left and right to other layers. Space drops it, Escape cancels.`,
    onDragOver: ({ active, over }) => describe(active, over),
    onDragEnd: ({ active, over }) => {
      const message = dropped.current ?? dropOutcome(store, active, over);
      dropped.current = null;
      return message;
    },
    onDragCancel: ({ active }) => `Cancelled. ${nameOf(active.id)} stays where it was.`,
  };
}

/**
 * The layer board: one column per layer, left to right, the final aggregator last. Agents are
 * dragged (pointer or keyboard) within a layer or across layers; moves into or out of the final
 * layer swap with the aggregator, so it always holds exactly one.
 */
export function LayerBoard() {
  const store = useConfigStoreApi();
  const config = useConfig((s) => s.config);
  const [active, setActive] = useState<string | null>(null);
  const [target, setTarget] = useState<Move | null>(null);
  const dropped = useRef<string | null>(null);
  const addLayerReason = useCheck({ type: 'add-layer' });
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const track = (a: Active, over: Over | null) => {
    const move = moveOf(store.getState().config, a, over);
    setTarget((current) => (JSON.stringify(current) === JSON.stringify(move) ? current : move));
  };

  const layers = config.layers;
  const last = layers.length - 1;
  const activeSlot = active ? locateAgent(config, active) : null;
  const activeAgent = activeSlot ? layers[activeSlot.layer].agents[activeSlot.index] : null;

  return (
    <DndContext
      id="layer-board"
      sensors={sensors}
      collisionDetection={collisionDetection}
      accessibility={{
        announcements: announcements(store, dropped),
        screenReaderInstructions: {
          draggable:
            'To move an agent, press Space or Enter on its handle. Arrow keys move it: up and down within a layer, left and right to other layers. Press Space or Enter again to drop it, or Escape to cancel. Moving an agent into the final layer swaps it with the aggregator.',
        },
      }}
      onDragStart={({ active: a }) => {
        dropped.current = null;
        setActive(String(a.id));
      }}
      onDragMove={({ active: a, over }) => track(a, over)}
      onDragOver={({ active: a, over }) => track(a, over)}
      onDragCancel={() => {
        setActive(null);
        setTarget(null);
      }}
      onDragEnd={({ active: a, over }) => {
        setActive(null);
        setTarget(null);
        dropped.current = dropOutcome(store, a, over);
        const move = moveOf(store.getState().config, a, over);
        if (move) store.getState().apply({ type: 'move-agent', ...move });
      }}
    >
      <div className="flex items-stretch gap-3 overflow-x-auto p-0.5 pb-2" data-testid="layer-board">
        {layers.slice(0, -1).map((layer, l) => (
          <LayerColumn key={l} layer={l} layers={layers.length} agents={layer.agents} target={active ? target : null} />
        ))}
        {/* Stable keys: adding a layer inserts a column before this button and keeps its focus. */}
        <button
          key="add-layer"
          type="button"
          aria-disabled={addLayerReason ? true : undefined}
          title={addLayerReason ? `Add a layer: not possible. ${addLayerReason}` : 'Add a layer before the final aggregator'}
          onClick={() => !addLayerReason && store.getState().apply({ type: 'add-layer' })}
          className="flex w-11 shrink-0 flex-col items-center justify-start gap-2 rounded-lg border border-dashed border-zinc-300 pt-6 text-xs text-zinc-600 hover:border-indigo-400 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 dark:border-zinc-700 dark:text-zinc-400 dark:hover:text-indigo-300"
          data-testid="add-layer"
        >
          <PlusIcon className="size-4" />
          <span className="[writing-mode:vertical-rl]">Add layer</span>
        </button>
        <LayerColumn key="final" layer={last} layers={layers.length} agents={layers[last].agents} target={active ? target : null} />
      </div>
      <DragOverlay dropAnimation={null}>
        {activeAgent && activeSlot && (
          <div className="flex w-56 items-center gap-2 rounded-lg border border-indigo-400 bg-white px-2.5 py-2 shadow-lg dark:bg-zinc-900">
            <GripIcon className="size-4 text-zinc-400" />
            <span className="min-w-0">
              <span className="block text-[11px] text-zinc-500 capitalize dark:text-zinc-400">{roleOf(activeSlot.layer, layers.length)}</span>
              <span className="block truncate font-mono text-xs">{activeAgent.model}</span>
            </span>
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
