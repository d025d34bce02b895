/**
 * `npm run models:pull [-- name…]`: downloads the recommended local models into the models
 * folder (MODELS_DIR, default data/models), with a progress bar; resumable and checksummed.
 */
import { resolve } from 'node:path';
import nextEnv from '@next/env';
import { formatBytes } from '../lib/format';
import { pullModels, type PullEvent } from '../lib/models/local/pull';
import { downloadUrl, RECOMMENDED_MODELS } from '../lib/models/local/recommended';

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
const dir = resolve(process.env.MODELS_DIR || 'data/models');
const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
const models = wanted.length ? RECOMMENDED_MODELS.filter((m) => wanted.some((w) => m.file.includes(w))) : RECOMMENDED_MODELS;
if (!models.length) {
  console.error(`No recommended model matches ${wanted.join(', ')}. Choose from: ${RECOMMENDED_MODELS.map((m) => m.file).join(', ')}`);
  process.exit(2);
}

const tty = process.stdout.isTTY;
let lastDecile = -1;

function bar(received: number, total: number, bytesPerSecond: number): string {
  const width = 28;
  const done = Math.round((received / total) * width);
  const eta = bytesPerSecond > 0 ? `${Math.ceil((total - received) / bytesPerSecond)} s left` : '';
  return `  [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${((received / total) * 100).toFixed(1).padStart(5)}%  ${formatBytes(received)} / ${formatBytes(total)}  ${bytesPerSecond ? `${formatBytes(bytesPerSecond)}/s` : ''}  ${eta}`;
}

function show(event: PullEvent) {
  switch (event.type) {
    case 'start':
      lastDecile = -1;
      console.log(`${event.label} → ${dir}/${event.file}${event.resumedFrom ? ` (resuming at ${formatBytes(event.resumedFrom)})` : ''}`);
      break;
    case 'progress': {
      if (tty) process.stdout.write(`\r${bar(event.received, event.total, event.bytesPerSecond)}\x1b[K`);
      else if (Math.floor((event.received / event.total) * 10) > lastDecile) {
        lastDecile = Math.floor((event.received / event.total) * 10);
        console.log(bar(event.received, event.total, event.bytesPerSecond));
      }
      break;
    }
    case 'verifying':
      if (tty) process.stdout.write('\n');
      console.log('  checking SHA-256…');
      break;
    case 'done':
      console.log(event.alreadyPresent ? `✓ ${event.file} is already in ${dir}` : `✓ ${event.file} verified`);
      break;
    case 'error':
      if (tty) process.stdout.write('\n');
      console.error(`✗ ${event.message}`);
      break;
  }
}

const controller = new AbortController();
process.once('SIGINT', () => {
  console.log('\nStopped. Run it again to resume where it left off.');
  controller.abort();
  process.exit(130);
});

const targets = models.map((m) => ({ ...m, url: downloadUrl(m, process.env.HF_ENDPOINT) }));
const ok = await pullModels(targets, dir, { onEvent: show, signal: controller.signal });
if (ok) console.log(`\nDone. Restart the app (or open the Local models panel) to use ${models.map((m) => `local:${m.file.replace(/\.gguf$/, '')}`).join(', ')}.`);
process.exit(ok ? 0 : 1);
