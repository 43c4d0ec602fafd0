// `npm test`: every test. Unit and integration tests (vitest) on the
// database DATABASE_URL names (SQLite by default), then the end-to-end suite
// (Playwright in Chromium) against a freshly started portal and gateway on a
// fresh database of the same kind.
// The two are independent until the browser starts, so while vitest runs the
// portal is built (scripts/start.ts --build: only when its sources changed,
// into NEXT_DIST_DIR or .next, the same build `npm start` serves); the e2e
// server then reuses that build. The browser is found by
// e2e/support/find-chromium.ts and handed to Playwright as CHROMIUM_PATH.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findChromium } from "../e2e/support/find-chromium";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : "all";

type Outcome = { ok: boolean; seconds: number };

/** Runs a command to completion; `quiet` keeps its output until it fails (the build, while vitest prints). */
function run(label: string, command: string, commandArgs: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<Outcome> {
  const started = performance.now();
  if (!options.quiet) console.log(`\n── ${label} ──`);
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: options.quiet ? ["ignore", "pipe", "pipe"] : "inherit", env: options.env ?? process.env });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (options.quiet && code !== 0) console.log(`\n── ${label} FAILED ──\n${output}`);
      resolve({ ok: code === 0, seconds });
    });
  });
}

async function dropSchema(url: string, schema: string) {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

(async () => {
  const pg = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
  console.log(`database: ${pg ? "PostgreSQL" : "SQLite"}${process.env.REDIS_URL ? " + Redis" : ""}`);
  const timings: string[] = [];
  let ok = true;

  let browser: Awaited<ReturnType<typeof findChromium>> | undefined;
  let build: Promise<Outcome> | undefined;
  if (only !== "unit") {
    browser = await findChromium({ cacheDir: path.join(root, "node_modules", ".cache", "portico-chromium") });
    console.log(`browser: ${browser.executablePath} (${browser.source})`);
    console.log(`portal build: ${process.env.NEXT_DIST_DIR || ".next"}, rebuilt only if sources changed${only === "all" ? " (alongside the unit tests)" : ""}`);
    build = run("portal build", process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "start.ts"), "--build"], { quiet: true });
  }

  if (only !== "e2e") {
    const unit = await run("unit and integration tests (vitest)", bin("vitest"), ["run"]);
    timings.push(`unit and integration: ${unit.seconds.toFixed(0)} s`);
    ok = unit.ok && ok;
  }

  if (build && browser) {
    const built = await build;
    timings.push(`portal build: ${built.seconds.toFixed(0)} s${only === "all" ? " (in parallel)" : ""}`);
    if (!built.ok) ok = false;
    else {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "portico-e2e-"));
      const schema = `e2e_${randomBytes(4).toString("hex")}`;
      let e2eUrl = `file:${path.join(dataDir, "portico.db")}`;
      if (pg) {
        const url = new URL(pg);
        url.searchParams.set("schema", schema);
        e2eUrl = url.toString();
      }
      const e2e = await run("end-to-end tests (Playwright, Chromium)", bin("playwright"), ["test", ...args.filter((a) => !a.startsWith("--"))], {
        env: { ...process.env, CHROMIUM_PATH: browser.executablePath, E2E_DATA_DIR: dataDir, E2E_DATABASE_URL: e2eUrl },
      });
      timings.push(`end-to-end: ${e2e.seconds.toFixed(0)} s`);
      ok = e2e.ok && ok;
      rmSync(dataDir, { recursive: true, force: true });
      if (pg) await dropSchema(pg, schema).catch(() => undefined);
    }
  }
  console.log(`\n${timings.join("; ")}`);
  console.log(ok ? "all tests passed" : "some tests failed");
  process.exit(ok ? 0 : 1);
})();
