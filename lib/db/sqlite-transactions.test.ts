// Another connection writing the same SQLite file (the gateway's request-log
// thread, a CLI script, a test process) must not make the portal's
// read-then-write transactions fail with "database is locked".
// The other writer is a child process driven by messages (barriers), so
// what overlaps with what is decided by the test, not by timing.
import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { databaseConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { systemActor } from "@/lib/authz/actor";

const cfg = databaseConfig();
const sqliteFile = cfg.dialect === "sqlite" ? cfg.file : "";

/**
 * A second process with its own better-sqlite3 connection. Commands on stdin,
 * one per line; answers on stdout, one per line:
 *   try    → one insert with no busy wait: "wrote" or "busy"
 *   start  → inserts continuously (busy timeout 5 s), "running" after the first row
 *   stop   → stops inserting, "stopped <rows>"
 */
const writerSource = `
const D = require(${JSON.stringify(require.resolve("better-sqlite3"))});
const db = new D(${JSON.stringify(sqliteFile)});
const ins = db.prepare('INSERT INTO "RequestLog" ("id","at","method","path","status","latencyMs") VALUES (?, ?, ?, ?, ?, ?)');
let i = 0, running = false;
const insert = () => ins.run("other-writer-" + process.pid + "-" + i++, new Date().toISOString(), "GET", "/x", 200, 1);
function burst() {
  if (!running) return;
  for (let k = 0; k < 20; k++) insert();
  setImmediate(burst); // lets stdin's "stop" in between bursts
}
let buffered = "";
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf("\\n")) >= 0) {
    const command = buffered.slice(0, nl); buffered = buffered.slice(nl + 1);
    if (command === "try") {
      db.pragma("busy_timeout = 0");
      try { insert(); console.log("wrote"); } catch (e) { console.log(e.code === "SQLITE_BUSY" ? "busy" : "error " + e.message); }
    } else if (command === "start") {
      db.pragma("busy_timeout = 5000");
      running = true; insert(); console.log("running"); setImmediate(burst);
    } else if (command === "stop") {
      running = false; console.log("stopped " + i);
    }
  }
});
process.stdin.on("end", () => db.close());
`;

type Writer = { child: ChildProcess; send: (command: string) => Promise<string> };

function startWriter(): Writer {
  const child = spawn(process.execPath, ["-e", writerSource], { stdio: ["pipe", "pipe", "inherit"] });
  const waiting: ((line: string) => void)[] = [];
  let buffered = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  const send = (command: string) =>
    new Promise<string>((resolve) => {
      waiting.push(resolve);
      child.stdin!.write(`${command}\n`);
    });
  return { child, send };
}

let writer: Writer | undefined;
afterEach(async () => {
  if (!writer) return;
  const exited = new Promise((resolve) => writer!.child.once("exit", resolve));
  writer.child.stdin!.end();
  await exited;
  writer = undefined;
});

const auditOnce = () => getDb().$transaction((tx) => recordAuditEvent(tx, { actor: systemActor("test"), action: "logs.purge" }));

describe.skipIf(cfg.dialect !== "sqlite")("SQLite transactions beside another writer", () => {
  it("a read-then-write transaction holds the write lock from its start, so a writer in its middle waits instead of it failing", async () => {
    writer = startWriter();
    const db = getDb();
    const marker = `mid-transaction-${process.pid}-${Math.random()}`;
    let probe = "";
    await db.$transaction(
      async (tx) => {
        await tx.auditEvent.count(); // the read
        // The other connection tries to commit between our read and our write.
        // A deferred transaction would let it (and then fail on its own write
        // with SQLITE_BUSY_SNAPSHOT); BEGIN IMMEDIATE makes it wait.
        probe = await writer!.send("try");
        await recordAuditEvent(tx, { actor: systemActor("test"), action: "logs.purge", targetId: marker }); // the write
      },
      { timeout: 60_000 },
    );
    expect(probe).toBe("busy");
    expect(await db.auditEvent.count({ where: { targetId: marker } })).toBe(1);
    // Once committed, the other connection writes again.
    expect(await writer.send("try")).toBe("wrote");
  });

  it("transactions beside a process inserting as fast as it can all commit", async () => {
    writer = startWriter();
    const db = getDb();
    await db.auditEvent.count(); // connect before the other writer starts
    expect(await writer.send("start")).toBe("running");
    const failures: string[] = [];
    let committed = 0;
    // The writer keeps inserting until told to stop, so every one of these overlaps with it.
    for (let i = 0; i < 20; i++) {
      try {
        await auditOnce();
        committed++;
      } catch (error) {
        failures.push((error as Error).message.split("\n").pop()!);
      }
    }
    const stopped = await writer.send("stop");
    expect(failures).toEqual([]);
    expect(committed).toBe(20);
    expect(Number(stopped.replace("stopped ", ""))).toBeGreaterThan(1);
  });
});
