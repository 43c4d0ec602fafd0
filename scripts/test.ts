// `npm test`: every test. Unit and integration tests (vitest) on the
// database DATABASE_URL names (SQLite by default), the type check, then the
// end-to-end suite (Playwright in Chromium) against a freshly started portal
// and gateway on a fresh database of the same kind.
//
// On two cores the critical path is the portal build followed by the
// end-to-end run; the unit tests and the type check need neither. So:
//   1. the portal build starts at once (scripts/start.ts --build: only when
//      its sources changed, into NEXT_DIST_DIR or .next, the same build
//      `npm start` serves), without Next.js's own type check
//      (PORTICO_BUILD_TYPECHECK=0, next.config.js), and vitest alongside;
//   2. as soon as the build is done, Playwright starts, whether or not
//      vitest has finished (its output is held back until vitest has
//      printed, so the two do not interleave), and `tsc --noEmit` checks
//      the types at a lower CPU priority, on the cycles the others leave.
// vitest keeps the normal priority: on a machine loaded by other work a
// lower one starved it past its hang-detecting timeouts.
// The browser is found by e2e/support/find-chromium.ts and handed to
// Playwright as CHROMIUM_PATH.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findChromium } from "../e2e/support/find-chromium";

const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const tsx = (script: string) => [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", script)];
const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : "all";
/** Niceness of the type check: it yields to the build, the browser and vitest. */
const BACKGROUND_PRIORITY = 10;

type Outcome = { ok: boolean; seconds: number };
type RunOptions = {
  env?: NodeJS.ProcessEnv;
  /** Output kept until the command fails (the build, the type check). */
  quiet?: boolean;
  /** Output held back until this settles, then printed and passed through live. */
  after?: Promise<unknown>;
  /** Lower CPU priority (niceness, inherited by the command's own children). */
  background?: boolean;
};

/** Runs a command to completion. */
function run(label: string, command: string, commandArgs: string[], options: RunOptions = {}): Promise<Outcome> {
  const started = performance.now();
  const live = !options.quiet && !options.after;
  if (live) console.log(`\n── ${label} ──`);
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: live ? "inherit" : ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
    // Set before the command has loaded enough to fork its workers, which inherit it.
    if (options.background && child.pid) {
      try {
        os.setPriority(child.pid, BACKGROUND_PRIORITY);
      } catch {
        // Not permitted here: it runs at normal priority, only slower overall.
      }
    }
    let output = "";
    let passThrough = false;
    const onData = (stream: NodeJS.WriteStream) => (d: Buffer) => (passThrough ? stream.write(d) : (output += d));
    child.stdout?.on("data", onData(process.stdout));
    child.stderr?.on("data", onData(process.stderr));
    void options.after?.then(() => {
      console.log(`\n── ${label} ──`);
      process.stdout.write(output);
      output = "";
      passThrough = true;
    });
    child.on("close", async (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (options.quiet && code !== 0) console.log(`\n── ${label} FAILED ──\n${output}`);
      if (options.after) await options.after;
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

async function endToEnd(browser: Awaited<ReturnType<typeof findChromium>>, pg: string | undefined, after: Promise<unknown>): Promise<Outcome> {
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
    after,
  });
  rmSync(dataDir, { recursive: true, force: true });
  if (pg) await dropSchema(pg, schema).catch(() => undefined);
  return e2e;
}

(async () => {
  const started = performance.now();
  const pg = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
  console.log(`database: ${pg ? "PostgreSQL" : "SQLite"}${process.env.REDIS_URL ? " + Redis" : ""}`);
  const timings: string[] = [];
  const outcomes: Promise<boolean>[] = [];
  const finish = (label: string, outcome: Promise<Outcome>, note = "") =>
    outcomes.push(
      outcome.then(({ ok, seconds }) => {
        const at = (performance.now() - started) / 1000;
        timings.push(`${label}: ${seconds.toFixed(0)} s${note}, done at ${at.toFixed(0)} s`);
        return ok;
      }),
    );

  let unit: Promise<Outcome> = Promise.resolve({ ok: true, seconds: 0 });
  if (only !== "e2e") {
    unit = run("unit and integration tests (vitest)", bin("vitest"), ["run"]);
    finish("unit and integration", unit, only === "all" ? " (alongside)" : "");
  }

  if (only !== "unit") {
    const browser = await findChromium({ cacheDir: path.join(root, "node_modules", ".cache", "portico-chromium") });
    console.log(`browser: ${browser.executablePath} (${browser.source})`);
    console.log(`portal build: ${process.env.NEXT_DIST_DIR || ".next"}, rebuilt only if sources changed; types checked by tsc once it is built`);
    const build = run("portal build", process.execPath, [...tsx("start.ts"), "--build"], { quiet: true, env: { ...process.env, PORTICO_BUILD_TYPECHECK: "0" } });
    finish("portal build", build);
    const built = await build;
    if (built.ok) {
      // After the build: tsc then also sees the route types Next.js generates into the build folder.
      finish("type check (tsc)", run("type check (tsc --noEmit)", bin("tsc"), ["--noEmit"], { quiet: true, background: true }));
      finish("end-to-end", endToEnd(browser, pg, unit));
    }
  }

  const ok = (await Promise.all(outcomes)).every(Boolean);
  console.log(`\n${timings.join("; ")}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(ok ? "all tests passed" : "some tests failed");
  process.exit(ok ? 0 : 1);
})();
