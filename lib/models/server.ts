import 'server-only';
import { env } from '../env';
import { createModelRegistry, type ModelRegistry } from './registry';

const globalForRegistry = globalThis as unknown as { moaModelRegistry?: ModelRegistry };

/** The app's one registry, built from the validated server env. */
export function getModelRegistry(): ModelRegistry {
  return (globalForRegistry.moaModelRegistry ??= createModelRegistry(env));
}
