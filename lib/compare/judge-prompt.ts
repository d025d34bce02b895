/**
 * What a judge is asked, and how its answer is read. Dependency-free: the browser shows the
 * prompt, the server sends it, and the offline models recognise it.
 */

export const DEFAULT_JUDGE_INSTRUCTIONS = `You are an impartial judge. Compare two answers to the user's question below. Judge which one answers it better: correct, complete, specific and clearly organised. Do not let the order in which the answers appear, their length or their style sway you; if neither is clearly better, say tie.

End your reply with exactly these two lines:
Verdict: A, B or tie
Rationale: one or two sentences on why.`;

export const MAX_JUDGE_INSTRUCTIONS_CHARS = 8_000;

export type Verdict = 'A' | 'B' | 'tie';

/** Tags inside an answer would end its block early or fake another: neutralised (a zero-width space). */
const neutralise = (text: string) => text.replace(/<(\/?)(answer|question)\b/gi, '<$1$2\u200b');

/** The user message: the question, then the two answers in labelled blocks. */
export function judgeUserMessage(question: string, first: string, second: string): string {
  return [
    `<question>\n${neutralise(question.trim())}\n</question>`,
    `<answer label="A">\n${neutralise(first.trim())}\n</answer>`,
    `<answer label="B">\n${neutralise(second.trim())}\n</answer>`,
  ].join('\n\n');
}

const BLOCK = (tag: string, label?: string) => new RegExp(`<${tag}${label ? ` label="${label}"` : ''}>\\n?([\\s\\S]*?)\\n?</${tag}>`);

/** Reads a judge request back (the offline judge does); null when the text is not one. */
export function parseJudgeUserMessage(text: string): { question: string; a: string; b: string } | null {
  const question = BLOCK('question').exec(text)?.[1];
  const a = BLOCK('answer', 'A').exec(text)?.[1];
  const b = BLOCK('answer', 'B').exec(text)?.[1];
  return question === undefined || a === undefined || b === undefined ? null : { question, a, b };
}

/**
 * The verdict a judge wrote: its last "Verdict: A|B|tie" line (MT-Bench's [[A]] / [[B]] / [[C]]
 * are read too), or null when it gave none. The rationale is its "Rationale:" line, else the
 * reply without the verdict, shortened.
 */
export function parseVerdict(text: string): { verdict: Verdict | null; rationale: string } {
  const lines = [...text.matchAll(/verdict\s*[:：-]\s*[*_"'`[(]*\s*(A|B|tie|draw|C)\b/gi)];
  const bracketed = [...text.matchAll(/\[\[(A|B|C|tie)\]\]/gi)];
  const raw = (lines.at(-1) ?? bracketed.at(-1))?.[1]?.toUpperCase();
  const verdict: Verdict | null = raw === 'A' || raw === 'B' ? raw : raw ? 'tie' : null;
  const rationaleLine = /rationale\s*[:：-]\s*([\s\S]+)/i.exec(text)?.[1];
  const rest = (rationaleLine ?? text.replace(/^.*verdict\s*[:：-].*$/gim, '')).replace(/\s+/g, ' ').trim();
  return { verdict, rationale: rest.length > 600 ? `${rest.slice(0, 597)}…` : rest };
}

/** The verdict of the swapped order, told in the first order's labels. */
export const unswap = (verdict: Verdict | null): Verdict | null => (verdict === 'A' ? 'B' : verdict === 'B' ? 'A' : verdict);

/**
 * Both orders' verdicts (the second already unswapped) into one: agreement stands; a judge
 * that changes its mind when the answers swap places, or gives no verdict, is a tie.
 */
export function combineVerdicts(first: Verdict | null, second: Verdict | null): { verdict: Verdict; agreed: boolean; reason: string } {
  if (first === null || second === null) return { verdict: 'tie', agreed: false, reason: 'The judge gave no clear verdict in one of the orders.' };
  if (first === second) {
    return { verdict: first, agreed: true, reason: first === 'tie' ? 'The judge found them even in both orders.' : 'The judge chose the same answer in both orders.' };
  }
  return { verdict: 'tie', agreed: false, reason: 'The judge disagreed with itself when the answers swapped places: a tie.' };
}
