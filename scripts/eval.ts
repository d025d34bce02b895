/**
 * `npm run eval -- --set <set> --config <config> --config <config>… --judge <model>`: runs an
 * evaluation without the browser and prints its results. See HELP.
 */
import { setMaxListeners } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import nextEnv from '@next/env';

const HELP = `Usage: npm run eval -- --set <set> --config <config> --config <config> [...] --judge <model> [options]

Runs every item of a prompt set through 2–8 configurations, judges each configuration's answer
against the baseline's (the first --config) in both orders, and prints win rates, cost and latency.

  --set <set>          a built-in set (quick-12, general-48, reasoning-30), a set pulled with
                       npm run evalsets:pull (mt-bench, alpaca-eval), or a file: a set as .json,
                       prompts as .jsonl or .csv
  --config <config>    repeat 2–8 times; the first is the baseline. A preset (moa, moa-lite,
                       single-proposer, self-moa, local-moa), "single" (the first other
                       configuration's aggregator alone), a saved configuration (saved:<slug> for
                       its latest version, saved:<slug>@<n> for version n; needs MOA_API_KEY), a
                       model id (provider:model, alone), or a .json file holding a configuration
                       (or a run export's {config})
  --judge <model>      the judge, e.g. openai:gpt-4.1-mini; offline:synth judges heuristically
                       (not an LLM)
  --grade              also rate every answer 1–10 (MT-Bench's single-answer grading; against the
                       item's reference answer when it has one)
  --concurrency <n>    runs and judgements at once, 1–32 (default 4)
  --budget <usd>       refuse to start when the evaluation could cost more (an upper bound over
                       every run and judge call), and stop if its spend gets there
  --limit <n>          only the first n items of the set
  --name <text>        a name for the evaluation (kept in the JSON)
  --out <file.json>    also write the spec, every unit's result (with its run id) and the results
  -h, --help           this text

Models: the keys in the environment or .env.local, as the server reads them; without any, the
offline models. Every run is stored like the app's runs: in the PostgreSQL of DATABASE_URL, else
in the PGlite folder DATA_DIR as set in the shell, else in data/eval-cli (a DATA_DIR in .env files
is the server's and is not used). A PGlite folder must not be open in a running server at the
same time: give the CLI a folder of its own. Runs in a PostgreSQL shared with a server are not
touched; the server shows the stored runs (/r/<run id>) once it uses the same storage.

MOA_API_KEY: an API key (made on the app's API page, /developers) names whose saved
configurations saved:<slug> reads, in the storage below, and whose History lists the runs.

Exit status: 0 when the evaluation ran to its end (failed items are counted in the table), 2 on
bad input, 1 when it could not run, 130 when interrupted (Ctrl-C: results so far are printed).`;

const shellDataDir = process.env.DATA_DIR;
nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
// Never the dev server's PGlite folder (two processes would corrupt it): the shell's, or our own.
if (!process.env.DATABASE_URL) process.env.DATA_DIR = shellDataDir || 'data/eval-cli';

