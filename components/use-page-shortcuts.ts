'use client';

import { useEffect, type RefObject } from 'react';

/**
 * The page-wide keys: Esc stops what is running (unless it is closing a dialog), "/" focuses
 * the prompt when the user is not typing somewhere.
 */
export function usePageShortcuts(promptBox: RefObject<HTMLTextAreaElement | null>, stop: { running: () => boolean; stop: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if (e.key === 'Escape' && stop.running() && !document.querySelector('dialog[open]')) stop.stop();
      else if (e.key === '/' && !typing) {
        e.preventDefault();
        promptBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [promptBox, stop]);
}
