// Which Chromium the end-to-end tests drive, so `npm install && npm test`
// works on a machine with no browser installed. In order:
//   1. CHROMIUM_PATH, when set (it must exist);
//   2. Playwright's own browser, if `npx playwright install chromium` put one there;
//   3. a system Chromium or Chrome (/usr/bin/chromium, then chromium,
//      chromium-browser, google-chrome, google-chrome-stable on PATH);
//   4. the Chromium shipped inside the @sparticuz/chromium npm package
//      (a devDependency), unpacked once into node_modules/.cache.
// PORTICO_SKIP_SYSTEM_CHROMIUM=1 skips 2 and 3, to prove the fallback.
// Resolved by scripts/test.ts (@sparticuz/chromium's executablePath() is
// async; playwright.config.ts is read synchronously) and handed to
// Playwright as CHROMIUM_PATH.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export type ChromiumSource = "CHROMIUM_PATH" | "playwright" | "system" | "@sparticuz/chromium";
export type FoundChromium = { executablePath: string; source: ChromiumSource };

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function systemChromium(env: NodeJS.ProcessEnv): string | undefined {
  if (isExecutable("/usr/bin/chromium")) return "/usr/bin/chromium";
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

async function playwrightChromium(): Promise<string | undefined> {
  try {
    const { chromium } = await import("@playwright/test");
    const file = chromium.executablePath();
    return file && isExecutable(file) ? file : undefined;
  } catch {
    return undefined; // no browser registered for this platform
  }
}

/**
 * Unpacks @sparticuz/chromium's binary (with its fonts and SwiftShader
 * libraries) into `cacheDir/<version>`. The package unpacks into os.tmpdir()
 * and trusts whatever file is already there, so it gets a private staging
 * folder that is renamed into place only when complete: a concurrent or
 * interrupted run never leaves a half-written browser behind.
 */
async function sparticuzChromium(cacheDir: string): Promise<string> {
  // The package exports no ./package.json; read it next to its entry point (build/index.js).
  const packageJson = path.join(path.dirname(require.resolve("@sparticuz/chromium")), "..", "package.json");
  const { version } = JSON.parse(readFileSync(packageJson, "utf8")) as { version: string };
  const target = path.join(cacheDir, version);
  const binary = path.join(target, "chromium");
  if (isExecutable(binary)) return binary;
  const staging = path.join(cacheDir, `.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = staging; // read by os.tmpdir() inside the package
  try {
    const { default: chromium } = await import("@sparticuz/chromium");
    const unpacked = await chromium.executablePath();
    if (path.dirname(unpacked) !== staging) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${staging}`);
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another run finished first: use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!isExecutable(binary)) throw error;
  }
  return binary;
}

export async function findChromium(options: { env?: NodeJS.ProcessEnv; cacheDir: string }): Promise<FoundChromium> {
  const env = options.env ?? process.env;
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist`);
    return { executablePath: env.CHROMIUM_PATH, source: "CHROMIUM_PATH" };
  }
  if (env.PORTICO_SKIP_SYSTEM_CHROMIUM !== "1") {
    const own = await playwrightChromium();
    if (own) return { executablePath: own, source: "playwright" };
    const system = systemChromium(env);
    if (system) return { executablePath: system, source: "system" };
  }
  return { executablePath: await sparticuzChromium(options.cacheDir), source: "@sparticuz/chromium" };
}
