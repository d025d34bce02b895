import 'server-only';
import { Worker } from 'node:worker_threads';
import { streamCallWith, type StreamModelCall } from '../moa/engine';
import { env } from '../env';
import { createWorkerCalls } from './call-worker/client';
import { createModelRegistry, type ModelRegistry } from './registry';

type ModelCalls = { call: StreamModelCall; warm(): Promise<boolean> };
const globalForRegistry = globalThis as unknown as { moaModelRegistry?: ModelRegistry; moaModelCalls?: ModelCalls };

/** The app's one registry, built from the validated server env. */
export function getModelRegistry(): ModelRegistry {
  return (globalForRegistry.moaModelRegistry ??= createModelRegistry(env));
}

/**
 * How runs call models: HTTP providers' calls in the model-call worker (the SDK's work per
 * streamed chunk is most of a run's CPU), the others — offline and on-machine models — here.
 */
export function getModelCalls(): ModelCalls {
  return (globalForRegistry.moaModelCalls ??= (() => {
    const registry = getModelRegistry();
    const here = streamCallWith(registry.resolve);
    const inWorker = createWorkerCalls(() => new Worker(new URL('./call-worker/worker.ts', import.meta.url)), here);
    return { call: (call) => (registry.isHttp(call.model) ? inWorker.call(call) : here(call)), warm: inWorker.warm };
  })());
}
