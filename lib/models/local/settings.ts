/** Settings of the local providers, from the validated server env. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ServerEnv } from '../../env';

export type LocalServerId = 'ollama' | 'lmstudio' | 'llamacpp';

export type LocalSettings = {
  modelsDir: string;
  threads: number;
  contextSize: number;
  sequences: number;
  /** Base URLs of the local servers to probe (without /v1); absent ones are not probed. */
  servers: Partial<Record<LocalServerId, string>>;
};

export const DEFAULT_SERVER_URLS: Record<LocalServerId, string> = {
  ollama: 'http://127.0.0.1:11434',
  lmstudio: 'http://127.0.0.1:1234',
  llamacpp: 'http://127.0.0.1:8080',
};

export function localSettings(env: ServerEnv): LocalSettings {
  const urls: Record<LocalServerId, string | undefined> = { ollama: env.OLLAMA_URL, lmstudio: env.LMSTUDIO_URL, llamacpp: env.LLAMACPP_URL };
  const servers: LocalSettings['servers'] = {};
  if (env.LOCAL_SERVERS !== 'off') {
    for (const id of Object.keys(DEFAULT_SERVER_URLS) as LocalServerId[]) {
      const url = urls[id] ?? DEFAULT_SERVER_URLS[id];
      if (url !== 'off') servers[id] = url.replace(/\/+$/, '').replace(/\/v1$/, '');
    }
  }
  return {
    modelsDir: resolve(/*turbopackIgnore: true*/ env.MODELS_DIR ?? 'data/models'),
    threads: env.LOCAL_THREADS ?? Math.max(1, availableParallelism() - 1),
    contextSize: env.LOCAL_CONTEXT_SIZE ?? 4096,
    sequences: env.LOCAL_SEQUENCES ?? 3,
    servers,
  };
}
