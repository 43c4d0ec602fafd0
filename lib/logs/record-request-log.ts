// The gateway's request log. Recording is a push onto an in-memory queue
// (the hot path pays ~nothing); a timer redacts and inserts the queue in
// batches. Redaction happens before anything reaches the database
// (lib/logs/redact.ts): tokens, secrets, account ids, IBANs and card numbers
// are never stored.
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { databaseConfig } from "@/lib/config";
import type { Db } from "@/lib/db";
import { REDACTED, redactPath, redactText, redactValue } from "./redact";

export type RequestLogEntry = {
  at: Date;
  appId?: string | null;
  organisationId?: string | null;
  apiSlug?: string | null;
  apiVersion?: string | null;
  operationId?: string | null;
  method: string;
  /** The raw path as received; redacted at flush. */
  path: string;
  /** The matched operation's template and its account-marked path parameters, for precise redaction. */
  template?: string;
  sensitiveParams?: string[];
  /** Query parameters the spec marks as account identifiers: redacted by name. */
  sensitiveQueryParams?: string[];
  status: number;
  latencyMs: number;
  errorCode?: string | null;
  /** Excerpt for the developer's logs view (query parameters, Prefer); redacted at flush. */
  detail?: Record<string, unknown>;
  sourceIp?: string | null;
};

export type RequestLogWriter = {
  record(entry: RequestLogEntry): void;
  /** Writes what is queued now (tests and shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
};

function redactQueryByName(entry: RequestLogEntry): Record<string, unknown> {
  const detail = entry.detail ?? {};
  const query = detail.query as Record<string, unknown> | undefined;
  if (!query || !entry.sensitiveQueryParams?.length) return detail;
  const copy = { ...query };
  for (const name of entry.sensitiveQueryParams) if (name in copy) copy[name] = REDACTED;
  return { ...detail, query: copy };
}

export function toStoredRow(entry: RequestLogEntry) {
  return {
    at: entry.at,
    appId: entry.appId ?? null,
    organisationId: entry.organisationId ?? null,
    apiSlug: entry.apiSlug ?? null,
    apiVersion: entry.apiVersion ?? null,
    operationId: entry.operationId ?? null,
    method: entry.method,
    path: redactPath({ path: entry.path, template: entry.template, sensitiveParams: entry.sensitiveParams }).slice(0, 2000),
    status: entry.status,
    latencyMs: Math.round(entry.latencyMs * 1000) / 1000,
    errorCode: entry.errorCode ?? null,
    detail: JSON.stringify(redactValue(redactQueryByName(entry))).slice(0, 4000),
    sourceIp: entry.sourceIp ? redactText(entry.sourceIp) : null,
  };
}

const COLUMNS = ["id", "at", "appId", "organisationId", "apiSlug", "apiVersion", "operationId", "method", "path", "status", "latencyMs", "errorCode", "detail", "sourceIp"] as const;
type StoredRow = ReturnType<typeof toStoredRow>;
type Inserter = { insert(rows: StoredRow[]): Promise<void>; close(): void };

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

const valuesOf = (row: StoredRow, at: unknown) => [logId(), at, row.appId, row.organisationId, row.apiSlug, row.apiVersion, row.operationId, row.method, row.path, row.status, row.latencyMs, row.errorCode, row.detail, row.sourceIp];

/**
 * How batches reach the database. Measured under load (bench/gateway.ts):
 * Prisma's createMany cost ~45% of the gateway's CPU and a Prisma raw
 * multi-row INSERT ~60 µs per row, both on the event loop. On SQLite a
 * prepared statement on our own better-sqlite3 connection, in one
 * transaction per batch, costs a few µs per row. PostgreSQL keeps the raw
 * INSERT through Prisma (asynchronous, off the event loop's critical path).
 * Values are always bound parameters, never spliced into the SQL.
 */
/**
 * The SQLite writer thread: better-sqlite3 is synchronous, and inserting on
 * the gateway's event loop halved its throughput under load (bench/gateway.ts:
 * ~10k vs ~18–33k req/s without logging). Plain JS so it runs in any host
 * (tsx, Next.js, vitest) without a loader; one prepared statement, one
 * transaction per batch.
 */
const SQLITE_WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const statement = db.prepare(workerData.sql);
const insertAll = db.transaction((rows) => { for (const row of rows) statement.run(row); });
parentPort.on("message", ({ id, values }) => {
  try { insertAll(values); parentPort.postMessage({ id }); }
  catch (error) { parentPort.postMessage({ id, error: String(error && error.message || error) }); }
});
`;

function createInserter(db: Db): Inserter {
  const cfg = databaseConfig();
  const columns = COLUMNS.map((c) => `"${c}"`).join(", ");
  if (cfg.dialect === "sqlite") {
    const sql = `INSERT INTO "RequestLog" (${columns}) VALUES (${COLUMNS.map(() => "?").join(", ")})`;
    const worker = new Worker(SQLITE_WRITER, {
      eval: true,
      workerData: { file: cfg.file, sql, driver: require.resolve("better-sqlite3") },
    });
    worker.unref();
    const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
    let next = 0;
    worker.on("message", (m: { id: number; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve();
    });
    worker.on("error", (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    return {
      insert(rows) {
        const id = ++next;
        // DateTime as ISO text, the way Prisma's SQLite adapter writes it.
        const values = rows.map((row) => valuesOf(row, row.at.toISOString().replace("Z", "+00:00")));
        return new Promise<void>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          worker.postMessage({ id, values });
        });
      },
      close: () => void worker.terminate(),
    };
  }
  // Raw SQL does not get the adapter's schema: name it (validated in lib/config).
  const table = `"${cfg.schema}"."RequestLog"`;
  return {
    async insert(rows) {
      const values: unknown[] = [];
      const tuples = rows.map((row) => {
        const start = values.length;
        values.push(...valuesOf(row, row.at));
        return `(${COLUMNS.map((_, i) => `$${start + i + 1}`).join(", ")})`;
      });
      await db.$executeRawUnsafe(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(", ")}`, ...values);
    },
    close: () => undefined,
  };
}

export function createRequestLogWriter(options: {
  db: Db;
  flushIntervalMs?: number;
  maxBatch?: number;
  /** Beyond this many queued entries new ones are dropped (and counted) rather than exhausting memory. */
  maxQueue?: number;
  onError?: (error: unknown) => void;
}): RequestLogWriter {
  const { db } = options;
  // Small batches with a yield between them: on SQLite an insert runs on the
  // event loop, and 500 rows at once measured as a ~10 ms stall in the
  // gateway's p99; 50 rows is ~1 ms.
  const maxBatch = options.maxBatch ?? 50;
  const maxQueue = options.maxQueue ?? 50_000;
  let queue: RequestLogEntry[] = [];
  let dropped = 0;
  let writing: Promise<void> = Promise.resolve();
  let inserter: Inserter | undefined;

  const writeBatch = async () => {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await (inserter ??= createInserter(db)).insert(batch.map(toStoredRow));
      } catch (error) {
        options.onError?.(error);
      }
      if (queue.length) await new Promise((resolve) => setImmediate(resolve));
    }
    if (dropped) {
      options.onError?.(new Error(`request log: dropped ${dropped} entries (queue full)`));
      dropped = 0;
    }
  };
  const flush = () => (writing = writing.then(writeBatch));
  const timer = setInterval(() => {
    if (queue.length) void flush();
  }, options.flushIntervalMs ?? 250);
  timer.unref();

  return {
    record(entry) {
      if (queue.length >= maxQueue) dropped++;
      else queue.push(entry);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
      inserter?.close();
      inserter = undefined;
    },
  };
}
