/**
 * Local models, the registry's view: the embedded llama.cpp provider (`local:<file>`) over the
 * models folder, and the local servers found on this machine (`ollama:<model>`, …).
 */
import type { LanguageModel } from 'ai';
import { formatBytes } from '../../format';
import { createCompatibleProvider } from '../compatible';
import type { ModelInfo } from '../types';
import { createServerDetector, type ServerDetector } from './detect';
import { createModelFolder, type LocalModelFile, type ModelFolder } from './folder';
import { LocalLanguageModel } from './language-model';
import { probeModel } from './probe';
import { getLocalRuntime } from './runtime';
import type { LocalSettings } from './settings';

export type LocalModels = {
  folder: ModelFolder;
  servers: ServerDetector;
  /** Embedded models (unavailable ones too, with the reason), then the servers' models. */
  list(): Promise<ModelInfo[]>;
  /** Whether `provider` is one of ours. */
  owns(provider: string): boolean;
  check(provider: string, model: string): string | null;
  resolve(provider: string, model: string): LanguageModel;
  /** Starts llama.cpp in the background (a few seconds), so the first local run does not wait for it. */
  warm(): void;
};

export const EMBEDDED_LABEL = 'This machine · llama.cpp';

export function describeFile(file: LocalModelFile): string {
  const s = file.summary;
  const facts = s ? [s.name ?? s.architecture, `${s.sizeLabel} params`, s.fileType] : [];
  return [...facts, formatBytes(file.bytes)].filter(Boolean).join(' · ');
}

export function embeddedModelInfo(file: LocalModelFile): ModelInfo {
  return {
    id: `local:${file.name}`,
    provider: 'local',
    providerLabel: EMBEDDED_LABEL,
    label: file.name,
    kind: 'local',
    description: describeFile(file),
    ...(file.status === 'unavailable' ? { unavailable: file.reason ?? 'It failed its checks.' } : {}),
  };
}

export function createLocalModels(settings: LocalSettings, options: { probe?: boolean; detectTimeoutMs?: number } = {}): LocalModels {
  const folder = createModelFolder(settings.modelsDir, { probe: options.probe === false ? undefined : probeModel });
  const servers = createServerDetector(settings.servers, { timeoutMs: options.detectTimeoutMs });
  const runtime = () => getLocalRuntime(settings);
  const serverProviders = new Map<string, (model: string) => LanguageModel>();

  return {
    folder,
    servers,
    async list() {
      const [files, found] = await Promise.all([folder.scan(), servers.detect()]);
      const embedded = files.map(embeddedModelInfo);
      const served: ModelInfo[] = found.flatMap((server) =>
        server.models.map((m) => ({
          id: `${server.id}:${m.id}`,
          provider: server.id,
          providerLabel: `${server.label} · this machine`,
          label: m.id,
          kind: 'local' as const,
          description: [m.description, m.bytes ? formatBytes(m.bytes) : undefined].filter(Boolean).join(' · ') || undefined,
        })),
      );
      return [...embedded, ...served];
    },
    warm: () => void runtime().llama().catch(() => {}),
    owns: (provider) => provider === 'local' || servers.ids().includes(provider as never),
    check(provider, model) {
      if (provider === 'local') return folder.problem(model);
      const states = servers.lastStates();
      const state = states?.find((s) => s.id === provider);
      return state && !state.answering ? `${state.label} is not answering at ${state.url}.` : null;
    },
    resolve(provider, model) {
      if (provider === 'local') {
        return new LocalLanguageModel(model, async () => {
          const ready = await folder.ready(model);
          return runtime().load(ready.path, ready.version);
        });
      }
      const url = settings.servers[provider as keyof LocalSettings['servers']]!;
      let create = serverProviders.get(provider);
      if (!create) serverProviders.set(provider, (create = createCompatibleProvider({ name: provider, baseURL: `${url}/v1` })));
      return create(model);
    },
  };
}
