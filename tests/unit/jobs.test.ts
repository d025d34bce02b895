// The durable job queue (pg-boss) on the run database: PGlite through its worker thread here,
// and a real PostgreSQL too when TEST_DATABASE_URL is set (npm run test:postgres).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/lib/runs/db';
import { ensureQueue, openJobs, retryOrphans, type Jobs } from '@/lib/jobs/queue';
import { spawnPGliteWorker } from './helpers/ts-worker';

const QUEUE = 'test-queue';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function open(dataDir: string): Promise<{ handle: DatabaseHandle; jobs: Jobs }> {
  const handle = await openDatabase({ dataDir, pgliteWorker: spawnPGliteWorker });
  const jobs = await openJobs(handle);
  await ensureQueue(jobs, QUEUE, { heartbeatSeconds: 10, retryLimit: 3, oneActivePerKey: true });
  return { handle, jobs };
}

async function close({ handle, jobs }: { handle: DatabaseHandle; jobs: Jobs }) {
  await jobs.boss.stop({ graceful: false, timeout: 1000 }).catch(() => {});
  await handle.close();
}

describe('jobs on PGlite', () => {
  it('a job is worked once and completed; one active per key', async () => {
    const db = await open('memory://');
    const seen: string[] = [];
    await db.jobs.boss.work<{ n: number }>(QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      seen.push(`${job.data.n}`);
    });
    await db.jobs.boss.send(QUEUE, { n: 1 }, { singletonKey: 'a' });
    await vi.waitFor(() => expect(seen).toEqual(['1']), { timeout: 20_000 });
    await close(db);
  }, 60_000);

  it('a job whose process was killed (kill -9) runs again as soon as the next process starts', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'moa-jobs-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', fileURLToPath(new URL('./helpers/jobs-child.ts', import.meta.url)), dataDir, QUEUE], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => String(chunk).includes('READY') && resolve());
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before its job started`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const next = await open(dataDir);
    expect(await retryOrphans(next.jobs, QUEUE)).toBe(1);
    const again: number[] = [];
    await next.jobs.boss.work<{ n: number }>(QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      again.push(job.data.n);
    });
    await vi.waitFor(() => expect(again).toEqual([2]), { timeout: 20_000 });
    await close(next);
  }, 120_000);
});

const pgUrl = process.env.TEST_DATABASE_URL;
describe.runIf(pgUrl)('jobs on PostgreSQL', () => {
  it('a job is worked once and completed, through pg-boss’s own pool', async () => {
    const handle = await openDatabase({ url: pgUrl });
    const jobs = await openJobs(handle);
    await ensureQueue(jobs, QUEUE, { heartbeatSeconds: 10, retryLimit: 3, oneActivePerKey: true });
    const seen: number[] = [];
    await jobs.boss.work<{ n: number }>(QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      seen.push(job.data.n);
    });
    await jobs.boss.send(QUEUE, { n: 3 }, { singletonKey: 'c' });
    await vi.waitFor(() => expect(seen).toEqual([3]), { timeout: 20_000 });
    // Nothing to retry on PostgreSQL at start: another live server may be working its jobs.
    expect(await retryOrphans(jobs, QUEUE)).toBe(0);
    await close({ handle, jobs });
  }, 60_000);
});
