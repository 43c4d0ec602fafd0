// Where the request-log thread (request-log-thread.ts) writes a batch: one
// transaction per batch through every consumer in `CONSUMERS`. A module of
// its own, without the thread's message handling, so the bench seeds through
// the same code and the tests can send one batch twice.
//
// Idempotency: each batch carries an id the main thread keeps across its
// retries. The transaction first records the id in RequestLogBatch; if it is
// already there, an earlier attempt committed (its acknowledgement was lost)
// and nothing is written again — neither logs nor rollups.
import { randomBytes } from "node:crypto";
import { BUCKET_COLUMNS, BUCKETS, bucketOf } from "./latency-histogram";
import { requestLogEvent } from "@/lib/siem/siem-event";
import type { StoredRequestLog } from "./redact-log-entry";

/** `siem`: the SIEM sink is on (SIEM_URL), so each batch also writes its events to the sink's outbox. */
export type RequestLogStoreConfig =
  | { dialect: "sqlite"; file: string; driver: string; siem?: boolean }
  | { dialect: "postgres"; url: string; schema: string; driver: string; siem?: boolean };

/** One open transaction: statements are bound-parameter SQL, prepared once per text; `run` answers the rows changed. */
type Tx = { dialect: RequestLogStoreConfig["dialect"]; table: (name: string) => string; run(sql: string, params: unknown[]): Promise<number> | number };
/** A stored row with the id it gets in RequestLog (the SIEM event id too). */
type IdentifiedRow = StoredRequestLog & { id: string };
type Consumer = (tx: Tx, rows: IdentifiedRow[]) => Promise<void> | void;

export type RequestLogStore = {
  /** Stores the batch in one transaction; false when a batch with this id was already stored (nothing written). */
  write(batchId: string, rows: StoredRequestLog[]): Promise<boolean>;
  close(): Promise<void>;
};

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
const timeValue = (dialect: Tx["dialect"], at: Date) => (dialect === "sqlite" ? at.toISOString().replace("Z", "+00:00") : at.toISOString());

const valuesOf = (row: IdentifiedRow, at: string) => [row.id, at, row.appId, row.organisationId, row.apiSlug, row.apiVersion, row.operationId, row.method, row.path, row.status, row.latencyMs, row.errorCode, row.detail, row.sourceIp];

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
    for (const row of rows) await tx.run(sql, valuesOf(row, timeValue("sqlite", row.at)));
    return;
  }
  const arrays: unknown[][] = COLUMNS.map(() => []);
  for (const row of rows) valuesOf(row, timeValue("postgres", row.at)).forEach((v, i) => arrays[i]!.push(v));
  const unnest = PG_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
  await tx.run(`INSERT INTO ${tx.table("RequestLog")} (${columns}) SELECT * FROM unnest(${unnest})`, arrays);
};

/** The rollup grains and their lengths; hours and days hold exactly the sums of their minutes. */
export const GRAINS = [
  ["minute", 60_000],
  ["hour", 3_600_000],
  ["day", 86_400_000],
] as const;
export type Grain = (typeof GRAINS)[number][0];

const KEY_COLUMNS = ["grain", "start", "appId", "organisationId", "apiSlug", "apiVersion", "operationId"] as const;
const SUM_COLUMNS = ["calls", "s2xx", "s3xx", "s4xx", "s5xx", "latencySumMs", ...BUCKET_COLUMNS] as const;
const ROLLUP_COLUMNS = [...KEY_COLUMNS, ...SUM_COLUMNS];
const ROLLUP_PG_TYPES = [...KEY_COLUMNS.map((c) => (c === "start" ? "timestamp(3)" : "text")), ...SUM_COLUMNS.map((c) => (c === "latencySumMs" ? "double precision" : "integer"))];
const CONFLICT = `"appId", "grain", "start", "apiSlug", "apiVersion", "operationId"`;

type Aggregate = { key: string; values: (string | number)[] };

/**
 * The batch's rows summed per app, operation and grain (a batch of 1,000
 * calls over a few operations within one minute is a handful of keys), in key
 * order so concurrent writers lock rollup rows in the same order.
 */
