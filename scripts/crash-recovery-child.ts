// The process scripts/crash-recovery.test.ts kills. It performs one state
// change through lib/ — a spec import, an app approval or a secret rotation —
// and, when asked, stops dead at a point of that change's transaction:
//   before-commit  every statement of the transaction has run, COMMIT has not;
//   after-commit   COMMIT has returned, nothing after it (publishChange, the
//                  caller's answer) has.
// At that point it writes "crash-point" on stdout and blocks its thread, so
// the test kills it exactly there (a barrier, not a guess at timing). The
// point is found at the database driver — the COMMIT statement Prisma sends
// through better-sqlite3 or pg — so the lib code runs unchanged and has no
// test hook on its path.
import { readFileSync, writeSync } from "node:fs";
import type { Actor } from "../lib/authz/actor";

export type CrashJob =
  | { op: "publish"; actor: Actor; specFile: string }
  | { op: "approve"; actor: Actor; appId: string; requestId: string }
  | { op: "rotate"; actor: Actor; appId: string };
export type CrashPoint = "before-commit" | "after-commit";

const job = JSON.parse(process.env.CRASH_JOB!) as CrashJob;
const point = process.env.CRASH_AT as CrashPoint | undefined;

function stopHere(): never {
  writeSync(1, "crash-point\n");
  // Block this thread until SIGKILL: no timer, no further I/O, no commit.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

const isCommit = (sql: unknown) => typeof sql === "string" && sql.trim().toUpperCase() === "COMMIT";

if (point) {
  // SQLite: Prisma's adapter runs `prepare(sql).bind(args).run()`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same CommonJS module object Prisma's adapter loads, so patching its prototype reaches the adapter
  const Database = require("better-sqlite3") as typeof import("better-sqlite3");
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (this: import("better-sqlite3").Database, sql: string) {
    const statement = prepare.call(this, sql);
    if (!isCommit(sql)) return statement;
    if (point === "before-commit") stopHere();
    const run = statement.run.bind(statement) as (...args: unknown[]) => unknown;
    statement.run = ((...args: unknown[]) => {
      const result = run(...args);
      stopHere();
      return result;
    }) as typeof statement.run;
    return statement;
  } as typeof prepare;

  // PostgreSQL: Prisma's adapter sends `client.query({ text, values, … })`.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same CommonJS module object Prisma's adapter loads, so patching its prototype reaches the adapter
  const pg = require("pg") as typeof import("pg");
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : (first as { text?: string } | undefined)?.text;
    if (!isCommit(text)) return query.apply(this, args);
    if (point === "before-commit") stopHere();
    return (query.apply(this, args) as Promise<unknown>).then(() => stopHere());
  } as typeof pg.Client.prototype.query;
}

(async () => {
  let result: unknown;
  if (job.op === "publish") {
    const { publishSpec } = await import("../lib/catalog/publish-spec");
    result = await publishSpec({ actor: job.actor, unverifiedSpec: readFileSync(job.specFile, "utf8"), filename: "spec.yaml" });
  } else if (job.op === "approve") {
    const { approveAppRequest } = await import("../lib/apps/approve-app-request");
    result = await approveAppRequest({ actor: job.actor, appId: job.appId, requestId: job.requestId });
  } else {
    const { issueClientSecret } = await import("../lib/credentials/issue-client-secret");
    const { secret: _secret, ...rest } = await issueClientSecret({ actor: job.actor, appId: job.appId });
    result = rest;
  }
  writeSync(1, `done ${JSON.stringify(result)}\n`);
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
