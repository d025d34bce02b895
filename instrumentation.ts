/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Loading the tokenizer's tables takes ~0.5 s: do it now, not inside the first run.
  const { countTokens } = await import('./lib/tokens');
  countTokens('warm up');
  // Scan the models folder (and start checking its files) and look for local servers now,
  // in the background, rather than on the first page load.
  const { getModelRegistry } = await import('./lib/models/server');
  const registry = getModelRegistry();
  void registry
    .list()
    .then((models) => models.some((m) => m.provider === 'local' && !m.unavailable) && registry.local.warm())
    .catch((error: unknown) => console.error('Listing models at start failed:', error));
}
