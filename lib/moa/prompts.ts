/**
 * What an aggregating agent is told. Our own wording of the paper's structure: an instruction
 * to critically synthesise, then the previous layer's answers, numbered. The answers are
 * wrapped in <response> tags so that models (and the offline aggregator) can tell them apart.
 */

export const DEFAULT_SYNTHESIS_PROMPT = `You are given several candidate responses, written by different AI models, to the user's latest request. Evaluate them critically: some may be wrong, biased, padded or incomplete. Do not copy any one of them or mention that they exist. Combine what is correct and useful in them into a single answer that is more accurate, complete and clearly organised than any candidate, and reply to the user directly.`;

/** An answer of the previous layer; `reasoning` only when the config passes reasoning on. */
export type PreviousAnswer = { index: number; text: string; reasoning?: string };

/** Told to aggregators when the answers come with their reasoning (`config.passReasoning`). */
export const REASONING_NOTE =
  'Some responses come with the reasoning their model did before answering, in a <reasoning n="…"> block before the response of the same number. It is working, not an answer: use it to judge the response, but do not quote it.';

/** Builds the system message of an agent in layer 2 or later. */
export function buildSynthesisSystemPrompt(options: {
  instruction: string;
  answers: PreviousAnswer[];
  /** Agents of the previous layer that produced no answer (failed or cancelled). */
  missing?: number;
  agentSystemPrompt?: string;
}): string {
  const { instruction, answers, missing = 0, agentSystemPrompt } = options;
  const parts: string[] = [];
  if (agentSystemPrompt?.trim()) parts.push(agentSystemPrompt.trim());
  parts.push(instruction.trim());
  const heading =
    missing > 0
      ? `Candidate responses (${answers.length} of ${answers.length + missing}; ${missing} did not complete):`
      : `Candidate responses (${answers.length}):`;
  if (answers.some((a) => a.reasoning)) parts.push(REASONING_NOTE);
  parts.push(
    [
      heading,
      ...answers.map((a) =>
        [a.reasoning?.trim() && `<reasoning n="${a.index}">\n${a.reasoning.trim()}\n</reasoning>`, `<response n="${a.index}">\n${a.text.trim()}\n</response>`]
          .filter(Boolean)
          .join('\n\n'),
      ),
    ].join('\n\n'),
  );
  return parts.join('\n\n');
}

const RESPONSE_BLOCK = /<response n="(\d+)">\n?([\s\S]*?)\n?<\/response>/g;

/** Reads the numbered responses back out of a synthesis system prompt. */
export function parseSynthesisResponses(system: string): PreviousAnswer[] {
  return Array.from(system.matchAll(RESPONSE_BLOCK), (m) => ({ index: Number(m[1]), text: m[2] }));
}

export const DEFAULT_RANK_PROMPT = `You are given several candidate responses, written by different AI models, to the user's latest request. Judge which single response answers it best: correct, complete, clear and to the point. Do not write a new answer.`;

/** Fixed after any ranking prompt, so every ranker's reply can be read the same way. */
export const RANK_REPLY_FORMAT = 'Reply with one sentence on why, then a last line "Best: [[n]]" where n is the number of the best response.';

/** Builds the system message of an agent in a ranking layer: the instruction, the reply format, the numbered answers. */
export function buildRankSystemPrompt(options: { instruction: string; answers: PreviousAnswer[]; missing?: number; agentSystemPrompt?: string }): string {
  return buildSynthesisSystemPrompt({ ...options, instruction: `${options.instruction.trim()}\n\n${RANK_REPLY_FORMAT}` });
}

const RANK_TAG = /Best:\s*\[\[\s*(\d+)\s*\]\]/gi;

/**
 * The ranker's pick: the last "Best: [[n]]" naming one of `answers`, and the reply without it
 * as the reason; null when there is none (the engine asks once more, then falls back).
 */
