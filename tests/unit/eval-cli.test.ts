// The headless evaluation CLI, end to end in a child process, on the offline models.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKeyStore } from '@/lib/api/keys';
import { createSavedConfigStore } from '@/lib/configs/store';
import { moaConfigSchema } from '@/lib/moa/config';
import { openDatabase } from '@/lib/runs/db';
import { createRunStore } from '@/lib/runs/store';
import { runScript } from './helpers/run-script';
import { spawnPGliteWorker } from './helpers/ts-worker';

const dir = mkdtempSync(join(tmpdir(), 'moa-eval-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run eval -- …` as package.json has it; vitest's env (no provider keys) with the offline models at full speed, storage in memory. */
const evalCli = (args: string[], env: Record<string, string> = {}) =>
  runScript('eval.ts', args, { nodeArgs: ['--conditions=react-server'], env: { OFFLINE_TOKENS_PER_SECOND: '0', OFFLINE_FIRST_TOKEN_MS: '0', DATA_DIR: 'memory://', MOA_API_KEY: '', ...env } });

type Unit = { key: string; kind: 'run' | 'judge' | 'grade'; item: number; config: number; result: Record<string, unknown> | null };

describe('npm run eval', () => {
  it('runs quick-12 (4 items) on single vs MoA-Lite, prints the table and writes every unit with its run id', async () => {
    const out = join(dir, 'results.json');
    const { code, stdout, stderr } = await evalCli(['--set', 'quick-12', '--limit', '4', '--config', 'single', '--config', 'moa-lite', '--judge', 'offline:synth', '--grade', '--out', out]);
    expect(stderr).not.toMatch(/Error|could not start/);
    expect(code).toBe(0);

    const lines = stdout.split('\n');
    const header = lines.find((l) => l.startsWith('configuration'))!;
    for (const column of ['W/T/L', 'win rate [95% CI]', 'consistency', 'score 1–10 [95% CI]', 'mean length', 'cost/item', 'tokens/item', 'latency p50/p95']) expect(header).toContain(column);
    const baselineRow = lines.find((l) => l.startsWith('Single model (offline:synth)'))!;
    expect(baselineRow).toMatch(/baseline/);
    const liteRow = lines.find((l) => l.startsWith('MoA-Lite (2 layers)'))!;
    const [, w, t, l] = /(\d+)\/(\d+)\/(\d+)/.exec(liteRow)!.map(Number);
    expect(w + t + l).toBe(4);
    expect(liteRow).toMatch(/\d+\.\d% \[\d+\.\d%–\d+\.\d%\]/);
    expect(liteRow).toContain('$0');
    // The mean rating of its 4 answers, with its t interval.
    expect(liteRow).toMatch(/ \d+\.\d \[\d+\.\d–\d+\.\d\] /);
    // Progress went to stderr, a line at a time (not a terminal), ending with every unit done.
    expect(stderr).toMatch(/\] 20 done · 0 failed · 0 remaining\n/);

    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.spec.configs.map((c: { id: string }) => c.id)).toEqual(['single', 'moa-lite']);
    expect(json.spec.set.items).toHaveLength(4);
    const runs = (json.units as Unit[]).filter((u) => u.kind === 'run');
    const judges = (json.units as Unit[]).filter((u) => u.kind === 'judge');
    expect(runs).toHaveLength(8);
    expect(judges).toHaveLength(4);
    for (const run of runs) expect(run.result).toMatchObject({ status: 'finished', runId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), costUsd: 0 });
    expect(new Set(runs.map((r) => r.result!.runId)).size).toBe(8);
    for (const judge of judges) expect(judge.result).toMatchObject({ status: 'judged', outcome: expect.stringMatching(/^(win|tie|loss)$/) });
    const grades = (json.units as Unit[]).filter((u) => u.kind === 'grade');
    expect(grades).toHaveLength(8);
    for (const grade of grades) expect(grade.result).toMatchObject({ status: 'graded', rating: expect.any(Number) });
    // The table says what the JSON's results say.
    expect(json.results.configs[1].pairwise).toMatchObject({ n: 4, wins: w, ties: t, losses: l });
    expect(json.results.progress).toMatchObject({ total: 20, done: 20, remaining: 0 });
    expect(json.results.configs[1].grades).toMatchObject({ n: 4 });
  }, 180_000);

  it("takes a key owner's saved configurations by name and version, and records the versions and the owner on the runs", async () => {
    // A server's storage, as a browser left it: a saved board in two versions and an API key.
    const dataDir = join(dir, 'server-data');
    const proposers = (n: number) =>
      moaConfigSchema.parse({ layers: [{ agents: Array.from({ length: n }, () => ({ model: 'offline:concise' })) }, { agents: [{ model: 'offline:synth' }] }] });
    const setup = await openDatabase({ dataDir, pgliteWorker: spawnPGliteWorker });
    const owner = 'browser-owner-hash';
    const configs = createSavedConfigStore(setup.db);
    const v1 = await configs.create(owner, 'Team board', proposers(2));
    const v2 = await configs.addVersion(owner, 'team-board', proposers(3));
    const made = await createApiKeyStore(setup.db).create(owner, 'ci');
    await setup.close();
    if (!v1.ok || !v2.ok || !made) throw new Error('setup refused');

    const out = join(dir, 'saved.json');
    const args = ['--set', 'quick-12', '--limit', '2', '--config', 'saved:team-board@1', '--config', 'saved:team-board', '--judge', 'offline:synth', '--out', out];
    const run = await evalCli(args, { DATA_DIR: dataDir, MOA_API_KEY: made.key });
    expect(run.stderr).not.toMatch(/Error|could not start/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Team board v1 .*baseline/m);
    expect(run.stdout).toMatch(/^Team board v2 /m);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.spec.configs.map((c: { id: string; configVersionId: string }) => [c.id, c.configVersionId])).toEqual([
      ['team-board-v1', v1.value.versionId],
      ['team-board-v2', v2.value.versionId],
    ]);
    expect(json.spec.configs[1].config.layers[0].agents).toHaveLength(3);
    // Its runs are the key owner's (their History lists them) and name the version they ran.
    const check = await openDatabase({ dataDir, pgliteWorker: spawnPGliteWorker });
    try {
      const runs = createRunStore(check.db, check.batch);
      const runIds = (json.units as Unit[]).filter((u) => u.kind === 'run').map((u) => u.result!.runId as string);
      expect(runIds).toHaveLength(4);
      const listed = await runs.listRuns(owner);
      expect(listed.map((r) => r.id).sort()).toEqual([...runIds].sort());
    } finally {
      await check.close();
    }

    // Unknown names list what the owner has; without a key, the error says what to set; a wrong key is refused.
    const unknown = await evalCli(['--set', 'quick-12', '--config', 'saved:team-bord', '--config', 'single', '--judge', 'offline:synth'], { DATA_DIR: dataDir, MOA_API_KEY: made.key });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("saved:team-bord: no such saved configuration. This key's owner has: saved:team-board (v1–v2).");
    const noKey = await evalCli(['--set', 'quick-12', '--config', 'saved:team-board', '--config', 'single', '--judge', 'offline:synth'], { DATA_DIR: dataDir });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('saved:team-board: saved configurations are each owner');
    expect(noKey.stderr).toContain('Set MOA_API_KEY');
    const wrongKey = await evalCli(['--set', 'quick-12', '--config', 'saved:team-board', '--config', 'single', '--judge', 'offline:synth'], { DATA_DIR: dataDir, MOA_API_KEY: `${made.key.slice(0, -2)}xx` });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toContain('MOA_API_KEY is not a key of this storage');
  }, 240_000);

  it('exits 2 with a clear message on bad input', async () => {
    const few = await evalCli(['--set', 'quick-12', '--config', 'single', '--judge', 'offline:synth']);
    expect(few.code).toBe(2);
    expect(few.stderr).toContain('Give at least 2 configurations with --config (the first is the baseline)');
    expect(few.stdout).toBe('');

    const unknown = await evalCli(['--set', 'quick-12', '--config', 'single', '--config', 'mao', '--judge', 'offline:gpt-9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown configuration "mao": give a preset (moa, moa-lite');

    // Priced like a real model, the evaluation's upper bound is over a tiny budget: refused before any run.
    const priced = join(dir, 'priced.json');
    writeFileSync(priced, JSON.stringify({ layers: [{ agents: [{ model: 'offline:synth' }] }], pricing: { 'offline:synth': { inputPerMTok: 3, outputPerMTok: 15 } } }));
    const over = await evalCli(['--set', 'quick-12', '--config', priced, '--config', 'single', '--judge', 'offline:synth', '--budget', '0.001']);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/The evaluation was not started:\n  This evaluation could cost up to \$\d+\.\d{4}, over the \$0\.001 budget\./);
  }, 120_000);
});
