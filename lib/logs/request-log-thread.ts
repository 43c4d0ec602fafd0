// The request-log thread: the program record-request-log.ts runs in a worker
// thread (bundled at start, so it needs no TypeScript loader in any host).
// Everything per entry that costs CPU happens here, off the gateway's event
// loop: redaction (redact-log-entry.ts), row ids, SQL values, the insert.
// Each batch is written in ONE transaction through every consumer in
// `CONSUMERS`, then acknowledged; on failure nothing of the batch is kept and
// the main thread sends the same batch again, so a batch is stored whole or
// not at all, and never lost while the process lives.
import { randomBytes } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { redactLogEntry, type RequestLogEntry, type StoredRequestLog } from "./redact-log-entry";

export type RequestLogThreadConfig =
  | { dialect: "sqlite"; file: string; driver: string }
  | { dialect: "postgres"; url: string; schema: string; driver: string };
export type BatchMessage = { id: number; entries: RequestLogEntry[] };
export type BatchReply = { id: number; error?: string };

/** One open transaction: statements are bound-parameter SQL, prepared once per text. */
type Tx = { dialect: RequestLogThreadConfig["dialect"]; table: (name: string) => string; run(sql: string, params: unknown[]): Promise<void> | void };
type Consumer = (tx: Tx, rows: StoredRequestLog[]) => Promise<void> | void;

const COLUMNS = ["id", "at", "appId", "organisationId", "apiSlug", "apiVersion", "operationId", "method", "path", "status", "latencyMs", "errorCode", "detail", "sourceIp"] as const;
const PG_TYPES = ["text", "timestamp(3)", "text", "text", "text", "text", "text", "text", "text", "integer", "double precision", "text", "text", "text"];

/**
 * Time-ordered ids (like cuid's): each batch appends at the right edge of the
 * primary-key index instead of random B-tree pages as UUIDs would.
 */
let sequence = 0;
const instance = randomBytes(3).toString("hex");
function logId(): string {
  sequence = (sequence + 1) % 1_679_616; // 36^4
  return `rl${Date.now().toString(36)}${sequence.toString(36).padStart(4, "0")}${instance}`;
}

// DateTime as UTC text: Prisma's SQLite adapter writes "…+00:00"; PostgreSQL's
// timestamp(3) (without time zone) holds UTC wall time, as Prisma writes it.
const valuesOf = (row: StoredRequestLog, at: string) => [logId(), at, row.appId, row.organisationId, row.apiSlug, row.apiVersion, row.operationId, row.method, row.path, row.status, row.latencyMs, row.errorCode, row.detail, row.sourceIp];

/**
 * The request log itself. SQLite: one prepared single-row INSERT per row in
 * the batch's transaction (a few µs each with better-sqlite3). PostgreSQL:
 * one INSERT … SELECT FROM unnest() per batch — one array parameter per
 * column, so the statement is the same text (and plan) for any batch size and
 * never nears the 65,535-parameter limit of a multi-row VALUES list.
 */
const insertRequestLogs: Consumer = async (tx, rows) => {
  const columns = COLUMNS.map((c) => `"${c}"`).join(", ");
  if (tx.dialect === "sqlite") {
    const sql = `INSERT INTO "RequestLog" (${columns}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
    for (const row of rows) await tx.run(sql, valuesOf(row, row.at.toISOString().replace("Z", "+00:00")));
    return;
  }
  const arrays: unknown[][] = COLUMNS.map(() => []);
  for (const row of rows) valuesOf(row, row.at.toISOString()).forEach((v, i) => arrays[i]!.push(v));
  const unnest = PG_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
  await tx.run(`INSERT INTO ${tx.table("RequestLog")} (${columns}) SELECT * FROM unnest(${unnest})`, arrays);
};

/**
 * Every consumer of a flushed batch, in order, inside the batch's
 * transaction. A second consumer (e.g. per-minute usage rollups) is one more
 * entry here: it sees the same redacted rows and commits or fails with them.
 */
const CONSUMERS: Consumer[] = [insertRequestLogs];

type Store = { write(rows: StoredRequestLog[]): Promise<void> };

function openSqlite(config: Extract<RequestLogThreadConfig, { dialect: "sqlite" }>): Store {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the thread is bundled on its own; the driver is loaded by the path the main thread resolved
  const Database = require(config.driver) as typeof import("better-sqlite3");
  const db = new Database(config.file);
  // Other connections (the gateway's Prisma client, scripts) write the same
  // file: wait for their lock rather than fail; the main thread retries anyway.
  db.pragma("busy_timeout = 5000");
  const statements = new Map<string, import("better-sqlite3").Statement>();
  const tx: Tx = {
    dialect: "sqlite",
    table: (name) => `"${name}"`,
    run(sql, params) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      statement.run(params);
    },
  };
  return {
    async write(rows) {
      db.exec("BEGIN IMMEDIATE");
      try {
        for (const consume of CONSUMERS) await consume(tx, rows);
        db.exec("COMMIT");
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    },
  };
}

function openPostgres(config: Extract<RequestLogThreadConfig, { dialect: "postgres" }>): Store {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the thread is bundled on its own; the driver is loaded by the path the main thread resolved
  const { Client } = require(config.driver) as typeof import("pg");
  let client: import("pg").Client | undefined;
  return {
    async write(rows) {
      if (!client) {
        const fresh = new Client({ connectionString: config.url });
        fresh.on("error", () => undefined); // a dropped connection fails the next write, which reconnects
        await fresh.connect();
        client = fresh;
      }
      const c = client;
      // Raw SQL does not get the adapter's schema: name it (validated in lib/config).
      const tx: Tx = { dialect: "postgres", table: (name) => `"${config.schema}"."${name}"`, run: async (sql, params) => void (await c.query(sql, params)) };
      try {
        await c.query("BEGIN");
        for (const consume of CONSUMERS) await consume(tx, rows);
        await c.query("COMMIT");
      } catch (error) {
        await c.query("ROLLBACK").catch(() => undefined);
        client = undefined;
        await c.end().catch(() => undefined);
        throw error;
      }
    },
  };
}

if (parentPort) {
  const port = parentPort;
  const config = workerData as RequestLogThreadConfig;
  const store = config.dialect === "sqlite" ? openSqlite(config) : openPostgres(config);
  // The main thread sends one batch at a time and waits for its reply.
  port.on("message", async ({ id, entries }: BatchMessage) => {
    try {
      await store.write(entries.map(redactLogEntry));
      port.postMessage({ id } satisfies BatchReply);
    } catch (error) {
      port.postMessage({ id, error: String((error as Error)?.message ?? error) } satisfies BatchReply);
    }
  });
}
