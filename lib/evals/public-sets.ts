/**
 * Public prompt sets `npm run evalsets:pull` fetches: MT-Bench's 80 questions and AlpacaEval's
 * 805 instructions, at pinned revisions so every machine gets the same items. Nothing of them
 * ships with the app; they are downloaded on a machine with internet.
 */
import { PullError } from '../models/local/pull';
import { HF_ENDPOINT } from '../models/local/recommended';
import { parseImport } from './import';
import { describeSetIssues, promptSetSchema, type PromptSet, type PromptSetInput } from './prompt-set';

export type PublicSetId = 'mt-bench' | 'alpaca-eval';
type Env = Record<string, string | undefined>;

export const GITHUB_RAW_ENDPOINT = 'https://raw.githubusercontent.com';

type PublicSet = {
  id: PublicSetId;
  name: string;
  description: string;
  license: string;
  /** The pinned file holds exactly this many items: anything else is not that file. */
  expectedItems: number;
  url: (env: Env) => string;
  items: (text: string) => PromptSetInput['items'];
};

const base = (value: string | undefined, fallback: string) => (value || fallback).replace(/\/+$/, '');

export const PUBLIC_SETS: readonly PublicSet[] = [
  {
    id: 'mt-bench',
    name: 'MT-Bench (80 questions)',
    description:
      'MT-Bench (Zheng et al., 2023): 80 questions in 8 categories, from FastChat. First turns only: each second turn asks the model to revise its own first answer, which a single-turn evaluation cannot do, so it is dropped. Reference answers where the file gives one (math, reasoning, most coding).',
    license: 'Apache-2.0 (FastChat)',
    expectedItems: 80,
    // The commit that added the file; it has not changed since.
    url: (env) => `${base(env.GITHUB_RAW_ENDPOINT, GITHUB_RAW_ENDPOINT)}/lm-sys/FastChat/b494d0c6b4e7935f1764f8439e75da3e66beccc7/fastchat/llm_judge/data/mt_bench/question.jsonl`,
    items: (text) => {
      const result = parseImport(text, { format: 'jsonl' });
      if (!result.ok) throw new Error(result.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`).join('; '));
      return result.items;
    },
  },
  {
    id: 'alpaca-eval',
    name: 'AlpacaEval (805 instructions)',
    description:
      "AlpacaEval (Li et al., 2023; Dubois et al., 2024): the 805 instructions of its evaluation set. The category is the source each instruction came from (helpful_base, koala, oasst, selfinstruct, vicuna). The file's outputs are the baseline model's answers, not references, and are left out.",
    license: 'CC BY-NC 4.0 (tatsu-lab/alpaca_eval): non-commercial use',
    expectedItems: 805,
    // The dataset revision that uploaded alpaca_eval.json; later revisions did not change it.
    url: (env) => `${base(env.HF_ENDPOINT, HF_ENDPOINT)}/datasets/tatsu-lab/alpaca_eval/resolve/57530fed23a308e771c06bba55cb49b7e7625711/alpaca_eval.json`,
    items: (text) => {
      const records: unknown = JSON.parse(text);
      if (!Array.isArray(records)) throw new Error('expected a JSON array of {instruction, output, generator, dataset}.');
      return records.map((record: { instruction?: unknown; dataset?: unknown }, i) => ({
        id: String(i + 1),
        prompt: record.instruction as string,
        ...(typeof record.dataset === 'string' && record.dataset ? { category: record.dataset } : {}),
      }));
    },
  },
];

export function publicSet(id: string): PublicSet | undefined {
  return PUBLIC_SETS.find((set) => set.id === id);
}

export type PullSetOptions = { env?: Env; timeoutMs?: number; signal?: AbortSignal };

/**
 * Downloads one public set and turns it into a validated prompt set. Fails with a PullError
 * (`offline` when the host could not be reached at all) and writes nothing.
 */
export async function pullPublicSet(id: PublicSetId, { env = process.env, timeoutMs = 15_000, signal }: PullSetOptions = {}): Promise<PromptSet> {
  const source = publicSet(id)!;
  const url = source.url(env);
  const host = new URL(url).host;
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
  } catch (error) {
    if (signal?.aborted) throw error;
    const why = timeout.aborted ? `no answer within ${timeoutMs / 1000} s` : describeCause(error);
    throw new PullError(`No internet connection: could not reach ${host} (${why}). Nothing was written.`, true);
  }
  if (!response.ok) throw new PullError(`${host} answered HTTP ${response.status} for ${source.name}: try again later. Nothing was written.`);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw error;
    const why = timeout.aborted ? `not finished within ${timeoutMs / 1000} s` : describeCause(error);
    throw new PullError(`The download of ${source.name} from ${host} broke off (${why}). Nothing was written; try again.`);
  }

  let set: PromptSetInput;
  try {
    set = {
      id: source.id,
      name: source.name,
      description: source.description,
      source: { url, license: source.license, retrievedAt: new Date().toISOString().slice(0, 10) },
      items: source.items(text),
    };
  } catch (error) {
    throw new PullError(`${url} is not what ${source.name} should be: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (set.items.length !== source.expectedItems) {
    throw new PullError(`${url} holds ${set.items.length} items where ${source.name} has ${source.expectedItems}: not the pinned file.`);
  }
  const parsed = promptSetSchema.safeParse(set);
  if (!parsed.success) {
    throw new PullError(`${source.name} from ${host} does not fit a prompt set: ${describeSetIssues(parsed.error, 3)}`);
  }
  return parsed.data;
}

/** Node's fetch hides the reason in `cause` (ECONNREFUSED, ENOTFOUND…). */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
