'use client';

import { useEffect, useState } from 'react';
import { whenFrameFree } from '@/lib/browser/frame-queue';

/**
 * False until this component's turn in the frame queue (lib/browser/frame-queue.ts) comes, then true:
 * costly children mount in a frame of their own. With `wanted` false it never asks for a turn.
 */
export function useFrameTurn(wanted = true): boolean {
  const [turn, setTurn] = useState(false);
  useEffect(() => (wanted ? whenFrameFree(() => setTurn(true)) : undefined), [wanted]);
  return turn;
}
