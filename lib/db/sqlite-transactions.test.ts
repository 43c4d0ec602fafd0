// Another connection writing the same SQLite file (the gateway's request-log
// thread, a CLI script, a test process) must not make the portal's
// read-then-write transactions fail with "database is locked".
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { databaseConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { systemActor } from "@/lib/authz/actor";

const cfg = databaseConfig();
const sqliteFile = cfg.dialect === "sqlite" ? cfg.file : "";

describe.skipIf(cfg.dialect !== "sqlite")("SQLite transactions beside another writer", () => {
  it("read-then-write transactions wait for the other writer instead of failing", async () => {
    const db = getDb();
    await db.auditEvent.count(); // connect before the other writer starts
    // A second process inserting request-log rows as fast as it can for 3 s.
    const writer = spawn(
      process.execPath,
      [
        "-e",
        `const D = require(${JSON.stringify(require.resolve("better-sqlite3"))});
         const db = new D(${JSON.stringify(sqliteFile)}); db.pragma("busy_timeout = 5000");
         const ins = db.prepare('INSERT INTO "RequestLog" ("id","at","method","path","status","latencyMs") VALUES (?, ?, ?, ?, ?, ?)');
         const end = Date.now() + 3000; let i = 0;
         while (Date.now() < end) ins.run("other-writer-" + process.pid + "-" + i++, new Date().toISOString(), "GET", "/x", 200, 1);
         console.log(i);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let written = "";
    writer.stdout.on("data", (chunk) => (written += chunk));
    const exited = new Promise<number | null>((resolve) => writer.on("exit", resolve));

    const failures: string[] = [];
    let done = 0;
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      try {
        await db.$transaction((tx) => recordAuditEvent(tx, { actor: systemActor("test"), action: "logs.purge" }));
        done++;
      } catch (error) {
        failures.push((error as Error).message.split("\n").pop()!);
      }
    }
    expect(await exited).toBe(0);
    expect(Number(written)).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(done).toBeGreaterThan(5);
  });
});