type Options = { set: string; configs: string[]; judge: string; grade: boolean; concurrency?: number; budget?: number; limit?: number; name?: string; out?: string };

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        set: { type: 'string' },
        config: { type: 'string', multiple: true },
        judge: { type: 'string' },
        grade: { type: 'boolean' },
        concurrency: { type: 'string' },
        budget: { type: 'string' },
        limit: { type: 'string' },
        name: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  if (values.help) return 'help';
  const count = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--${name} must be a whole number above 0 (got "${value}").`);
    return Number(value);
  };
  if (!values.set) throw new UsageError('Give a prompt set with --set (e.g. --set quick-12).');
  const configs = values.config ?? [];
  if (configs.length < 2) throw new UsageError(`Give at least 2 configurations with --config (the first is the baseline), e.g. --config single --config moa-lite; got ${configs.length}.`);
  if (configs.length > 8) throw new UsageError(`Give at most 8 configurations with --config; got ${configs.length}.`);
  if (!values.judge) throw new UsageError('Give a judge model with --judge (e.g. --judge offline:synth, or a model of a configured provider).');
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(budget > 0)) throw new UsageError(`--budget must be a number of dollars above 0 (got "${values.budget}").`);
  return { set: values.set, configs, judge: values.judge, grade: !!values.grade, budget, concurrency: count('concurrency', values.concurrency), limit: count('limit', values.limit), name: values.name, out: values.out };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  // Imported only now: they read the env settled above.
  const [{ resolveConfigs, resolveSet, InputError }, { parseEvaluationSpec, unitKey, unitsOf }, { runEvaluationInProcess }, results, table, { modelsOf }, { getModelRegistry }, { unavailableModels }, format, storage, budget, { countTokens }, { createApiKeyStore }, { createSavedConfigStore }] =
    await Promise.all([
      import('../lib/evals/cli-inputs'),
      import('../lib/evals/spec'),
      import('../lib/evals/execute'),
      import('../lib/evals/results'),
      import('../lib/evals/results-table'),
      import('../lib/moa/config'),
      import('../lib/models/server'),
      import('../lib/runs/start'),
      import('../lib/format'),
      import('./eval-storage'),
      import('../lib/evals/budget'),
      import('../lib/tokens'),
      import('../lib/api/keys'),
      import('../lib/configs/store'),
    ]);

  // Opened when first needed: saved configurations are read from it, and bad input is told before it opens.
  let opening: ReturnType<typeof storage.openCliStore> | undefined;
  const storageOpen = () => (opening ??= storage.openCliStore());
  let owner: Promise<string | null> | undefined;
  /** Whose saved configurations `saved:` names, and whose runs these are: the owner of MOA_API_KEY. */
  const ownerOf = () =>
    (owner ??= (async () => {
      const key = process.env.MOA_API_KEY?.trim();
      if (!key) return null;
      const { db, where } = await storageOpen();
      const caller = await createApiKeyStore(db).verify(key);
      if (!caller) throw new InputError(`MOA_API_KEY is not a key of this storage (${where}): unknown, revoked or mistyped. Make one on the app's API page (/developers).`);
      return caller.ownerHash;
    })());
  const savedSource = {
    async resolve(slug: string, version?: number) {
      const ownerHash = await ownerOf();
      return ownerHash ? createSavedConfigStore((await storageOpen()).db).resolve(ownerHash, slug, version) : null;
    },
    async list() {
      const ownerHash = await ownerOf();
      return ownerHash ? createSavedConfigStore((await storageOpen()).db).list(ownerHash) : [];
    },
  };

  let spec;
  try {
    const set = await resolveSet(options.set, options.limit);
    const configs = await resolveConfigs(options.configs, await getModelRegistry().list(), process.env.MOA_API_KEY?.trim() ? savedSource : null);
    const problems = unavailableModels([...new Set([...configs.flatMap((c) => modelsOf(c.config)), options.judge])]);
    if (problems.length) throw new InputError(`These models cannot be used:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    const parsed = parseEvaluationSpec({ name: options.name, set, configs, baseline: 0, judge: { model: options.judge, grading: options.grade }, concurrency: options.concurrency, budgetUsd: options.budget });
    if (!parsed.ok) throw new InputError(`The evaluation is not valid:\n${parsed.errors.map((e) => `  ${e}`).join('\n')}`);
    spec = parsed.spec;
    const overBudget = budget.checkEvaluationBudget(spec, budget.estimateEvaluationCost(spec, countTokens));
    if (overBudget.length) throw new InputError(`The evaluation was not started:\n${overBudget.map((e) => `  ${e}`).join('\n')}`);
    await ownerOf();
  } catch (error) {
    await opening?.then((opened) => opened.close(), () => {});
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }

  const units = unitsOf(spec);
  const { store, where, close } = await storageOpen();
  const ownerHash = await ownerOf();
  const heuristic = spec.judge.model.startsWith('offline:') ? ' (offline heuristic, not an LLM)' : '';
  console.error(
    `Evaluating ${spec.set.name}: ${spec.set.items.length} items × ${spec.configs.length} configurations (baseline: ${spec.configs[0].label}), ` +
      `judged by ${spec.judge.model}${heuristic}. ${units.length} units at concurrency ${spec.concurrency}; runs stored in ${where}.`,
  );

  const stop = new AbortController();
  // Every running unit listens to it, as in the server's driver (lib/evals/drive.ts).
  setMaxListeners(8 * spec.concurrency + 10, stop.signal);
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130);
    console.error('\nStopping: running items are cancelled (Ctrl-C again to quit at once)…');
    stop.abort();
  });

  const progress = showProgress(units.length, results.unitState, format.formatMs);
  const startedAt = new Date();
  const outcome = await runEvaluationInProcess(spec, { store, ownerHash }, { signal: stop.signal, onUnit: (_, result) => progress.update(result) });
  progress.end();
  await close();

  const derived = results.deriveResults(spec, outcome);
  const categories = table.formatCategoryTable(derived);
  const judged = derived.progress.judgements;
  console.log(
    [
      `${spec.name ?? spec.set.name} · ${spec.set.items.length} items · judge ${spec.judge.model}${heuristic}${outcome.aborted ? ' · INTERRUPTED: partial results' : ''}`,
      '',
      table.formatResultsTable(derived),
      '',
      'W/T/L against the baseline; win rate = (wins + ties/2) / judged items, 95% Wilson interval; consistency = items whose',
      'two judge orders (answers swapped) agreed, a flip counting as a tie. Latency: run start to end, over finished runs.',
      ...(spec.judge.grading ? ['Score: the mean 1–10 rating of the answers (MT-Bench single-answer grading), 95% Student t interval.'] : []),
      ...(categories ? ['', categories] : []),
      '',
      table.formatParetoLine(derived),
      `Judge: ${judged.done} judgements (${judged.skipped} skipped, ${judged.failed} failed)${spec.judge.grading ? `, ${derived.progress.grades.done} gradings (${derived.progress.grades.skipped} skipped, ${derived.progress.grades.failed} failed)` : ''}, cost ${derived.judge.costUsd === null ? 'unknown' : format.formatUsd(derived.judge.costUsd)}.`,
    ].join('\n'),
  );

  if (options.out) {
    const path = resolve(options.out);
    const unitResults = units.map((unit) => ({
      key: unitKey(unit),
      ...unit,
      itemId: spec.set.items[unit.item].id,
      configId: spec.configs[unit.config].id,
      result: results.resultOf(unit, outcome) ?? null,
    }));
    const document = { version: 1, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), aborted: outcome.aborted, storage: where, spec, units: unitResults, results: derived };
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
    console.error(`Wrote ${path}`);
  }
  return outcome.aborted ? 130 : 0;
}

/** One line on stderr: redrawn in place on a terminal, else printed at every tenth of the way. */
function showProgress<R>(total: number, stateOf: (result: R) => 'done' | 'failed' | 'skipped', formatMs: (ms: number) => string) {
  const tty = process.stderr.isTTY;
  const started = performance.now();
  const counts = { done: 0, failed: 0, skipped: 0 };
  let tenth = 0;
  const line = () => {
    const ended = counts.done + counts.failed + counts.skipped;
    const remaining = total - ended;
    const width = 24;
    const filled = Math.round((ended / total) * width);
    const eta = ended && remaining ? ` · ETA ${formatMs(((performance.now() - started) / ended) * remaining)}` : '';
    const skipped = counts.skipped ? ` · ${counts.skipped} skipped` : '';
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts.done} done · ${counts.failed} failed${skipped} · ${remaining} remaining${eta}`;
  };
  return {
    update(result: R) {
      counts[stateOf(result)]++;
      const ended = counts.done + counts.failed + counts.skipped;
      if (tty) process.stderr.write(`\r${line()}\x1b[K`);
      else if (Math.floor((ended * 10) / total) > tenth) {
        tenth = Math.floor((ended * 10) / total);
        console.error(line());
      }
    },
    end() {
      if (tty) process.stderr.write(`\r${line()}\x1b[K\n`);
    },
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      console.error(`eval: ${error.message}`);
      process.exit(2);
    }
    console.error(`eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
