// A server process in miniature for the jobs test: opens the queue on a PGlite folder, sends a
// job and starts working it with a handler that never ends, says READY, and waits to be killed.
import { ensureQueue, openJobs } from '@/lib/jobs/queue';
import { openDatabase } from '@/lib/runs/db';
import { spawnPGliteWorker } from './ts-worker';

const [dataDir, queue] = process.argv.slice(2);
const handle = await openDatabase({ dataDir, pgliteWorker: spawnPGliteWorker });
const jobs = await openJobs(handle);
await ensureQueue(jobs, queue, { heartbeatSeconds: 10, retryLimit: 3, oneActivePerKey: true });
await jobs.boss.work(queue, { pollingIntervalSeconds: 0.5 }, async () => {
  console.log('READY');
  await new Promise(() => {});
});
await jobs.boss.send(queue, { n: 2 }, { singletonKey: 'b' });
