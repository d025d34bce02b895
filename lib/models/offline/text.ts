/** Word-level text helpers shared by the proposers and the aggregator. */
import { STOPWORDS } from './stopwords';

/** Words keep inner dots, apostrophes and hyphens, plus signs and hashes: "node.js", "don't", "c++", "c#". */
const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}+#]|[.'’-](?=[\p{L}\p{N}]))*/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase().replace(/’/g, "'"));
}

/** A deliberately light stemmer: enough to match "caches"/"caching"/"cache". */
function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Stemmed words that say what a text is about. */
export function contentWords(text: string): Set<string> {
  return new Set(words(text).filter((w) => !isStopword(w) && (w.length > 1 || /\d/.test(w))).map(stem));
}

/** Share of `a`'s words found in `b` (0 when `a` is empty). */
export function containment(a: Set<string>, b: Set<string>): number {
  if (a.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / a.size;
}

/** Dice coefficient: symmetric overlap of two word sets. */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return (2 * containment(a, b) * a.size) / (a.size + b.size);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MAX_PHRASE_WORDS = 3;
/** Clause boundaries; the group keeps them so we know where sentences start. */
const CLAUSE_BREAK = /((?:[,;:!?()[\]{}"“”<>|*`\n]|\.(?!\w))+|\s[-–—]\s)/;

type Phrase = { words: string[]; position: number };

/** Runs of non-stopwords between clause breaks, split into chunks of at most three words. */
function candidatePhrases(text: string): Phrase[] {
  const phrases: Phrase[] = [];
  let run: string[] = [];
  const flush = () => {
    // Chunk from the end: English noun phrases end in their head ("test | Python web app").
    const chunks: string[][] = [];
    for (let end = run.length; end > 0; end -= MAX_PHRASE_WORDS) chunks.unshift(run.slice(Math.max(0, end - MAX_PHRASE_WORDS), end));
    for (const chunk of chunks) phrases.push({ words: chunk, position: phrases.length });
    run = [];
  };
  let sentenceStart = true;
  for (const [p, piece] of text.split(CLAUSE_BREAK).entries()) {
    if (p % 2 === 1) {
      flush();
      if (/[.!?\n]/.test(piece)) sentenceStart = true;
      continue;
    }
    for (const word of words(piece)) {
      const atStart = sentenceStart;
      sentenceStart = false;
      if (isStopword(word) || (word.length < 2 && !/\d/.test(word))) {
        flush();
        continue;
      }
      // Keep the casing of words that look like names ("PostgreSQL", a mid-sentence "Rust").
      const looksLikeName = /\p{Lu}/u.test(word.slice(1)) || (/^\p{Lu}/u.test(word) && !atStart);
      run.push(looksLikeName ? word : word.toLowerCase());
    }
  }
  flush();
  return phrases;
}

/**
 * Ranked key terms, RAKE-style: candidate phrases are scored by how often their words occur,
 * with a bonus for longer phrases and for names, then ranked by first position on ties.
 */
export function keyTerms(text: string, limit = 8): string[] {
  const phrases = candidatePhrases(text);
  const frequency = new Map<string, number>();
  for (const w of phrases.flatMap((p) => p.words)) frequency.set(w.toLowerCase(), (frequency.get(w.toLowerCase()) ?? 0) + 1);
  const freq = (w: string) => frequency.get(w.toLowerCase())!;

  const best = new Map<string, { term: string; score: number; position: number }>();
  for (const { words: ws, position } of phrases) {
    const term = ws.join(' ');
    // Names (PostgreSQL, Rust) are usually what a question is about.
    const names = ws.filter((w) => /\p{Lu}/u.test(w)).length;
    const score = ws.reduce((sum, w) => sum + freq(w), 0) + 0.5 * (ws.length - 1) + 0.5 * Math.min(1, names);
    const key = term.toLowerCase();
    if (!best.has(key)) best.set(key, { term, score, position });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, limit)
    .map((c) => c.term);
}

export type QuestionKind = 'how' | 'why' | 'what' | 'compare' | 'other';

/** The broad kind of request, so an answer can open in a fitting way. */
export function questionKind(prompt: string): QuestionKind {
  const text = prompt.trim().toLowerCase();
  if (/\b(?:vs|versus|compare|comparison|difference between|better than)\b/.test(text) || /^(?:should|which|is|are)\b.*\bor\b/.test(text)) {
    return 'compare';
  }
  if (/^(?:how|what steps|what is the best way|steps to)\b/.test(text)) return 'how';
  if (/^why\b/.test(text)) return 'why';
  if (/^(?:what|who|which|define|explain|describe)\b/.test(text)) return 'what';
  return 'other';
}
