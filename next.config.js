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
  ],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};
module.exports = nextConfig;
