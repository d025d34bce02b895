import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { withoutProviders } from './tests/isolated-env';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside a React Server Component bundle.
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    // tests/integration needs TEST_DATABASE_URL and a build (npm run test:postgres); without them it is skipped.
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    // Suites that post runs open the run database first (PGlite initdb: ~3 s here, far more on
    // a busy 2-core machine) and some start servers: the 5 s default is too short.
    testTimeout: 60_000,
    // Tests see only the built-in offline models, at full speed, whatever the shell has set.
    env: {
      OFFLINE_TOKENS_PER_SECOND: '0',
      OFFLINE_FIRST_TOKEN_MS: '0',
      // Run storage in memory; tests/unit/storage.test.ts also opens a real Postgres when TEST_DATABASE_URL is set.
      DATA_DIR: 'memory://',
      DATABASE_URL: '',
      ...withoutProviders(),
    },
  },
});
