'use client';

import { lazy, memo, Suspense } from 'react';

const MarkdownView = lazy(() => import('./markdown-view'));

/** Starts loading the Markdown renderer (a run is starting: its cells will need it). */
export const preloadMarkdown = () => void import('./markdown-view');

/**
 * Model output rendered as Markdown. The renderer (remark and friends) loads on demand, not with
 * the page; until it has, the text shows as the plain text it streamed as.
 */
export const Markdown = memo(function Markdown({ text, className = '' }: { text: string; className?: string }) {
  return (
    <Suspense fallback={<div className={`md whitespace-pre-wrap ${className}`}>{text}</div>}>
      <MarkdownView text={text} className={className} />
    </Suspense>
  );
});
