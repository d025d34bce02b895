/**
 * `synth`: a real extractive synthesiser. It scores every sentence and list item of the
 * candidate responses by agreement (do the other responses say the same?), coverage of the
 * request's key words and length, picks the best with maximal marginal relevance (so
 * repetition across responses is dropped), and arranges them into one answer. Chosen text is
 * copied verbatim, so what the final answer owes to each response can be measured.
 */
import type { PreviousAnswer } from '../../moa/prompts';
import type { Sampler } from './random';
import { STYLES, templateFiller, type StyleInput } from './styles';
import { containment, contentWords, similarity, words } from './text';
import { countTokens } from './tokens';
import { splitUnits, type Unit } from './units';

type Candidate = Unit & {
  words: Set<string>;
  /** Position within its response, 0 (first) to 1 (last): keeps the merged order natural. */
  position: number;
  score: number;
};

const WEIGHTS = { agreement: 0.55, coverage: 0.3, length: 0.15 };
/** MMR trade-off between a candidate's own score and its overlap with what is already chosen. */
const RELEVANCE_SHARE = 0.7;
/** Above this overlap with a chosen sentence, a candidate is a repeat. */
const REDUNDANT = 0.6;
/** Candidates scoring below this share of the best one are not worth including. */
const RELATIVE_FLOOR = 0.45;
const MAX_UNITS = 8;
const TOKEN_BUDGET = 230;
const MIN_WORDS = 4;
/** Temperature noise added to scores: enough to reorder near-ties, not to change the picture. */
const SCORE_JITTER = 0.08;

const CAVEAT = /\b(?:risks?|caveats?|however|careful|caution|avoid|beware|trade-offs?|downsides?|limitations?|unless|pitfalls?|assum\w*|uncertain\w*|counterpoint|edge cases?|warning)\b/i;

const INTROS = [
  'Here is a consolidated answer on {a}.',
  'Putting the main points together, {a} comes down to a few things.',
  'The essentials of {a}, from the most to the least important:',
] as const;

const CLOSINGS = [
  'Taken together, these points cover {a} from the fundamentals to the main risks.',
  'If you only act on one of these points, make it the first.',
  'Start with the points at the top; the rest refine {a} further.',
] as const;

/** Scores every unit of every response. */
function scoreCandidates(responses: PreviousAnswer[], user: string, sampler: Sampler): Candidate[] {
  const requestWords = contentWords(user);
  const perResponse = responses.map((r) =>
    splitUnits(r.text)
      .filter((u) => words(u.text).length >= MIN_WORDS)
      .map((u, i, all) => ({ ...u, words: contentWords(u.text), position: all.length > 1 ? i / (all.length - 1) : 0, score: 0 })),
  );
  const responseWords = responses.map((r) => contentWords(r.text));

  return perResponse.flatMap((units, i) =>
    units.map((unit) => {
      // Support from each other response: a close match to one of its sentences, or failing
      // that the share of this unit's words it uses anywhere.
      const support = perResponse.flatMap((others, j) =>
        j === i ? [] : [Math.max(...others.map((o) => similarity(unit.words, o.words)), 0.7 * containment(unit.words, responseWords[j]))],
      );
      const agreement = support.length ? support.reduce((a, b) => a + b, 0) / support.length : 0.5;
      const coverage = requestWords.size ? containment(requestWords, unit.words) : 0;
      const n = words(unit.text).length;
      const lengthFit = n < 8 ? n / 8 : n > 35 ? 35 / n : 1;
      const score =
        WEIGHTS.agreement * agreement + WEIGHTS.coverage * coverage + WEIGHTS.length * lengthFit + sampler.jitter(SCORE_JITTER);
      return { ...unit, score };
    }),
  );
}

/** Greedy MMR selection under a token budget. */
function select(candidates: Candidate[]): Candidate[] {
  const best = Math.max(...candidates.map((c) => c.score));
  let pool = candidates.filter((c) => c.score >= RELATIVE_FLOOR * best);
  const chosen: Candidate[] = [];
  let tokens = 0;
  const overlap = (c: Candidate) => Math.max(0, ...chosen.map((s) => similarity(c.words, s.words)));
  const marginal = (c: Candidate) => RELEVANCE_SHARE * c.score - (1 - RELEVANCE_SHARE) * overlap(c);
  while (pool.length && chosen.length < MAX_UNITS) {
    const next = pool.reduce((a, b) => (marginal(b) > marginal(a) ? b : a));
    pool = pool.filter((c) => c !== next);
    const cost = countTokens(next.text);
    if (overlap(next) > REDUNDANT || tokens + cost > TOKEN_BUDGET) continue;
    chosen.push(next);
    tokens += cost;
  }
  return chosen;
}

/** Only sentences from the opening part of a response make a good opening paragraph. */
const LEAD_POSITION = 0.34;

/** A lead paragraph of opening sentences, then key points, then caveats, each in source order. */
function compose(chosen: Candidate[], input: StyleInput): string {
  const fill = templateFiller(input);
  const isCaveat = (c: Candidate) => CAVEAT.test(c.text);
  const byPosition = (a: Candidate, b: Candidate) => a.position - b.position || b.score - a.score;
  const lead = chosen
    .filter((c) => c.kind === 'sentence' && c.position <= LEAD_POSITION && !c.text.startsWith('**') && !isCaveat(c))
    .slice(0, 2)
    .sort(byPosition);
  const points = chosen.filter((c) => !lead.includes(c) && !isCaveat(c)).sort(byPosition);
  const caveats = chosen.filter(isCaveat).sort(byPosition);
  const bullets = (items: Candidate[]) => items.map((c) => `- ${c.text}`).join('\n');

  const sections = [fill(input.sampler.pick(INTROS))];
  if (lead.length) sections.push(lead.map((c) => c.text).join(' '));
  if (points.length) sections.push(lead.length ? `**Key points**\n${bullets(points)}` : bullets(points));
  if (caveats.length) sections.push(`**Caveats**\n${bullets(caveats)}`);
  sections.push(fill(input.sampler.pick(CLOSINGS)));
  return sections.join('\n\n');
}

/** Merges the candidate responses; with none (layer 1) it answers on its own, like a proposer. */
export function synthesise(responses: PreviousAnswer[], user: string, input: StyleInput): string {
  const candidates = scoreCandidates(responses, user, input.sampler);
  if (!candidates.length) return STYLES.balanced(input);
  return compose(select(candidates), input);
}
