/**
 * The process's one llama.cpp: loaded lazily (node-llama-cpp is ESM-only and heavy), CPU
 * only, with explicit threads. Each model file is loaded once, with one context whose
 * sequences serve concurrent agents; callers beyond that wait in the pool's queue.
 */
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { takeTurns, timeDecodeSteps, type DecodeTiming } from './batching';
import { createPool, type Pool } from './pool';
import { describeLoadFailure } from './probe';

export type RuntimeSettings = { threads: number; contextSize: number; sequences: number };

export type LoadedModel = {
  model: LlamaModel;
  context: LlamaContext;
  sequences: Pool<LlamaContextSequence>;
  /** Tokens each sequence holds. */
  contextSize: number;
  /** Whether its sequences decode in one batch or take turns, and the step times that decided it. */
  decoding: DecodeTiming;
};

export type LocalRuntime = {
  settings: RuntimeSettings;
  llama(): Promise<Llama>;
  /** Loads `path` once per `version` (size + mtime): a replaced file is loaded anew. */
  load(path: string, version: string): Promise<LoadedModel>;
};

function createRuntime(settings: RuntimeSettings): LocalRuntime {
  let llama: Promise<Llama> | null = null;
  const loaded = new Map<string, { version: string; model: Promise<LoadedModel> }>();
  // llama.cpp reports why a load failed only in its log.
  const recentErrors: string[] = [];

  const getLlamaOnce = () =>
    (llama ??= import('node-llama-cpp')
      .then(({ getLlama }) =>
        getLlama({
          gpu: false,
          build: 'never',
          maxThreads: settings.threads,
          progressLogs: false,
          logLevel: 'error' as never,
          logger: (_level, message) => {
            recentErrors.push(String(message).trim());
            if (recentErrors.length > 20) recentErrors.shift();
            console.error(`[llama.cpp] ${String(message).trim()}`);
          },
        }),
      )
      .catch((error: unknown) => {
        llama = null;
        throw new Error(`The embedded llama.cpp could not start: ${error instanceof Error ? error.message : String(error)}`);
      }));

  async function loadModel(path: string): Promise<LoadedModel> {
    const instance = await getLlamaOnce();
    const before = recentErrors.length;
    let model: LlamaModel;
    try {
      model = await instance.loadModel({ modelPath: path });
    } catch (error) {
      throw new Error(describeLoadFailure(error instanceof Error ? error.message : String(error), recentErrors.slice(before)));
    }
    const contextSize = Math.min(settings.contextSize, model.trainContextSize || settings.contextSize);
    try {
      const decoding = await timeDecodeSteps(model, { sequences: settings.sequences, threads: settings.threads });
      const context = await model.createContext({
        sequences: settings.sequences,
        contextSize,
        threads: settings.threads,
        batching: { itemPrioritizationStrategy: decoding.policy === 'together' ? 'maximumParallelism' : takeTurns },
      });
      const sequences = Array.from({ length: settings.sequences }, () => context.getSequence());
      return { model, context, sequences: createPool(sequences), contextSize: context.contextSize, decoding };
    } catch (error) {
      await model.dispose();
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`Not enough memory for ${settings.sequences} × ${contextSize} tokens of context (${why}). Lower LOCAL_CONTEXT_SIZE or LOCAL_SEQUENCES.`);
    }
  }

  return {
    settings,
    llama: getLlamaOnce,
    load(path, version) {
      const current = loaded.get(path);
      if (current?.version === version) return current.model;
      if (current) void current.model.then((m) => m.model.dispose()).catch(() => {});
      const model = loadModel(path);
      loaded.set(path, { version, model });
      // A failed load is retried next time (the file may have been fixed).
      model.catch(() => loaded.get(path)?.model === model && loaded.delete(path));
      return model;
    },
  };
}

const globalRuntimes = globalThis as unknown as { moaLocalRuntimes?: Map<string, LocalRuntime> };

/** One runtime per process and settings (survives dev hot reloads). */
export function getLocalRuntime(settings: RuntimeSettings): LocalRuntime {
  const runtimes = (globalRuntimes.moaLocalRuntimes ??= new Map());
  const key = `${settings.threads}/${settings.contextSize}/${settings.sequences}`;
  let runtime = runtimes.get(key);
  if (!runtime) runtimes.set(key, (runtime = createRuntime(settings)));
  return runtime;
}
