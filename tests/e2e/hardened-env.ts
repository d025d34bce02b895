import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PORTS } from './ports';

/** Fake keys for every provider and the app password: strings that must never leave the server. */
export const CANARY_KEYS: Record<string, string> = JSON.parse(readFileSync(new URL('./canary-keys.json', import.meta.url), 'utf8'));

/** Outside test-results/, which Playwright empties after the servers have started. */
export const HARDENED_SERVER_LOG = join(tmpdir(), `moa-e2e-hardened-${PORTS.hardened}.log`);

export function hardenedServerEnv(): Record<string, string> {
  return {
    ...CANARY_KEYS,
    // Always its own PGlite folder (e2eDataDir), which the secrets test reads.
    DATABASE_URL: '',
    OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${PORTS.hardenedProvider}/v1`,
    OPENAI_COMPATIBLE_NAME: 'fake',
    OPENAI_COMPATIBLE_MODELS: 'fake-small,fake-large',
    OFFLINE_TOKENS_PER_SECOND: '150',
    OFFLINE_FIRST_TOKEN_MS: '50',
    // Low enough for the rate-limit test to reach, high enough for the tests before it.
    RUN_BURST: '15',
    RUNS_PER_MINUTE: '1',
  };
}
