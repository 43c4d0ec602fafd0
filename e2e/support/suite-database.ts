// Specs that make their own data through lib/ (lib/testing's factories and
// live-app fixture) write to the running suite's database: the one
// scripts/test.ts chose for the server (playwright.config.ts webServer env).
// Import this module before calling them; lib/db opens its client lazily.
process.env.DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:data/e2e/portico.db";
process.env.PORTICO_DATA_DIR ??= process.env.E2E_DATA_DIR ?? "data/e2e";

export const gatewayUrl = `http://localhost:${process.env.E2E_GATEWAY_PORT ?? 4100}`;
