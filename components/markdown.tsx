'use client';

import { createContext, lazy, memo, Suspense, useContext, type ComponentType } from 'react';

type MarkdownProps = { text: string; className?: string };

const MarkdownView = lazy(() => import('./markdown-view'));

/** Starts loading the Markdown renderer ahead of need. */
export const preloadMarkdown = () => void import('./markdown-view');

/**
 * Pages that must render Markdown on the server (the share page reads without JavaScript)
 * provide the renderer itself; elsewhere it loads on demand.
 */
const EagerRenderer = createContext<ComponentType<MarkdownProps> | null>(null);
export const MarkdownRendererProvider = EagerRenderer.Provider;

/**
 * Model output rendered as Markdown. On the playground the renderer (remark and friends) is not
 * part of the page's first load; until it is there, the text shows as the plain text it
 * streamed as, marked `data-markdown-pending`.
 */
export const Markdown = memo(function Markdown({ text, className = '' }: MarkdownProps) {
  const Eager = useContext(EagerRenderer);
  if (Eager) return <Eager text={text} className={className} />;
  return (
    <Suspense
      fallback={
        <div className={`md whitespace-pre-wrap ${className}`} data-markdown-pending>
          {text}
        </div>
      }
    >
      <MarkdownView text={text} className={className} />
    </Suspense>
  );
});