export function parseRankReply(reply: string, answers: PreviousAnswer[]): { answer: number; reason: string } | null {
  const last = [...reply.matchAll(RANK_TAG)].at(-1);
  const answer = last ? Number(last[1]) : NaN;
  if (!answers.some((a) => a.index === answer)) return null;
  return { answer, reason: reply.replace(RANK_TAG, '').trim() };
}

export const DEFAULT_TOP_K_PROMPT = `You are given several candidate responses, written by different AI models, to the user's latest request. Score each one for how well it answers the request: correct, complete, clear and to the point. Do not write a new answer.`;

/** Fixed after any top-k judge prompt, so every judge's scores can be read the same way. */
export const TOP_K_REPLY_FORMAT = 'Reply with one line per response, in their order: "Answer n: s/10 - a short reason", where n is the number of the response and s a score from 0 to 10 (one decimal at most).';

/** Added when the judge's agreement can stop the run early: the k best-scored must agree. */
export const topKAgreeFormat = (k: number) =>
  `Then a last line "Agree: yes" if the ${k} responses you score highest give the same answer in substance (no contradiction between them), else "Agree: no".`;

const AGREE_K = /"Agree: yes" if the (\d+) responses you score highest/;

/** The k a judge was asked about agreement, read back from its instructions (the offline judge); null when not asked. */
export const agreeKOf = (system: string): number | null => {
  const match = AGREE_K.exec(system);
  return match ? Number(match[1]) : null;
};

/** Builds the system message of a top-k layer's judge: the instruction, the reply format, the numbered answers. */
export function buildTopKSystemPrompt(options: { instruction: string; answers: PreviousAnswer[]; missing?: number; agreeK: number | null; agentSystemPrompt?: string }): string {
  const { instruction, agreeK, ...rest } = options;
  const format = agreeK === null ? TOP_K_REPLY_FORMAT : `${TOP_K_REPLY_FORMAT} ${topKAgreeFormat(agreeK)}`;
  return buildSynthesisSystemPrompt({ ...rest, instruction: `${instruction.trim()}\n\n${format}` });
}

export type AnswerScore = { answer: number; score: number; reason: string };

// Markdown emphasis and list bullets around a line are ignored; the rest of the line is the reason.
const SCORE_LINE = /^Answer\s+(\d+)\s*:\s*(\d+(?:\.\d)?)\s*\/\s*10\b\s*(?:[-–—:,;]\s*)?(.*)$/i;
const AGREE_LINE = /^Agree\s*:\s*(yes|no)\s*\.?$/i;
const plainLine = (line: string) => line.replace(/[*_`]/g, '').replace(/^\s*(?:[-•]|\d+[.)])\s+/, '').trim();

/**
 * A top-k judge's reply, read strictly: `scores` is null unless every answer has exactly one
 * line "Answer n: s/10" with s from 0 to 10 (one decimal at most) and no line names another number; `agree`
 * is the last "Agree: yes|no" line, null when there is none. Other lines are ignored.
 */
export function parseTopKReply(reply: string, answers: PreviousAnswer[]): { scores: AnswerScore[] | null; agree: boolean | null } {
  const lines = reply.split('\n').map(plainLine);
  const found = new Map<number, AnswerScore>();
  let valid = true;
  for (const line of lines) {
    const m = SCORE_LINE.exec(line);
    if (!m) continue;
    const answer = Number(m[1]);
    const score = Number(m[2]);
    if (found.has(answer) || score > 10 || !answers.some((a) => a.index === answer)) valid = false;
    else found.set(answer, { answer, score, reason: m[3].trim() });
  }
  const agreeLine = lines.filter((l) => AGREE_LINE.test(l)).at(-1);
  const agree = agreeLine === undefined ? null : AGREE_LINE.exec(agreeLine)![1].toLowerCase() === 'yes';
  const complete = valid && answers.every((a) => found.has(a.index));
  return { scores: complete ? answers.map((a) => found.get(a.index)!) : null, agree };
}
