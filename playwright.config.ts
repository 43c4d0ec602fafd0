import { defineConfig, devices } from "@playwright/test";

// The suite starts the real portal + gateway (scripts/start.ts) on its own
// ports and its own database, which scripts/test.ts chooses (SQLite file, or
// a fresh PostgreSQL schema when DATABASE_URL is postgresql://).
const portalPort = Number(process.env.E2E_PORT ?? 3100);
const gatewayPort = Number(process.env.E2E_GATEWAY_PORT ?? 4100);
export const E2E_BASE_URL = `http://localhost:${portalPort}`;
/** The SMTP server e2e/accounts/email-verification.spec.ts starts: the portal sends its mail there (retrying while nothing listens). */
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? gatewayPort + 25);
const GLOBAL_SETTINGS = /@global-settings/;

export default defineConfig({
  testDir: "e2e",
  // Parallel runs from one checkout need their own folders: Playwright empties it at start.
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? "test-results",
  // Specs make their own developers, organisations and apps (or only read
  // the demo data), so their tests run in any order on two workers; the one
  // test that switches a bank-wide setting runs alone, last (projects below).
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  // Hang detectors, not budgets: on a loaded 2-core machine one axe pass takes
  // seconds and a page several; no test asserts how fast anything is.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    // Browsers send Origin on every POST/PUT/PATCH/DELETE; the API requests of
    // the specs (page.request, request) must too, or the portal refuses them
    // as cross-site (lib/auth/same-origin.ts).
    extraHTTPHeaders: { origin: E2E_BASE_URL },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      // Chosen by scripts/test.ts (e2e/support/find-chromium.ts); unset, Playwright uses its own browser.
      executablePath: process.env.CHROMIUM_PATH || undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    // Each demo user signed in once; specs reuse the session (e2e/support/users.ts demoPage).
    { name: "sessions", testMatch: /support\/sessions\.setup\.ts$/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["sessions"], grepInvert: GLOBAL_SETTINGS },
    // Tests tagged @global-settings switch a setting every other test sees
    // (maker-checker makes any approval need two admins): they start only
    // after every other test has finished, one at a time.
    { name: "global-settings", use: { ...devices["Desktop Chrome"] }, dependencies: ["chromium"], grep: GLOBAL_SETTINGS, fullyParallel: false, workers: 1 },
  ],
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `${E2E_BASE_URL}/signin`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(portalPort),
      GATEWAY_PORT: String(gatewayPort),
      NEXTAUTH_URL: E2E_BASE_URL,
      PORTICO_DATA_DIR: process.env.E2E_DATA_DIR ?? "data/e2e",
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:data/e2e/portico.db",
      // Every test registers its own developers from this one address; the
      // per-IP sign-up limit (lib/accounts/sign-up.ts) is not what they test.
      PORTICO_SIGN_UP_RATE_LIMIT: "100000",
      SMTP_URL: process.env.SMTP_URL ?? `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      PORTICO_MAIL_WORKER_INTERVAL_MS: "250",
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    },
  },
});
