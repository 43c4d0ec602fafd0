// `npm test`: every test. Unit and integration tests (vitest) on the
// database DATABASE_URL names (SQLite by default), then the end-to-end suite
// (Playwright in Debian's Chromium) against a freshly started portal and
// gateway on a fresh database of the same kind.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);
const args = process.argv.slice(2);
const only = args.includes("--unit") ? "unit" : args.includes("--e2e") ? "e2e" : "all";

function run(label: string, command: string, commandArgs: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`\n── ${label} ──`);
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env });
  return result.status === 0;
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
  let ok = true;
  if (only !== "e2e") ok = run("unit and integration tests (vitest)", bin("vitest"), ["run"]) && ok;

  if (only !== "unit") {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "portico-e2e-"));
    const schema = `e2e_${randomBytes(4).toString("hex")}`;
    let e2eUrl = `file:${path.join(dataDir, "portico.db")}`;
    if (pg) {
      const url = new URL(pg);
      url.searchParams.set("schema", schema);
      e2eUrl = url.toString();
    }
    ok = run("end-to-end tests (Playwright, Chromium)", bin("playwright"), ["test", ...args.filter((a) => !a.startsWith("--"))], {
      ...process.env,
      E2E_DATA_DIR: dataDir,
      E2E_DATABASE_URL: e2eUrl,
    }) && ok;
    rmSync(dataDir, { recursive: true, force: true });
    if (pg) await dropSchema(pg, schema).catch(() => undefined);
  }
  console.log(ok ? "\nall tests passed" : "\nsome tests failed");
  process.exit(ok ? 0 : 1);
})();
