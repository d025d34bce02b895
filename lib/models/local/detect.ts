/**
 * Finds local LLM servers (Ollama, LM Studio, llama.cpp server) on their usual loopback ports.
 * Probes run in parallel with a short timeout and their answer is cached, so a page load
 * waits at most one timeout, once: later loads get the cached answer and refresh it behind.
 */
import type { LocalServerId } from './settings';

export type DetectedModel = { id: string; description?: string; bytes?: number };

export type DetectedServer = {
  id: LocalServerId;
  label: string;
  /** Base URL (without /v1). */
  url: string;
  /** OpenAI-compatible API base for the AI SDK. */
  apiBase: string;
  models: DetectedModel[];
};

export type ServerProbeState = { id: LocalServerId; label: string; url: string; answering: boolean; error?: string };

type Kind = { label: string; list(url: string, signal: AbortSignal): Promise<DetectedModel[]> };

// Embedding models answer /models too but cannot chat.
const chatOnly = (models: DetectedModel[]) => models.filter((m) => !/embed/i.test(m.id));

async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

async function openAiModels(url: string, signal: AbortSignal): Promise<DetectedModel[]> {
  const body = (await getJson(`${url}/v1/models`, signal)) as { data?: unknown };
  if (!Array.isArray(body?.data)) throw new Error('not an OpenAI-compatible /v1/models answer');
  return chatOnly(body.data.flatMap((m: { id?: unknown }) => (typeof m?.id === 'string' ? [{ id: m.id }] : [])));
}

type OllamaTag = { name?: unknown; size?: unknown; details?: { parameter_size?: unknown; quantization_level?: unknown; family?: unknown } };

async function ollamaModels(url: string, signal: AbortSignal): Promise<DetectedModel[]> {
  const body = (await getJson(`${url}/api/tags`, signal)) as { models?: unknown };
  if (!Array.isArray(body?.models)) throw new Error('not an Ollama /api/tags answer');
  return chatOnly(
    (body.models as OllamaTag[]).flatMap((m) => {
      if (typeof m?.name !== 'string') return [];
      const facts = [m.details?.family, m.details?.parameter_size, m.details?.quantization_level].filter((f) => typeof f === 'string' && f);
      return [{ id: m.name, description: facts.join(' · ') || undefined, bytes: typeof m.size === 'number' ? m.size : undefined }];
    }),
  );
}

export const SERVER_KINDS: Record<LocalServerId, Kind> = {
  ollama: { label: 'Ollama', list: ollamaModels },
  lmstudio: { label: 'LM Studio', list: openAiModels },
  llamacpp: { label: 'llama.cpp server', list: openAiModels },
};

export type ServerDetector = {
  /** Servers that answered (cached; the first call waits at most one timeout). */
  detect(): Promise<DetectedServer[]>;
  /** What the last probe saw of each server, answering or not (undefined before the first). */
  lastStates(): ServerProbeState[] | undefined;
  /** The server by id, when it answered last time. */
  known(id: string): DetectedServer | undefined;
  /** Ids that may be probed, answering or not. */
  ids(): LocalServerId[];
};

export function createServerDetector(
  servers: Partial<Record<LocalServerId, string>>,
  { timeoutMs = 300, ttlMs = 30_000 }: { timeoutMs?: number; ttlMs?: number } = {},
): ServerDetector {
  const targets = (Object.entries(servers) as [LocalServerId, string][]).map(([id, url]) => ({ id, url, ...SERVER_KINDS[id] }));
  let cached: { at: number; found: DetectedServer[]; states: ServerProbeState[] } | undefined;
  let inFlight: Promise<DetectedServer[]> | null = null;

  async function probeAll(): Promise<DetectedServer[]> {
    const results = await Promise.all(
      targets.map(async ({ id, url, label, list }) => {
        try {
          const models = await list(url, AbortSignal.timeout(timeoutMs));
          return { state: { id, label, url, answering: true }, server: { id, label, url, apiBase: `${url}/v1`, models } };
        } catch (error) {
          const reason = error instanceof Error && error.name === 'TimeoutError' ? 'no answer' : error instanceof Error ? error.message : String(error);
          return { state: { id, label, url, answering: false, error: reason }, server: null };
        }
      }),
    );
    const found = results.flatMap((r) => (r.server ? [r.server] : []));
    cached = { at: Date.now(), found, states: results.map((r) => r.state) };
    return found;
  }

  const refresh = () =>
    (inFlight ??= probeAll().finally(() => {
      inFlight = null;
    }));

  return {
    detect() {
      if (!targets.length) return Promise.resolve([]);
      if (!cached) return refresh();
      // Stale: answer from the cache now and refresh behind.
      if (Date.now() - cached.at > ttlMs) void refresh();
      return Promise.resolve(cached.found);
    },
    lastStates: () => cached?.states,
    known: (id) => cached?.found.find((s) => s.id === id),
    ids: () => targets.map((t) => t.id),
  };
}
