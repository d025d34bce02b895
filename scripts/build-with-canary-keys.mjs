// `next build` with the e2e canary keys in its environment, so the secrets test can prove that
// keys present at build time do not reach the client bundle (.next/static).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const canaries = JSON.parse(readFileSync(new URL('../tests/e2e/canary-keys.json', import.meta.url), 'utf8'));
const { status } = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit', env: { ...process.env, ...canaries } });
process.exit(status ?? 1);
