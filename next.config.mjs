/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite loads its WASM and data files from its own folder at run time: keep it unbundled.
  serverExternalPackages: ['@electric-sql/pglite'],
};

export default nextConfig;
