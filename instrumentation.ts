/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Loading the tokenizer's tables takes ~0.5 s: do it now, not inside the first run.
  const { countTokens } = await import('./lib/tokens');
  countTokens('warm up');
  // Open the run database before serving: migrations, and runs a crash left unfinished marked
  // interrupted. (A failure is logged; requests that need storage then retry it.)
  const { getRunStore } = await import('./lib/runs/server');
  await getRunStore().catch(() => {});
}
