import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { databaseConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { createRequestLogWriter, type RequestLogEntry } from "./record-request-log";

const entry = (marker: string, i: number): RequestLogEntry => ({
  at: new Date(),
  method: "GET",
  path: `/sandbox/accounts/2.1.0/accounts/acc_${String(i).padStart(8, "0")}`,
  template: "/sandbox/accounts/2.1.0/accounts/{accountId}",
  sensitiveParams: ["accountId"],
  operationId: marker,
  status: 200,
  latencyMs: 1.5,
  detail: { query: { iban: "GB33BUKB20201555555555" } },
});

describe("request log writer", () => {
  it("pushes back at the high-water mark instead of dropping, and stores every admitted call, redacted", async () => {
    const marker = `op_${randomBytes(4).toString("hex")}`;
    // A timer that never fires during the test: only flush() writes.
    const writer = createRequestLogWriter({ highWaterMark: 300, maxBatch: 128, flushIntervalMs: 3_600_000 });
    let admitted = 0;
    for (let i = 0; i < 450; i++) {
      if (!writer.admit()) continue;
      writer.record(entry(marker, i));
      admitted++;
    }
    expect(admitted).toBe(300);
    expect(writer.stats()).toMatchObject({ pending: 300, refused: 150, written: 0 });

    await writer.flush();
    expect(writer.stats()).toMatchObject({ pending: 0, written: 300 });
    expect(writer.admit()).toBe(true);
    const rows = await getDb().requestLog.findMany({ where: { operationId: marker } });
    expect(rows).toHaveLength(300);
    for (const row of rows) {
      expect(row.path).toBe("/sandbox/accounts/2.1.0/accounts/[redacted]");
      expect(row.detail).not.toContain("GB33");
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(300);
    await writer.close();
  });

  it("writes what is queued on close", async () => {
    const marker = `op_${randomBytes(4).toString("hex")}`;
    const writer = createRequestLogWriter({ flushIntervalMs: 3_600_000 });
    for (let i = 0; i < 2500; i++) writer.record(entry(marker, i));
    await writer.close();
    expect(await getDb().requestLog.count({ where: { operationId: marker } })).toBe(2500);
  });

  // Another connection holds SQLite's write lock past the thread's busy
  // timeout (a long purge, a migration): the insert fails. The batch must be
  // kept and written once the lock is gone — the old writer lost it.
  const cfg = databaseConfig();
  it.skipIf(cfg.dialect !== "sqlite")("keeps a batch the database refused and writes it when it can", async () => {
    const marker = `op_${randomBytes(4).toString("hex")}`;
    const holder = new Database(cfg.dialect === "sqlite" ? cfg.file : "");
    holder.exec("BEGIN IMMEDIATE");
    let refused!: () => void;
    const firstFailure = new Promise<void>((resolve) => (refused = resolve));
    const writer = createRequestLogWriter({ flushIntervalMs: 3_600_000, onError: () => refused() });
    for (let i = 0; i < 40; i++) writer.record(entry(marker, i));
    const flushed = writer.flush();
    await firstFailure; // the barrier: the database has refused the batch once
    expect(writer.stats()).toMatchObject({ pending: 40, written: 0 });
    holder.exec("ROLLBACK");
    holder.close();
    await flushed;
    expect(writer.stats()).toMatchObject({ pending: 0, written: 40 });
    expect(writer.stats().retries).toBeGreaterThanOrEqual(1);
    expect(await getDb().requestLog.count({ where: { operationId: marker } })).toBe(40);
    await writer.close();
  }, 60_000);
});
