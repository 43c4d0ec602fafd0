// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder lets parallel checkouts' test runs not collide.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Native and WASM-heavy server packages stay out of the bundle.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "@prisma/client",
    "pg",
    "ioredis",
    "@apidevtools/swagger-parser",
    "pino",
    // Bundles the spec-analysis thread at run time (lib/catalog/run-analysis.ts); it runs its own binary.
    "esbuild",
  ],
  poweredByHeader: false,
  // `npm test` builds with PORTICO_BUILD_TYPECHECK=0 and runs `tsc --noEmit`
  // itself, alongside the unit tests instead of inside the build the
  // end-to-end tests wait for (scripts/test.ts). Every other build checks.
  typescript: { ignoreBuildErrors: process.env.PORTICO_BUILD_TYPECHECK === "0" },
  typedRoutes: false,
  // Pages and routes get their security headers, CSP with a per-request
  // nonce included, from proxy.ts (lib/security-headers/). This baseline
  // covers what the proxy does not run on (build assets, the try-it route).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};
module.exports = nextConfig;
