/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Loaded by Node at run time, never bundled: PGlite reads its WASM and data files from its own
  // folder; node-llama-cpp is native bindings, ESM with top-level await.
  serverExternalPackages: ['@electric-sql/pglite', 'node-llama-cpp'],
};

export default nextConfig;
