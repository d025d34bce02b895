/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Loading the tokenizer's tables takes ~0.5 s: do it now, not inside the first run.
  const { countTokens } = await import('./lib/tokens');
  countTokens('warm up');
  // Open the run database now: migrations, and runs a crash left unfinished marked interrupted.
  const { getRunStore } = await import('./lib/runs/server');
  void getRunStore().catch(() => {});
}