export function aggregateRollups(dialect: Tx["dialect"], rows: StoredRequestLog[]): Aggregate[] {
  // Per app and operation, one map per grain from the period's start (a
  // number) to its sums: one string key per row, number keys per grain.
  const byOperation = new Map<string, Map<number, Aggregate>[]>();
  const all: Aggregate[] = [];
  for (const row of rows) {
    if (!row.appId) continue; // calls no app could be named for (refused before authentication) have no usage to count
    const operationKey = `${row.appId}\u0000${row.apiSlug ?? ""}\u0000${row.apiVersion ?? ""}\u0000${row.operationId ?? ""}`;
    let grains = byOperation.get(operationKey);
    if (!grains) byOperation.set(operationKey, (grains = GRAINS.map(() => new Map())));
    // values: the 7 key columns, then SUM_COLUMNS: calls 7, s2xx…s5xx 8–11, latencySumMs 12, h00… from 13.
    const statusColumn = row.status < 300 ? 8 : row.status < 400 ? 9 : row.status < 500 ? 10 : 11;
    const bucket = 13 + bucketOf(row.latencyMs);
    const at = row.at.getTime();
    for (let g = 0; g < GRAINS.length; g++) {
      const [grain, ms] = GRAINS[g]!;
      const start = Math.floor(at / ms) * ms;
      let sum = grains[g]!.get(start);
      if (!sum) {
        const values: (string | number)[] = [grain, timeValue(dialect, new Date(start)), row.appId, row.organisationId ?? "", row.apiSlug ?? "", row.apiVersion ?? "", row.operationId ?? ""];
        for (let i = 0; i < 6 + BUCKETS; i++) values.push(0);
        sum = { key: `${row.appId}\u0000${grain}\u0000${String(start).padStart(15, "0")}\u0000${operationKey}`, values };
        grains[g]!.set(start, sum);
        all.push(sum);
      }
      const v = sum.values;
      (v[7] as number)++;
      (v[statusColumn] as number)++;
      (v[12] as number) += row.latencyMs;
      (v[bucket] as number)++;
    }
  }
  return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Usage rollups (RequestRollup): one upsert per key that adds the batch's
 * sums to the stored ones — the same statement on both databases (ON
 * CONFLICT … DO UPDATE). PostgreSQL takes every key of the batch in one
 * statement over unnest(), like the logs.
 */
const upsertRollups: Consumer = async (tx, rows) => {
  const sums = aggregateRollups(tx.dialect, rows);
  if (!sums.length) return;
  const columns = ROLLUP_COLUMNS.map((c) => `"${c}"`).join(", ");
  const existing = tx.dialect === "sqlite" ? "" : "r.";
  const update = SUM_COLUMNS.map((c) => `"${c}" = ${existing}"${c}" + excluded."${c}"`).join(", ");
  if (tx.dialect === "sqlite") {
    const sql = `INSERT INTO "RequestRollup" (${columns}) VALUES (${ROLLUP_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (${CONFLICT}) DO UPDATE SET ${update}`;
    for (const sum of sums) await tx.run(sql, sum.values);
    return;
  }
  const arrays: unknown[][] = ROLLUP_COLUMNS.map(() => []);
  for (const sum of sums) sum.values.forEach((v, i) => arrays[i]!.push(v));
  const unnest = ROLLUP_PG_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
  await tx.run(`INSERT INTO ${tx.table("RequestRollup")} AS r (${columns}) SELECT * FROM unnest(${unnest}) ON CONFLICT (${CONFLICT}) DO UPDATE SET ${update}`, arrays);
};

/** The grains whose status-code counts are kept: the ones the pages read (days for /usage and the export, hours for the compliance page). */
const STATUS_GRAINS = GRAINS.filter(([grain]) => grain !== "minute");
const STATUS_COLUMNS = [...KEY_COLUMNS, "status", "calls"] as const;
const STATUS_PG_TYPES = [...KEY_COLUMNS.map((c) => (c === "start" ? "timestamp(3)" : "text")), "integer", "integer"];
const STATUS_CONFLICT = `${CONFLICT}, "status"`;

/** The batch's calls per app, operation, period and exact status code, in key order (like aggregateRollups). */
export function aggregateStatusCodes(dialect: Tx["dialect"], rows: StoredRequestLog[]): (string | number)[][] {
  const sums = new Map<string, (string | number)[]>();
  for (const row of rows) {
    if (!row.appId) continue;
    const at = row.at.getTime();
    for (const [grain, ms] of STATUS_GRAINS) {
      const start = Math.floor(at / ms) * ms;
      const key = `${row.appId}\u0000${grain}\u0000${String(start).padStart(15, "0")}\u0000${row.apiSlug ?? ""}\u0000${row.apiVersion ?? ""}\u0000${row.operationId ?? ""}\u0000${String(row.status).padStart(3, "0")}`;
      const sum = sums.get(key);
      if (sum) (sum[8] as number)++;
      else sums.set(key, [grain, timeValue(dialect, new Date(start)), row.appId, row.organisationId ?? "", row.apiSlug ?? "", row.apiVersion ?? "", row.operationId ?? "", row.status, 1]);
    }
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, values]) => values);
}

