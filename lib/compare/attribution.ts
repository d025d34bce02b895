/**
 * How much of a final answer each proposal contributed, by n-gram overlap (the paper's BLEU
 * analysis, here ROUGE-2 from js-rouge), and where in the final answer the shared n-grams are.
 */
import { n as rougeN } from 'js-rouge';

/** Bigrams: single shared words say little ("the", "data"); shared phrases show copying. */
export const ATTRIBUTION_N = 2;

export type Token = { norm: string; start: number; end: number };

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Words with their place in the text, lower-cased: one tokenisation for scores and highlights. */
export function tokenize(text: string): Token[] {
  return Array.from(text.matchAll(WORD), (m) => ({ norm: m[0].toLowerCase().replace(/’/g, "'"), start: m.index, end: m.index + m[0].length }));
}

const tokenizer = (text: string) => tokenize(text).map((t) => t.norm);

export function ngramSet(tokens: string[], n = ATTRIBUTION_N): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + n <= tokens.length; i++) grams.add(tokens.slice(i, i + n).join(' '));
  return grams;
}

export type ProposalScore = {
  /** ROUGE-2 F1 of the proposal against the final answer, 0–1. */
  rouge: number;
  /** Share of the final answer's words inside a bigram the proposal also has, 0–1. */
  coverage: number;
};

/** Scores one proposal against the final answer. Empty texts score 0. */
export function scoreProposal(finalText: string, proposal: string): ProposalScore {
  const finalTokens = tokenizer(finalText);
  const proposalTokens = tokenizer(proposal);
  if (finalTokens.length < ATTRIBUTION_N || proposalTokens.length < ATTRIBUTION_N) return { rouge: 0, coverage: 0 };
  const rouge = rougeN(proposal, finalText, { n: ATTRIBUTION_N, tokenizer, caseSensitive: true });
  const covered = coveredTokens(finalTokens, ngramSet(proposalTokens));
  return { rouge: Number.isFinite(rouge) ? rouge : 0, coverage: covered.filter(Boolean).length / finalTokens.length };
}

/** Which tokens of `tokens` sit inside an n-gram of `grams`. */
export function coveredTokens(tokens: string[], grams: Set<string>, n = ATTRIBUTION_N): boolean[] {
  const covered = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i + n <= tokens.length; i++) {
    if (grams.has(tokens.slice(i, i + n).join(' '))) for (let k = i; k < i + n; k++) covered[k] = true;
  }
  return covered;
}

/**
 * Character ranges of `text` that a proposal shares (runs of covered words, joined across the
 * spaces and punctuation between them), for highlighting.
 */
export function sharedSpans(text: string, proposal: string): [number, number][] {
  const tokens = tokenize(text);
  const covered = coveredTokens(
    tokens.map((t) => t.norm),
    ngramSet(tokenizer(proposal)),
  );
  const spans: [number, number][] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!covered[i]) continue;
    const last = spans.at(-1);
    if (last && i > 0 && covered[i - 1]) last[1] = tokens[i].end;
    else spans.push([tokens[i].start, tokens[i].end]);
  }
  return spans;
}
