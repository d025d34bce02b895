import type { NextConfig } from 'next';
// The server env is validated when the config loads, at `next build` and `next start`, so a bad
// value fails the build with its name (create-t3-app's way). SKIP_ENV_VALIDATION=1 skips it.
import './lib/env';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time, never bundled: PGlite reads its WASM and data files from its own
  // folder; node-llama-cpp is native bindings, ESM with top-level await; pg-boss brings node-postgres,
  // whose optional native driver a bundler cannot resolve.
  serverExternalPackages: ['@electric-sql/pglite', 'node-llama-cpp', 'pg-boss'],
  // The Docker image (Dockerfile) runs Next's standalone server: only the files it traces.
  ...(process.env.NEXT_OUTPUT === 'standalone' && {
    output: 'standalone' as const,
    // Read at run time from the working directory, not imported: the migrations.
    outputFileTracingIncludes: { '/**': ['./drizzle/**/*'] },
  }),
};

export default nextConfig;
