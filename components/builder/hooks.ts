'use client';

import { useMemo } from 'react';
import type { BoardIssue, BoardOp } from '@/lib/builder/board';
import { useConfig, useConfigStoreApi } from '@/lib/stores/config-store';

/** Why an edit would be refused on the current board (null: allowed), in the schema's words. */
export function useCheck(op: BoardOp): string | null {
  const store = useConfigStoreApi();
  const config = useConfig((s) => s.config);
  const key = JSON.stringify(op);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => store.getState().check(op), [store, key, config]);
}

/** The schema's message for one field of one agent, else the first message (with its place). */
export function fieldIssue(issues: BoardIssue[], layer: number, index: number, field: string | undefined): string {
  const exact = issues.find((i) => i.path[1] === layer && i.path[3] === index && i.path[4] === field);
  return exact ? exact.raw : issues[0].message;
}
