/** Decides what an offline model says for one call. */
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { parseJudgeUserMessage } from '../../compare/judge-prompt';
import { agreeKOf, parseSynthesisResponses, RANK_REPLY_FORMAT, TOP_K_REPLY_FORMAT, type PreviousAnswer } from '../../moa/prompts';
import { synthesise } from './aggregator';
import { OFFLINE_MODELS } from './catalog';
import { councilOffline, gradeOffline, judgeOffline, rankOffline, topKOffline } from './judge';
import { COUNCIL_REPLY_FORMAT, parseCouncilCandidates } from '../../moa/council';
import { parseWindowCarry } from '../../moa/sliding-window';
import { parseGradeUserMessage } from '../../evals/grade-prompt';
import { readPrompt } from './prompt';
import { hashSeed, Sampler } from './random';
import { STYLES, type StyleName, type StyleWriter } from './styles';
import { contentWords, keyTerms, questionKind } from './text';

/** Hosted models sample by default too; the app normally passes a temperature anyway. */
const DEFAULT_TEMPERATURE = 0.7;
/** How many of the responses' key terms a proposer borrows when asked to aggregate. */
const BORROWED_TERMS = 3;
/** How many key terms of a conversation's earlier requests a follow-up's answer carries on. */
const CARRIED_TERMS = 2;

/**
 * The request's key terms, then a few of the earlier turns' that it does not repeat: a
 * follow-up ("which one is faster?") is answered about what the conversation was about.
 */
function termsOfRequest(user: string, earlier: string): string[] {
  const own = keyTerms(user);
  if (!earlier.trim()) return own;
  const known = contentWords(own.join(' '));
  const carried = keyTerms(earlier).filter((t) => [...contentWords(t)].some((w) => !known.has(w))).slice(0, CARRIED_TERMS);
  return [...own.slice(0, 1), ...carried, ...own.slice(1)];
}

/**
 * Seeded by model and prompt, so temperature 0 always gives the same answer; at higher
 * temperatures the sampled part is seeded by `seed` when given, else by fresh randomness.
 */
function samplerFor(modelId: string, promptText: string, options: LanguageModelV4CallOptions): Sampler {
  const temperature = options.temperature ?? DEFAULT_TEMPERATURE;
  const nonce = options.seed ?? `random:${Math.random()}`;
  return new Sampler({
    preferredSeed: hashSeed(modelId, promptText),
    sampledSeed: hashSeed(modelId, promptText, temperature, nonce),
    temperature,
  });
}

/**
 * A proposer in an aggregating position is a weak aggregator (as in the paper, some models
 * propose well but aggregate poorly): it keeps its own style and merely borrows a few of the
 * responses' key terms.
 */
function termsWithBorrowing(own: string[], responses: PreviousAnswer[]): string[] {
  if (!responses.length) return own;
  // Borrow terms that several responses share and that add to the request's own terms.
  const known = contentWords(own.join(' '));
  const texts = responses.map((r) => r.text.toLowerCase());
  const sharedBy = (term: string) => texts.filter((t) => t.includes(term.toLowerCase())).length;
  const borrowed = keyTerms(responses.map((r) => r.text).join('\n\n'), 20)
    .filter((t) => sharedBy(t) >= Math.min(2, texts.length) && [...contentWords(t)].every((w) => !known.has(w)))
    .slice(0, BORROWED_TERMS);
  return [...own.slice(0, 1), ...borrowed, ...own.slice(1)];
}

function styleOf(modelId: string): StyleWriter {
  if (modelId in STYLES) return STYLES[modelId as StyleName];
  throw new Error(`Offline model "${modelId}" has no answer style.`);
}

/** The full answer of model `modelId` (a catalog id) before any truncation. */
export function composeAnswer(modelId: string, options: LanguageModelV4CallOptions): string {
  const prompt = readPrompt(options.prompt);
  // Asked to judge two answers (a comparison's judge): every offline model judges the same way.
  const judged = parseJudgeUserMessage(prompt.user);
  if (judged) return judgeOffline(judged.question, judged.a, judged.b);
  // Asked to grade one answer (an evaluation's MT-Bench-style grading): likewise.
  const graded = parseGradeUserMessage(prompt.user);
  if (graded) return gradeOffline(graded.question, graded.response, graded.reference);
  // A council ranker (labelled, anonymised candidates): every offline model ranks the same way.
  const candidates = parseCouncilCandidates(prompt.system);
  if (candidates.length && prompt.system.includes(COUNCIL_REPLY_FORMAT)) return councilOffline(prompt.user, candidates);
  // A sliding window's later step: its synthesis so far is one more candidate to combine.
  const carried = parseWindowCarry(prompt.system);
  const responses = [...(carried !== null ? [{ index: 0, text: carried }] : []), ...parseSynthesisResponses(prompt.system)];
  // Asked to rank the previous answers (a ranking layer): every offline model ranks the same way.
  if (responses.length && prompt.system.includes(RANK_REPLY_FORMAT)) return rankOffline(prompt.user, responses);
  // A top-k layer's judge: every offline model scores the same way.
  if (responses.length && prompt.system.includes(TOP_K_REPLY_FORMAT)) return topKOffline(prompt.user, responses, agreeKOf(prompt.system));
  const sampler = samplerFor(modelId, prompt.all, options);
  const kind = questionKind(prompt.user);
  const terms = termsOfRequest(prompt.user, prompt.earlier);
  if (OFFLINE_MODELS.find((m) => m.id === modelId)?.role === 'aggregator') {
    // Candidates are scored by what the request is about: the carried terms included.
    return synthesise(responses, [prompt.user, ...terms].join('\n'), { terms, kind, sampler });
  }
  return styleOf(modelId)({ terms: termsWithBorrowing(terms, responses), kind, sampler });
}

/** Cuts the answer at the first stop sequence, as a hosted model would. */
export function applyStopSequences(text: string, stopSequences: string[] = []): string {
  const cut = Math.min(...stopSequences.filter(Boolean).map((s) => text.indexOf(s)).filter((i) => i >= 0), text.length);
  return text.slice(0, cut);
}
