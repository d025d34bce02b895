import { defineConfig, devices } from '@playwright/test';
import { LOCAL_MODELS_DIR, PORTS } from './tests/e2e/ports';
import { withoutProviders } from './tests/isolated-env';

const next = (port: number) => `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`;
// Fast enough for a quick suite, slow enough that streaming spans many frames on a busy machine.
const offlinePace = { ...withoutProviders(), OFFLINE_TOKENS_PER_SECOND: '150', OFFLINE_FIRST_TOKEN_MS: '50' };

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
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
    { name: 'offline', testMatch: /offline\..*spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.offline}` } },
    { name: 'fake-provider', testMatch: /fake-provider\..*spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.fake}` } },
    { name: 'local', testMatch: /local\..*spec\.ts/, use: { baseURL: `http://127.0.0.1:${PORTS.local}` } },
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
