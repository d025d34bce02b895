/**
 * Built-in offline models: deterministic simulations (not LLMs) that need no key and no
 * network, with genuine Mixture-of-Agents mechanics — the `synth` aggregator really merges the
 * answers it is given. `catalog.ts` is dependency-free for client-side imports.
 */
export { OFFLINE_MODELS, type OfflineModelInfo } from './catalog';
export { createOfflineModel, type OfflineModelOptions } from './language-model';
export { countTokens } from './tokens';
