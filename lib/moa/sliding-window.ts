/**
 * The sliding-window strategy (Self-MoA-Seq, arXiv 2502.00674): one aggregator reads the
 * previous answers w at a time, carrying its synthesis so far from step to step, so that many
 * samples fit a context window. Pure helpers; the engine runs the steps.
 */
import { formatNumberList } from '../format';

/** The previous answers w at a time: ceil(n/w) steps, the last may be short (7, w=3 → 3, 3, 1). */
export function windows<T>(answers: T[], w: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < answers.length; i += w) out.push(answers.slice(i, i + w));
  return out.length ? out : [[]];
}

/** Added to a step's prompt after the first: the running synthesis, clearly marked as the agent's own. */
export function windowCarry(synthesis: string, read: number[]): string {
  return [
    `Your synthesis so far (written from responses ${formatNumberList(read)}; it is your own earlier work, not a candidate response). Improve it with the candidate responses above into one answer that covers all of them:`,
    `<synthesis>\n${synthesis.trim()}\n</synthesis>`,
  ].join('\n\n');
}

const SYNTHESIS_BLOCK = /<synthesis>\n?([\s\S]*?)\n?<\/synthesis>/;

/** The running synthesis a step carries, read back out of its system message (the offline aggregator reads it so). */
export const parseWindowCarry = (system: string): string | null => SYNTHESIS_BLOCK.exec(system)?.[1] ?? null;
