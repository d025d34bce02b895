import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';
import { rememberSecrets, secretValuesOf } from './secrets';

const optional = z.string().min(1).optional();
const optionalNumber = z.coerce.number().min(0).optional();

/** Server-only settings. Keys never leave the server: this module must not be imported by client code. */
export const serverEnvShape = {
  OPENAI_API_KEY: optional,
  ANTHROPIC_API_KEY: optional,
  GOOGLE_GENERATIVE_AI_API_KEY: optional,
  GROQ_API_KEY: optional,
  TOGETHER_API_KEY: optional,
  OPENROUTER_API_KEY: optional,
  MISTRAL_API_KEY: optional,
  DEEPSEEK_API_KEY: optional,
  XAI_API_KEY: optional,
  /** Any OpenAI-compatible server: Ollama, vLLM, LM Studio, llama.cpp server, … */
  OPENAI_COMPATIBLE_BASE_URL: z.url().optional(),
  OPENAI_COMPATIBLE_API_KEY: optional,
  /** Prefix of its model ids in the app, e.g. `ollama` gives `ollama:llama3.2`. */
  OPENAI_COMPATIBLE_NAME: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
  /** Comma-separated model names; when unset the server's /models list is used. */
  OPENAI_COMPATIBLE_MODELS: optional,
  /** Folder of GGUF files for the embedded llama.cpp provider (`local:<file name>`); default ./data/models. */
  MODELS_DIR: optional,
  /** llama.cpp CPU threads; default: cores - 1 (at least 1). Its own default oversubscribes small machines. */
  LOCAL_THREADS: z.coerce.number().int().min(1).max(256).optional(),
  /** Tokens each agent's sequence holds (prompt + answer); default 4096, capped by the model. */
  LOCAL_CONTEXT_SIZE: z.coerce.number().int().min(256).max(1_048_576).optional(),
  /** Agents one local model serves at once; more wait in a queue. Default 3. */
  LOCAL_SEQUENCES: z.coerce.number().int().min(1).max(32).optional(),
  /** Local servers probed for models; a URL, or "off". */
  OLLAMA_URL: z.union([z.url(), z.literal('off')]).optional(),
  LMSTUDIO_URL: z.union([z.url(), z.literal('off')]).optional(),
  LLAMACPP_URL: z.union([z.url(), z.literal('off')]).optional(),
  /** A Hugging Face mirror for `npm run models:pull` and the UI's downloads. */
  HF_ENDPOINT: z.url().optional(),
  /** "off" stops probing for local servers altogether. */
  LOCAL_SERVERS: z.enum(['on', 'off']).optional(),
  OFFLINE_TOKENS_PER_SECOND: optionalNumber,
  OFFLINE_FIRST_TOKEN_MS: optionalNumber,
  /** When set, starting a run needs this password (header `x-app-password`): for public deployments. */
  APP_PASSWORD: optional,
  /** Client IPs come from X-Forwarded-For only behind a proxy: `true` (leftmost) or the number of proxy hops. */
  TRUST_PROXY: z.union([z.enum(['true', 'false']), z.coerce.number().int().min(0).max(10)]).optional(),
  /** Runs a client IP may start per minute (sustained), and in a burst. */
  RUNS_PER_MINUTE: z.coerce.number().min(0).optional(),
  RUN_BURST: z.coerce.number().int().min(1).optional(),
  MAX_CONCURRENT_RUNS_PER_CLIENT: z.coerce.number().int().min(1).optional(),
  MAX_CONCURRENT_RUNS: z.coerce.number().int().min(1).optional(),
  /** Live follow streams (share pages of running runs) open at once, per client and in all. */
  MAX_FOLLOWERS_PER_CLIENT: z.coerce.number().int().min(1).optional(),
  MAX_FOLLOWERS: z.coerce.number().int().min(1).optional(),
  /** Units (runs and judgements) of all evaluations under way at once on this server. */
  EVAL_MAX_UNITS: z.coerce.number().int().min(1).max(1024).optional(),
  /** Run storage: a Postgres URL; when unset, embedded PGlite in DATA_DIR (default ./data/pglite). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL.').optional(),
  DATA_DIR: optional,
  /** How long an instance's lease lasts without renewal (ms); its runs are marked interrupted after. Default 30 s. */
  LEASE_TTL_MS: z.coerce.number().int().min(1000).max(3_600_000).optional(),
  /** How often the lease is renewed and orphaned runs are swept (ms). Default: a third of the TTL, at most 10 s. */
  LEASE_RENEW_MS: z.coerce.number().int().min(100).max(1_200_000).optional(),
  /** On SIGTERM, how long running runs may go on before they are marked interrupted (ms). Default 10 s. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  /** Traces: OTLP/HTTP endpoint (e.g. http://localhost:4318); spans of every run, layer and agent call are sent there. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url('OTEL_EXPORTER_OTLP_ENDPOINT must be a URL.').optional(),
  /** `on`: spans carry the prompt and every agent's answer (off by default: traces often go to other teams' tools). */
  OTEL_RECORD_CONTENT: z.enum(['on', 'off']).optional(),
} as const;

export const serverEnvSchema = z.object(serverEnvShape);
export type ServerEnv = z.infer<typeof serverEnvSchema>;

export const env: ServerEnv = createEnv({
  server: serverEnvShape,
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  // For builds without the runtime env (e.g. a container image); values are then not checked.
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
});

// Error messages and logs are scrubbed of these values (lib/secrets.ts).
rememberSecrets(secretValuesOf(env));
