/**
 * Single-answer grading, MT-Bench style: the judge rates one answer 1–10, against the item's
 * reference answer when it has one (MT-Bench's "single-v1" and "single-math-v1" prompts).
 * Dependency-free: the server sends it, the offline models recognise it, the browser shows it.
 */

export const GRADE_INSTRUCTIONS = `Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question below. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of the response. Begin your evaluation by providing a short explanation. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "Rating: [[rating]]", for example: "Rating: [[5]]".`;

export const GRADE_WITH_REFERENCE_INSTRUCTIONS = `Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question below. Your evaluation should consider correctness and helpfulness. You will be given a reference answer and the assistant's answer. Begin your evaluation by comparing the assistant's answer with the reference answer. Identify and correct any mistakes. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "Rating: [[rating]]", for example: "Rating: [[5]]".`;

/** Tags inside the texts would end their block early or fake another: neutralised (a zero-width space). */
const neutralise = (text: string) => text.replace(/<(\/?)(question|reference|response)\b/gi, '<$1$2\u200b');

/** The user message: the question, the reference when there is one, and the response. */
export function gradeUserMessage(question: string, response: string, reference?: string): string {
  return [
    `<question>\n${neutralise(question.trim())}\n</question>`,
    ...(reference ? [`<reference>\n${neutralise(reference.trim())}\n</reference>`] : []),
    `<response>\n${neutralise(response.trim())}\n</response>`,
  ].join('\n\n');
}

const BLOCK = (tag: string) => new RegExp(`<${tag}>\\n?([\\s\\S]*?)\\n?</${tag}>`);

/** Reads a grading request back (the offline grader does); null when the text is not one. */
export function parseGradeUserMessage(text: string): { question: string; response: string; reference?: string } | null {
  const question = BLOCK('question').exec(text)?.[1];
  const response = BLOCK('response').exec(text)?.[1];
  const reference = BLOCK('reference').exec(text)?.[1];
  return question === undefined || response === undefined ? null : { question, response, ...(reference !== undefined && { reference }) };
}

/**
 * The rating a judge gave: its last `[[n]]` (MT-Bench's format), else its last "Rating: n",
 * from 1 to 10 (halves allowed); null when it gave none in range. The explanation is the reply
 * without the rating line, shortened.
 */
export function parseRating(text: string): { rating: number | null; explanation: string } {
  const bracketed = [...text.matchAll(/\[\[\s*(\d+(?:\.\d+)?)\s*\]\]/g)].at(-1)?.[1];
  const line = [...text.matchAll(/rating\s*[:：-]\s*[*_"'`]*\s*(\d+(?:\.\d+)?)\b/gi)].at(-1)?.[1];
  const value = Number(bracketed ?? line);
  const rating = Number.isFinite(value) && value >= 1 && value <= 10 ? value : null;
  const rest = text.replace(/^.*rating\s*[:：-].*$/gim, '').replace(/\s+/g, ' ').trim();
  return { rating, explanation: rest.length > 600 ? `${rest.slice(0, 597)}…` : rest };
}
