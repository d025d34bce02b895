import { defineConfig, devices } from '@playwright/test';
import { e2eDataDir, LOCAL_MODELS_DIR, PORTS } from './tests/e2e/ports';
import { withoutProviders } from './tests/isolated-env';
import { hardenedServerEnv, HARDENED_SERVER_LOG } from './tests/e2e/hardened-env';

// Each server gets a fresh run database of its own (one PGlite folder per process).
const next = (port: number) => {
  const dataDir = e2eDataDir(port);
  return `rm -rf ${dataDir} && DATA_DIR=${dataDir} node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`;
};
// Fast enough for a quick suite, slow enough that streaming spans many frames on a busy machine.
// Suites start many runs from one address: lift the per-client limits (the hardened server keeps them).
const offlinePace = {
  ...withoutProviders(), DATABASE_URL: '', OFFLINE_TOKENS_PER_SECOND: '150', OFFLINE_FIRST_TOKEN_MS: '50',
  RUN_BURST: '100000', RUNS_PER_MINUTE: '100000', MAX_CONCURRENT_RUNS_PER_CLIENT: '100',
};

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // One retry in CI: a timing hiccup on a shared 2-core machine is retried; a real failure fails twice.
  retries: process.env.CI ? 1 : 0,
  // Two projects at once on a 2-core machine, each one test at a time: a project's tests share its
  // server (and the fake provider's request log), so they must not overlap.
  fullyParallel: false,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'offline', workers: 1, testMatch: /offline\..*spec\.ts/, testIgnore: /offline\.new-user\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.offline}` } },
    { name: 'fake-provider', workers: 1, testMatch: /fake-provider\..*spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.fake}` } },
    { name: 'hardened', workers: 1, testMatch: /hardened\..*spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.hardened}` } },
    { name: 'local', workers: 1, testMatch: /local\..*spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.local}` } },
    // Whether every agent is *seen* streaming depends on the page keeping up with a ~4 s run: on a
    // shared 2-core machine the other projects can starve the renderer for seconds (seen in CI), so
    // these tests run last, alone (`--no-deps` runs them by themselves).
    {
      name: 'streaming', workers: 1, testMatch: /offline\.new-user\.spec\.ts/,
      dependencies: ['offline', 'fake-provider', 'hardened', 'local'],
      use: { baseURL: `http://127.0.0.1:${PORTS.offline}` },
    },
  ],
  webServer: [
    {
      // The app as a new user gets it: no key, only the built-in offline models.
      command: next(PORTS.offline),
      url: `http://127.0.0.1:${PORTS.offline}/api/models`,
      env: { ...offlinePace },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `node --import tsx tests/fake-openai/cli.ts --port ${PORTS.fakeProvider}`,
      url: `http://127.0.0.1:${PORTS.fakeProvider}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node --import tsx tests/fake-openai/cli.ts --port ${PORTS.hardenedProvider}`,
      url: `http://127.0.0.1:${PORTS.hardenedProvider}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The same app pointed at the fake OpenAI-compatible server: the real provider code path.
      command: next(PORTS.fake),
      url: `http://127.0.0.1:${PORTS.fake}/api/models`,
      env: {
        ...offlinePace,
        OPENAI_COMPATIBLE_BASE_URL: `http://127.0.0.1:${PORTS.fakeProvider}/v1`,
        OPENAI_COMPATIBLE_NAME: 'fake',
        OPENAI_COMPATIBLE_API_KEY: 'fake-test-key',
        OPENAI_COMPATIBLE_MODELS: 'fake-small,fake-large',
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // A public deployment: canary keys for every provider, APP_PASSWORD, default limits, and its
      // log in a file the secrets test reads.
      command: `${next(PORTS.hardened)} > ${HARDENED_SERVER_LOG} 2>&1`,
      url: `http://127.0.0.1:${PORTS.hardened}/api/models`,
      env: hardenedServerEnv(),
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // Local models: a models folder with a generated tiny GGUF and two broken files; local
      // servers and the Hugging Face endpoint point at a port where nothing listens.
      command: `node --import tsx tests/e2e/local-models-dir.ts && ${next(PORTS.local)}`,
      url: `http://127.0.0.1:${PORTS.local}/api/models`,
      env: {
        ...offlinePace,
        MODELS_DIR: LOCAL_MODELS_DIR,
        LOCAL_SERVERS: 'on',
        LOCAL_THREADS: '1',
        OLLAMA_URL: `http://127.0.0.1:${PORTS.nothing}`,
        LMSTUDIO_URL: `http://127.0.0.1:${PORTS.nothing}`,
        LLAMACPP_URL: `http://127.0.0.1:${PORTS.nothing}`,
        HF_ENDPOINT: `http://127.0.0.1:${PORTS.nothing}`,
      },
      reuseExistingServer: false,
      timeout: 90_000,
    },
  ],
});
