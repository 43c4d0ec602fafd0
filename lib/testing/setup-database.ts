// Runs before each test file: points DATABASE_URL at this worker's own
// database and migrates it once. Tests then use the real lib/ functions on
// a real database; they make their own users and organisations, so files
// sharing a worker's database do not depend on each other.
import os from "node:os";
import { databaseConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import { RUN_ID_ENV, testDatabaseUrl } from "./test-database-url";

const marker = Symbol.for("portico.test-db-migrated");
const g = globalThis as { [marker]?: string };

const url = testDatabaseUrl(process.env[RUN_ID_ENV] ?? "local", process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0");
process.env.DATABASE_URL = url;
process.env.PORTICO_DATA_DIR ??= `${os.tmpdir()}/portico-test-data`;
if (g[marker] !== url) {
  await migrate(databaseConfig(url));
  g[marker] = url;
}
