/**
 * The council strategy (karpathy's llm-council): every ranker ranks ALL the previous answers,
 * anonymised as "Response A", "Response B", … in its own seeded shuffled order (so neither a
 * model id nor a position bias leaks into the ranking), and the rankings are summed by Borda
 * count. Pure helpers; the engine wiring is separate.
 */
import { mulberry32 } from '../prng';
import type { PreviousAnswer } from './prompts';

export const DEFAULT_COUNCIL_PROMPT = `You are given several anonymised candidate responses to the user's latest request. Evaluate each one critically: is it correct, complete, clear and to the point? Then rank them from best to worst. Do not write a new answer.`;

/** Fixed after any council prompt, so every ranker's reply can be read the same way. */
export const COUNCIL_REPLY_FORMAT =
  'Reply with a short evaluation of each response, then a final block: a line "FINAL RANKING:" followed by one line per response, best first, in the form "1. Response C", "2. Response A", … naming every response label exactly once and nothing else.';

/** A seed for a council layer without one; recorded in the run so replay/export show the same orders. */
export const drawSeed = (): number => Math.floor(Math.random() * 2 ** 31);

/** Label of the i-th shown response: A, B, … Z, AA, AB … */
export function label(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** label → answer number, in the order the ranker is shown them. */
export type CouncilMapping = { label: string; answer: number }[];

/**
 * Each ranker's own order: a Fisher–Yates shuffle from one PRNG stream per (seed, ranker), so
 * rankers differ from each other but a seed always reproduces them.
 */
export function councilMapping(answers: PreviousAnswer[], seed: number, ranker: number): CouncilMapping {
  // One stream per (seed, ranker): the same seed gives the same orders on replay.
  const rand = mulberry32((seed ^ Math.imul(ranker + 1, 0x9e3779b1)) >>> 0);
  const order = answers.map((a) => a.index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.map((answer, i) => ({ label: `Response ${label(i)}`, answer }));
}

/** The ranker's system message: instruction, reply format, the answers under their labels only (never a model id or number). */
export function buildCouncilSystemPrompt(options: { instruction: string; answers: PreviousAnswer[]; mapping: CouncilMapping; agentSystemPrompt?: string }): string {
  const { instruction, answers, mapping, agentSystemPrompt } = options;
  const parts: string[] = [];
  if (agentSystemPrompt?.trim()) parts.push(agentSystemPrompt.trim());
  parts.push(`${instruction.trim()}\n\n${COUNCIL_REPLY_FORMAT}`);
  parts.push(
    [
      `Candidate responses (${mapping.length}):`,
      ...mapping.map((m) => `<candidate label="${m.label}">\n${answers.find((a) => a.index === m.answer)?.text.trim() ?? ''}\n</candidate>`),
    ].join('\n\n'),
  );
  return parts.join('\n\n');
}

const CANDIDATE_BLOCK = /<candidate label="(Response [A-Z]+)">\n?([\s\S]*?)\n?<\/candidate>/g;

/** Reads the labelled candidates back out of a council ranker's system message (the offline ranker reads them so). */
export function parseCouncilCandidates(system: string): { label: string; text: string }[] {
  return Array.from(system.matchAll(CANDIDATE_BLOCK), (m) => ({ label: m[1], text: m[2] }));
}

/**
 * Strict reading: after the last "FINAL RANKING:", lines "k. Response X" numbered 1..n in order,
 * naming every label exactly once. Returns answer numbers best first and the evaluation text, or null.
 */
export function parseCouncilReply(reply: string, mapping: CouncilMapping): { order: number[]; reason: string } | null {
  const at = reply.toUpperCase().lastIndexOf('FINAL RANKING:');
  if (at < 0) return null;
  const lines = reply
    .slice(at + 'FINAL RANKING:'.length)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length !== mapping.length) return null;
  const order: number[] = [];
  for (const [i, line] of lines.entries()) {
    const m = /^(\d+)[.)]\s*(Response\s+[A-Z]+)\s*$/i.exec(line.replace(/[*_`]/g, ''));
    if (!m || Number(m[1]) !== i + 1) return null;
    const hit = mapping.find((x) => x.label.toLowerCase() === m[2].replace(/\s+/, ' ').toLowerCase());
    if (!hit || order.includes(hit.answer)) return null;
    order.push(hit.answer);
  }
  return { order, reason: reply.slice(0, at).trim() };
}

export type BordaRow = { answer: number; points: number; position: number; tied: boolean };

/**
 * Borda count: of n answers the 1st gets n-1 points … the last 0, summed over readable rankings.
 * Equal points share a position (shown "2="), listed in answer-number order. With no readable
 * ranking every answer has 0 points: the order is the answers' order (all tied), as the caller states.
 */
export function bordaCount(answers: number[], rankings: number[][]): BordaRow[] {
  const n = answers.length;
  const points = new Map(answers.map((a) => [a, 0]));
  for (const r of rankings) r.forEach((a, i) => points.set(a, (points.get(a) ?? 0) + (n - 1 - i)));
  const rows = [...answers].sort((a, b) => points.get(b)! - points.get(a)! || a - b).map((answer) => ({ answer, points: points.get(answer)!, position: 0, tied: false }));
  for (const row of rows) {
    row.position = rows.findIndex((r) => r.points === row.points) + 1;
    row.tied = rows.filter((r) => r.points === row.points).length > 1;
  }
  return rows;
}

/** "2=" for a shared position. */
export const positionLabel = (row: Pick<BordaRow, 'position' | 'tied'>): string => `${row.position}${row.tied ? '=' : ''}`;

/** The chairman's line-per-answer aggregate ranking, added to its synthesis prompt. */
export function councilRankingNote(rows: BordaRow[], rankers: number): string {
  const head = rankers > 0 ? `Aggregate ranking of the candidate responses by a council of ${rankers} ranker${rankers === 1 ? '' : 's'} (Borda count, best first):` : 'No council ranking was readable; the responses are in their original order:';
  return [head, ...rows.map((r) => `${positionLabel(r)}. Response ${r.answer} — ${r.points} point${r.points === 1 ? '' : 's'}`)].join('\n');
}
