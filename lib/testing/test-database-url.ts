// Where tests keep their databases. On SQLite each test worker gets its own
// file; on PostgreSQL (TEST_DATABASE_URL or a postgresql:// DATABASE_URL) its
// own schema, named after the run so global teardown can drop them all.
import os from "node:os";
import path from "node:path";

export const RUN_ID_ENV = "PORTICO_TEST_RUN_ID";

export function basePostgresUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

export function testDatabaseUrl(runId: string, worker: string): string {
  const pg = basePostgresUrl();
  if (pg) {
    const url = new URL(pg);
    url.searchParams.set("schema", `t_${runId}_${worker}`);
    return url.toString();
  }
  return `file:${path.join(os.tmpdir(), `portico-test-${runId}-${worker}.db`)}`;
}
