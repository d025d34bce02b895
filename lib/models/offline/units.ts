/** Splits a Markdown answer into the sentences and list items an aggregator can reuse. */

export type Unit = {
  /** Exactly as written in the source (minus any list marker), so reuse is verbatim. */
  text: string;
  kind: 'sentence' | 'item';
};

const LIST_ITEM = /^(?:[-*+•]|\d{1,2}[.)])\s+(.+)$/;
/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = /(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|approx|dr|mr|mrs|ms|no|fig|[A-Z])\.$/i;

/** Splits prose into sentences at . ! ? followed by a space and a capital, digit or quote. */
function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(/[.!?]+["'”’)\]*]*\s+(?=["'“‘(*\[\p{Lu}\p{N}])/gu)) {
    const end = match.index + match[0].trimEnd().length;
    if (ABBREVIATIONS.test(paragraph.slice(start, end))) continue;
    sentences.push(paragraph.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  sentences.push(paragraph.slice(start).trim());
  return sentences.filter(Boolean);
}

/**
 * Headings, code, tables and label-only lines ("**Key points**", "Steps:") are skipped: they
 * organise an answer but say nothing on their own. List items stay whole.
 */
export function splitUnits(markdown: string): Unit[] {
  const units: Unit[] = [];
  let paragraph: string[] = [];
  const flushParagraph = () => {
    for (const text of splitSentences(paragraph.join(' '))) units.push({ text, kind: 'sentence' });
    paragraph = [];
  };
  let inCode = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.trim().replace(/^>\s?/, '');
    if (line.startsWith('```')) {
      inCode = !inCode;
      flushParagraph();
      continue;
    }
    if (inCode) continue;
    if (!line || /^#{1,6}\s|^\||^(?:[-*_]\s*){3,}$/.test(line) || isLabel(line)) {
      flushParagraph();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flushParagraph();
      units.push({ text: item[1].trim(), kind: 'item' });
    } else {
      paragraph.push(line);
    }
  }
  flushParagraph();
  return units;
}

function isLabel(line: string): boolean {
  return /^\*\*[^*]+\*\*:?$/.test(line) || (line.endsWith(':') && line.split(/\s+/).length <= 10);
}
