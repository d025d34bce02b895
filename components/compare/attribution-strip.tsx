'use client';

import { useEffect, useState } from 'react';
import type { ProposalScore } from '@/lib/compare/attribution';
import { useRunView } from '../run-view-context';

type Scored = { layer: number; agent: number; model: string; score: ProposalScore; text: string };
type Attribution = typeof import('@/lib/compare/attribution');

const HIGHLIGHT = 'moa-attribution';

/**
 * How much each agent before the aggregator contributed to the final answer (ROUGE-2 against
 * it), as a heat strip per layer. Hovering or focusing an agent highlights the spans of the
 * final answer it shares.
 */
export function AttributionStrip({ finalBox }: { finalBox: React.RefObject<HTMLDivElement | null> }) {
  const status = useRunView((v) => v.status);
  const finalText = useRunView((v) => (v.status === 'finished' ? (v.finalText ?? '') : ''));
  const layers = useRunView((v) => v.layers);
  const [lib, setLib] = useState<Attribution | null>(null);
  const [active, setActive] = useState<string | null>(null);

  // The scorer (js-rouge) loads only once a pane has something to score.
  useEffect(() => {
    if (finalText && !lib) void import('@/lib/compare/attribution').then(setLib);
  }, [finalText, lib]);

  const scored: Scored[][] =
    lib && finalText
      ? layers.slice(0, -1).map((layer) =>
          layer.filter((a) => a.text).map((a) => ({ layer: a.layer, agent: a.agent, model: a.model, text: a.text, score: lib.scoreProposal(finalText, a.text) })),
        )
      : [];

  const show = (item: Scored | null) => {
    setActive(item ? `${item.layer}.${item.agent}` : null);
    const box = finalBox.current;
    if (!box || !lib) return;
    box.dataset.highlights = item ? String(highlightShared(box, item.text, lib)) : '0';
    if (!item) clearHighlight();
  };

  useEffect(() => clearHighlight, []);

  if (status !== 'finished' || !finalText) {
    return status === 'idle' ? null : (
      <p className="text-[11px] text-zinc-500 dark:text-zinc-400" data-testid="attribution-pending">
        Attribution appears when the final answer is done.
      </p>
    );
  }
  if (!lib) return <p className="text-[11px] text-zinc-500">Scoring attribution…</p>;

  return (
    <div className="flex flex-col gap-1.5" data-testid="attribution" onMouseLeave={() => show(null)}>
      <div className="flex items-baseline gap-2 text-[11px] text-zinc-500 dark:text-zinc-400">
        <span className="font-medium tracking-wide uppercase">Attribution</span>
        <span>bigram overlap (ROUGE-2) of each answer with the final one · hover or focus to highlight</span>
      </div>
      {scored.map((row, l) => (
        <div key={l} className="flex items-stretch gap-1" role="group" aria-label={`Layer ${l + 1}`}>
          <span className="w-7 shrink-0 self-center text-[10px] text-zinc-500 dark:text-zinc-400">L{l + 1}</span>
          {row.map((item) => {
            const key = `${item.layer}.${item.agent}`;
            const pct = Math.round(item.score.rouge * 100);
            const covered = Math.round(item.score.coverage * 100);
            return (
              <button
                key={key}
                type="button"
                onMouseEnter={() => show(item)}
                onFocus={() => show(item)}
                onBlur={() => show(null)}
                aria-pressed={active === key}
                aria-label={`Layer ${item.layer + 1}, agent ${item.agent + 1} (${item.model}): ROUGE-2 ${pct}%, shares phrases with ${covered}% of the final answer`}
                title={`${item.model}\nROUGE-2 F1 ${item.score.rouge.toFixed(3)} · shares bigrams with ${covered}% of the final answer's words`}
                className="group relative flex h-9 min-w-0 flex-1 flex-col justify-end overflow-hidden rounded border border-zinc-200 bg-zinc-50 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-pressed:border-indigo-500 dark:border-zinc-700 dark:bg-zinc-800"
                data-testid="attribution-bar"
                data-score={item.score.rouge.toFixed(3)}
              >
                <span className="absolute inset-x-0 bottom-0 bg-indigo-500/70 dark:bg-indigo-400/60" style={{ height: `${Math.max(3, pct)}%` }} aria-hidden />
                <span className="relative px-0.5 text-center font-mono text-[10px] leading-tight text-zinc-800 tabular-nums dark:text-zinc-100">{pct}%</span>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}

/** Marks the shared spans in the rendered answer (CSS Custom Highlight API: no DOM change, no reflow). */
function highlightShared(box: HTMLElement, proposal: string, lib: Attribution): number {
  const nodes: { node: Text; start: number }[] = [];
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n as Text, start: text.length });
    // A space between text nodes keeps words of adjacent blocks apart.
    text += `${n.textContent ?? ''} `;
  }
  const spans = lib.sharedSpans(text, proposal);
  if (typeof CSS === 'undefined' || !('highlights' in CSS)) return spans.length;
  const at = (offset: number) => {
    let i = nodes.length - 1;
    while (i > 0 && nodes[i].start > offset) i--;
    const { node, start } = nodes[i];
    return { node, offset: Math.min(offset - start, node.length) };
  };
  const ranges = spans.map(([s, e]) => {
    const range = new Range();
    const a = at(s);
    const b = at(e);
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    return range;
  });
  CSS.highlights.set(HIGHLIGHT, new Highlight(...ranges));
  return spans.length;
}

function clearHighlight() {
  if (typeof CSS !== 'undefined' && 'highlights' in CSS) CSS.highlights.delete(HIGHLIGHT);
}
