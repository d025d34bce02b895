/**
 * The offline models' judging: a deterministic heuristic, not an LLM. It prefers the answer
 * that covers more of the question's key terms, says more distinct things, is organised, and
 * does not repeat itself. It never looks at which answer came first, so swapping them swaps
 * its verdict.
 */
import { contentWords, keyTerms, words } from './text';

type Scored = { score: number; covered: number; terms: number; distinct: number; repeated: number; structured: boolean; words: number };

/** Below this gap in score the answers are called even. */
const TIE_MARGIN = 0.04;

function scoreAnswer(answer: string, question: string): Scored {
  const terms = keyTerms(question, 8);
  const answerWords = contentWords(answer);
  const covered = terms.filter((t) => [...contentWords(t)].every((w) => answerWords.has(w))).length;
  const all = words(answer).length;
  const sentences = answer.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim().toLowerCase()).filter((s) => s.length > 12);
  const repeated = sentences.length - new Set(sentences).size;
  const structured = /^\s*(?:[-*•]|\d+[.)])\s+/m.test(answer) || /\n\s*\n/.test(answer);
  const coverage = terms.length ? covered / terms.length : 0.5;
  // Saturating: past ~60 distinct content words more words stop helping.
  const specificity = 1 - Math.exp(-answerWords.size / 60);
  const tooShort = all < 12 ? 0.3 : 0;
  const score = 0.5 * coverage + 0.35 * specificity + (structured ? 0.1 : 0) - 0.1 * Math.min(3, repeated) - tooShort;
  return { score, covered, terms: terms.length, distinct: answerWords.size, repeated, structured, words: all };
}

const describe = (s: Scored) => `${s.covered} of ${s.terms} key terms, ${s.distinct} distinct content words${s.repeated ? `, ${s.repeated} repeated sentences` : ''}`;

/** The judge's reply, in the format the judge prompt asks for. */
export function judgeOffline(question: string, a: string, b: string): string {
  const sa = scoreAnswer(a, question);
  const sb = scoreAnswer(b, question);
  const gap = sa.score - sb.score;
  const verdict = Math.abs(gap) < TIE_MARGIN ? 'tie' : gap > 0 ? 'A' : 'B';
  const why =
    verdict === 'tie'
      ? `Both answers are about as complete: A has ${describe(sa)}; B has ${describe(sb)}.`
      : `Answer ${verdict} covers the question better: ${verdict === 'A' ? describe(sa) : describe(sb)}, against ${verdict === 'A' ? describe(sb) : describe(sa)}.`;
  return `Offline heuristic judge (not an LLM): scores coverage of the question's key terms, specificity, structure and repetition.\n\nVerdict: ${verdict}\nRationale: ${why}`;
}

/**
 * A rating 1–10 in MT-Bench's format: the judging score of the response, and with a reference
 * answer, half of it is how many of the reference's key terms the response shares.
 */
export function gradeOffline(question: string, response: string, reference?: string): string {
  const scored = scoreAnswer(response, question);
  // The best answers score about 0.95: that is a 10.
  const quality = Math.min(1, Math.max(0, scored.score / 0.95));
  const referenceTerms = reference ? keyTerms(reference, 8) : [];
  const responseWords = contentWords(response);
  const shared = referenceTerms.filter((t) => [...contentWords(t)].every((w) => responseWords.has(w))).length;
  const combined = referenceTerms.length ? 0.5 * quality + 0.5 * (shared / referenceTerms.length) : quality;
  const rating = Math.min(10, Math.max(1, Math.round(1 + 9 * combined)));
  const against = referenceTerms.length ? `; it shares ${shared} of the reference answer's ${referenceTerms.length} key terms` : '';
  return `Offline heuristic grader (not an LLM): the response has ${describe(scored)}${against}.\n\nRating: [[${rating}]]`;
}

/** A ranking layer's reply: the response that scores best (the first of equals), in the ranking format. */
export function rankOffline(question: string, responses: { index: number; text: string }[]): string {
  const scored = responses.map((r) => ({ ...r, scored: scoreAnswer(r.text, question) }));
  const best = scored.reduce((a, b) => (b.scored.score > a.scored.score ? b : a));
  return `Offline heuristic ranker (not an LLM): response ${best.index} scores best, with ${describe(best.scored)}.\n\nBest: [[${best.index}]]`;
}

/**
 * A council ranker's reply: every labelled response ordered by the judging score (equal scores
 * in the order shown), in the FINAL RANKING format. It sees labels only, as a council ranker must.
 */
export function councilOffline(question: string, candidates: { label: string; text: string }[]): string {
  const scored = candidates.map((c, i) => ({ ...c, i, scored: scoreAnswer(c.text, question) }));
  const order = [...scored].sort((a, b) => b.scored.score - a.scored.score || a.i - b.i);
  const lines = order.map((c) => `- ${c.label}: ${describe(c.scored)}.`);
  return [
    'Offline heuristic council ranker (not an LLM): orders the responses by coverage of the key terms, specificity, structure and repetition.',
    lines.join('\n'),
    ['FINAL RANKING:', ...order.map((c, k) => `${k + 1}. ${c.label}`)].join('\n'),
  ].join('\n\n');
}

/** The question's key terms an answer covers. */
const coveredTerms = (answer: string, question: string) => {
  const answerWords = contentWords(answer);
  return keyTerms(question, 8).filter((t) => [...contentWords(t)].every((w) => answerWords.has(w)));
};

/** Kept answers further apart than this (out of 10) do not agree. */
const AGREE_MARGIN = 1;

/**
 * A top-k judge's reply: every response scored 0–10 by the judging score (its reason the
 * heuristic's figures). Asked whether the `agreeK` best agree, it says yes when they cover the
 * same key terms of the question (the same points, if not in the same words) and score within
 * a point of each other.
 */
export function topKOffline(question: string, responses: { index: number; text: string }[], agreeK: number | null): string {
  const scored = responses.map((r) => {
    const s = scoreAnswer(r.text, question);
    return { ...r, s, score: Math.round(100 * Math.min(1, Math.max(0, s.score / 0.95))) / 10 };
  });
  const lines = scored.map((r) => `Answer ${r.index}: ${r.score}/10 - ${describe(r.s)}`);
  if (agreeK !== null) {
    const best = [...scored].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, agreeK);
    const covered = best.map((r) => coveredTerms(r.text, question).join('|'));
    const agree = covered.every((c) => c === covered[0]) && best[0].score - best.at(-1)!.score <= AGREE_MARGIN;
    lines.push(`Agree: ${agree ? 'yes' : 'no'}`);
  }
  return `Offline heuristic judge (not an LLM): scores coverage of the question's key terms, specificity, structure and repetition.\n\n${lines.join('\n')}`;
}
