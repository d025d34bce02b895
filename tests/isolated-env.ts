import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Env variables that would switch on a real provider. */
const PROVIDER_ENV = [
  'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'GROQ_API_KEY', 'TOGETHER_API_KEY',
  'OPENROUTER_API_KEY', 'MISTRAL_API_KEY', 'DEEPSEEK_API_KEY', 'XAI_API_KEY',
  'OPENAI_COMPATIBLE_BASE_URL', 'OPENAI_COMPATIBLE_API_KEY', 'OPENAI_COMPATIBLE_NAME', 'OPENAI_COMPATIBLE_MODELS',
];

/**
 * Blanks every provider setting (empty counts as unset), so tests never reach a real provider,
 * and hides this machine's local models: no models folder, no probing for local servers.
 */
export const withoutProviders = (): Record<string, string> => ({
  ...Object.fromEntries(PROVIDER_ENV.map((name) => [name, ''])),
  MODELS_DIR: join(tmpdir(), 'moa-tests-no-local-models'),
  LOCAL_SERVERS: 'off',
});