/** Calls per status code (RequestRollupStatus): an upsert per key adding the batch's counts, like the rollups. */
const upsertStatusCodes: Consumer = async (tx, rows) => {
  const sums = aggregateStatusCodes(tx.dialect, rows);
  if (!sums.length) return;
  const columns = STATUS_COLUMNS.map((c) => `"${c}"`).join(", ");
  if (tx.dialect === "sqlite") {
    const sql = `INSERT INTO "RequestRollupStatus" (${columns}) VALUES (${STATUS_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT (${STATUS_CONFLICT}) DO UPDATE SET "calls" = "calls" + excluded."calls"`;
    for (const sum of sums) await tx.run(sql, sum);
    return;
  }
  const arrays: unknown[][] = STATUS_COLUMNS.map(() => []);
  for (const sum of sums) sum.forEach((v, i) => arrays[i]!.push(v));
  const unnest = STATUS_PG_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(", ");
  await tx.run(`INSERT INTO ${tx.table("RequestRollupStatus")} AS r (${columns}) SELECT * FROM unnest(${unnest}) ON CONFLICT (${STATUS_CONFLICT}) DO UPDATE SET "calls" = r."calls" + excluded."calls"`, arrays);
};

/**
 * The SIEM sink's outbox (lib/siem): one event per row, in the batch's
 * transaction, so an event is queued exactly when its log row is stored.
 */
const enqueueSiemEvents: Consumer = async (tx, rows) => {
  const events = rows.map(requestLogEvent);
  if (tx.dialect === "sqlite") {
    const sql = `INSERT INTO "SiemOutbox" ("eventId", "kind", "at", "payload") VALUES (?, ?, ?, ?)`;
    for (const e of events) await tx.run(sql, [e.eventId, e.kind, timeValue("sqlite", e.at), e.payload]);
    return;
  }
  await tx.run(`INSERT INTO ${tx.table("SiemOutbox")} ("eventId", "kind", "at", "payload") SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp(3)[], $4::text[])`, [
    events.map((e) => e.eventId),
    events.map((e) => e.kind),
    events.map((e) => timeValue("postgres", e.at)),
    events.map((e) => e.payload),
  ]);
};

/**
 * Every consumer of a flushed batch, in order, inside the batch's
 * transaction: they see the same redacted rows and commit or fail together.
 */
const CONSUMERS: Consumer[] = [insertRequestLogs, upsertRollups, upsertStatusCodes];

/** Records the batch id; false when it was stored before. */
async function claimBatch(tx: Tx, batchId: string): Promise<boolean> {
  const changed = await tx.run(`INSERT INTO ${tx.table("RequestLogBatch")} ("id", "at") VALUES (${tx.dialect === "sqlite" ? "?, ?" : "$1, $2"}) ON CONFLICT ("id") DO NOTHING`, [batchId, timeValue(tx.dialect, new Date())]);
  return changed === 1;
}

async function writeBatch(tx: Tx, batchId: string, rows: StoredRequestLog[], consumers: Consumer[]): Promise<boolean> {
  if (!(await claimBatch(tx, batchId))) return false;
  const identified = rows.map((row) => ({ ...row, id: logId() }));
  for (const consume of consumers) await consume(tx, identified);
  return true;
}

function openSqlite(config: Extract<RequestLogStoreConfig, { dialect: "sqlite" }>, consumers: Consumer[]): RequestLogStore {
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
      return statement.run(params).changes;
    },
  };
  return {
    async write(batchId, rows) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const stored = await writeBatch(tx, batchId, rows, consumers);
        db.exec("COMMIT");
        return stored;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    },
    close: async () => void db.close(),
  };
}

function openPostgres(config: Extract<RequestLogStoreConfig, { dialect: "postgres" }>, consumers: Consumer[]): RequestLogStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the thread is bundled on its own; the driver is loaded by the path the main thread resolved
  const { Client } = require(config.driver) as typeof import("pg");
  let client: import("pg").Client | undefined;
  return {
    async write(batchId, rows) {
      if (!client) {
        const fresh = new Client({ connectionString: config.url });
        fresh.on("error", () => undefined); // a dropped connection fails the next write, which reconnects
        await fresh.connect();
        client = fresh;
      }
      const c = client;
      // Raw SQL does not get the adapter's schema: name it (validated in lib/config).
      const tx: Tx = { dialect: "postgres", table: (name) => `"${config.schema}"."${name}"`, run: async (sql, params) => (await c.query(sql, params)).rowCount ?? 0 };
      try {
        await c.query("BEGIN");
        const stored = await writeBatch(tx, batchId, rows, consumers);
        await c.query("COMMIT");
        return stored;
      } catch (error) {
        await c.query("ROLLBACK").catch(() => undefined);
        client = undefined;
        await c.end().catch(() => undefined);
        throw error;
      }
    },
    async close() {
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}

/**
 * The store of the request-log thread. `withoutRollups` writes the logs
 * alone: only `npm run bench:analytics` uses it, to measure what the rollups
 * add to a batch.
 */
export function openRequestLogStore(config: RequestLogStoreConfig, options: { withoutRollups?: boolean } = {}): RequestLogStore {
  const consumers = [...(options.withoutRollups ? CONSUMERS.filter((c) => c !== upsertRollups && c !== upsertStatusCodes) : CONSUMERS), ...(config.siem ? [enqueueSiemEvents] : [])];
  return config.dialect === "sqlite" ? openSqlite(config, consumers) : openPostgres(config, consumers);
}
