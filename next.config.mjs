/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native llama.cpp bindings, ESM with top-level await: loaded by Node at runtime, never bundled.
  serverExternalPackages: ['node-llama-cpp'],
};

export default nextConfig;
