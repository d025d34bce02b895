import { describeIssues, moaConfigSchema, type MoAConfig } from '../moa/config';
import { stripIds } from './board';

/** Far above any valid config; a bigger file is not one. */
export const MAX_IMPORT_BYTES = 1_000_000;
const MAX_DETAILS = 6;

export type ImportResult = { ok: true; config: MoAConfig } | { ok: false; error: string; details?: string[] };

/** The config as a JSON file: what the schema validates, without the builder's ids. */
export function exportConfigJson(config: MoAConfig): string {
  const { version, layers, synthesisPrompt, rankPrompt, topKPrompt, councilPrompt, windowPrompt, passReasoning, resilience, budgetUsd, pricing } = stripIds(config);
  return `${JSON.stringify({ version, layers, synthesisPrompt, rankPrompt, topKPrompt, councilPrompt, windowPrompt, passReasoning, resilience, budgetUsd, pricing }, null, 2)}\n`;
}

/** Reads an imported file: JSON, then the same schema the server uses. */
export function parseConfigJson(text: string): ImportResult {
  if (new TextEncoder().encode(text).length > MAX_IMPORT_BYTES) {
    return { ok: false, error: `The file is larger than ${MAX_IMPORT_BYTES / 1_000_000} MB, far more than any valid config.` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: 'The file is not valid JSON.', details: [error instanceof Error ? error.message : String(error)] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('layers' in data)) {
    return { ok: false, error: 'The file is JSON but not a MoA config: it needs a "layers" list.' };
  }
  const parsed = moaConfigSchema.safeParse(data);
  if (!parsed.success) {
    const issues = [...new Set(describeIssues(parsed.error))];
    const details = issues.length > MAX_DETAILS ? [...issues.slice(0, MAX_DETAILS), `…and ${issues.length - MAX_DETAILS} more.`] : issues;
    return { ok: false, error: 'The file is not a valid MoA config.', details };
  }
  return { ok: true, config: parsed.data };
}
