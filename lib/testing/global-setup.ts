import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { basePostgresUrl, RUN_ID_ENV } from "./test-database-url";

export default function setup() {
  const runId = randomBytes(4).toString("hex");
  process.env[RUN_ID_ENV] = runId;
  console.log(`test databases: ${basePostgresUrl() ? "PostgreSQL schemas" : "SQLite files"} t_${runId}_*`);
  return async () => {
    const pg = basePostgresUrl();
    if (pg) {
      const { Client } = await import("pg");
      const url = new URL(pg);
      url.searchParams.delete("schema");
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`t\\_${runId}\\_%`]);
      for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
      await client.end();
    } else {
      for (const f of readdirSync(os.tmpdir())) if (f.startsWith(`portico-test-${runId}-`)) rmSync(path.join(os.tmpdir(), f), { force: true });
    }
  };
}
