'use client';

import { createContext, lazy, memo, Suspense, useContext, type ComponentType } from 'react';
import { useFrameTurn } from './use-frame-turn';

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
 * part of the page's first load, and a newly shown text is parsed in a frame of its own: the
 * cells of a layer finish together, and parsing them all in one frame is a long task. Until
 * then the text shows as the plain text it streamed as, marked `data-markdown-pending`.
 */
export const Markdown = memo(function Markdown({ text, className = '' }: MarkdownProps) {
  const Eager = useContext(EagerRenderer);
  const turn = useFrameTurn(!Eager);
  if (Eager) return <Eager text={text} className={className} />;
  const plain = (
    <div className={`md whitespace-pre-wrap ${className}`} data-markdown-pending>
      {text}
    </div>
  );
  if (!turn) return plain;
  return (
    <Suspense fallback={plain}>
      <MarkdownView text={text} className={className} />
    </Suspense>
  );
});
