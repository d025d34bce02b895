/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Client IPs (rate limits) come from the socket unless a proxy is trusted: see lib/guard/client-ip.ts.
  const { env } = await import('./lib/env');
  const trust = String(env.TRUST_PROXY ?? 'false');
  if (trust === 'false' || trust === '0') (await import('./lib/guard/trust-proxy')).stripClientForwardedFor();
  // Traces of every run over OTLP, when an endpoint is set (lib/runs/tracing.ts).
  await (await import('./lib/runs/tracing')).startTracing(env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_RECORD_CONTENT === 'on');
  // Loading the tokenizer's tables takes ~0.5 s: do it now, not inside the first run.
  const { countTokens } = await import('./lib/tokens');
  countTokens('warm up');
  // Open the run database before serving: migrations, and runs a crash left unfinished marked
  // interrupted. (A failure is logged; requests that need storage then retry it.)
  const { getRunStore } = await import('./lib/runs/server');
  await getRunStore().catch(() => {});
  // Evaluations are durable jobs: the ones a stopped server left running resume now.
  const { startEvaluationWorker } = await import('./lib/evals/server');
  await startEvaluationWorker().catch(() => {});
  // SIGTERM: stop taking runs, let running ones finish within the grace period, then close cleanly.
  const { installShutdownHandler, SHUTDOWN_GRACE_MS_DEFAULT } = await import('./lib/shutdown');
  installShutdownHandler(env.SHUTDOWN_GRACE_MS ?? SHUTDOWN_GRACE_MS_DEFAULT);
  // Scan the models folder (and start checking its files) and look for local servers now,
  // in the background, rather than on the first page load.
  const { getModelCalls, getModelRegistry } = await import('./lib/models/server');
  const registry = getModelRegistry();
  // The worker that makes HTTP providers' calls: started now, not inside the first run.
  if (registry.hasHttpProviders) await getModelCalls().warm();
  void registry
    .list()
    .then((models) => models.some((m) => m.provider === 'local' && !m.unavailable) && registry.local.warm())
    .catch((error: unknown) => console.error('Listing models at start failed:', error));
}
