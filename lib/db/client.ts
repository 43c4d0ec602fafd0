// The Prisma client, one per process, on the database DATABASE_URL names.
// Both generated clients have the same API (one schema source), so the rest
// of the code sees a single type.
import { databaseConfig, type DatabaseConfig } from "@/lib/config";
import type { Prisma, PrismaClient as SqliteClient } from "../../node_modules/.prisma/portico-sqlite";
import type { Database as SqliteConnection } from "better-sqlite3";
import type { Pool } from "pg";

export type Db = SqliteClient;
/** The client inside a $transaction callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/**
 * Either: a function that reads or writes takes this when it must also run
 * inside a caller's transaction (a composite sandbox request commits all its
 * steps at once); see ./in-transaction.ts for opening one only when needed.
 */
export type DbOrTx = Db | Tx;

const globalKey = Symbol.for("portico.db");
/**
 * A connection for the few hot-path reads that skip Prisma (./direct-read.ts):
 * on PostgreSQL the pool Prisma's adapter itself uses; on SQLite a read-only
 * connection of its own, opened on first use.
 */
export type DirectConnection = { dialect: "postgres"; pool: Pool } | { dialect: "sqlite"; connection: SqliteConnection };
type Entry = { db: Db; config: DatabaseConfig; pool?: Pool; sqliteReader?: SqliteConnection; sqliteWriter?: SqliteConnection };
type Holder = { [globalKey]?: Entry };

function create(cfg: DatabaseConfig): Entry {
  if (cfg.dialect === "postgres") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
    const { PrismaClient } = require("../../node_modules/.prisma/portico-postgres") as { PrismaClient: new (o: object) => Db };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
    const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
    const { Pool } = require("pg") as typeof import("pg");
    // Our own pool handed to the adapter, so direct reads share its connections instead of opening more.
    const pool = new Pool({ connectionString: cfg.url, max: 10 });
    return { db: new PrismaClient({ adapter: new PrismaPg(pool, { schema: cfg.schema }) }), config: cfg, pool };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
  const { PrismaClient } = require("../../node_modules/.prisma/portico-sqlite") as { PrismaClient: new (o: object) => Db };
  const entry: Entry = { db: undefined as unknown as Db, config: cfg };
  entry.db = new PrismaClient({ adapter: immediateTransactionsAdapter(cfg.url, (connection) => (entry.sqliteWriter = connection)) });
  return entry;
}

/**
 * The SQLite adapter, with interactive transactions opened by BEGIN IMMEDIATE
 * instead of the adapter's plain BEGIN. Why: other connections write the same
 * file (the gateway's request-log thread, CLI scripts, a second process). A
 * deferred transaction that has read and then wants to write fails at once
 * with "database is locked" (SQLITE_BUSY_SNAPSHOT) when another connection
 * committed in between; the busy timeout cannot help it. Taking the write
 * lock up front makes it wait its turn (busy timeout, 5 s) instead.
 *
 * And isolated: the adapter runs every query of the process on ONE
 * connection, and gates only transactions on each other, so a query made
 * outside an open interactive transaction ran inside it — it read the
 * transaction's uncommitted rows, and its writes vanished when the
 * transaction rolled back (a token issued while a composite sandbox request
 * was open, say). Here a query outside a transaction waits until the open
 * one has ended. The query itself runs synchronously (better-sqlite3) right
 * after the check, so none can slip in between. Code inside a transaction
 * must therefore use its `tx`, never the outer client (it would wait for its
 * own transaction to end, until Prisma's transaction timeout).
 */
function immediateTransactionsAdapter(url: string, onConnect: (connection: SqliteConnection) => void) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
  const { PrismaBetterSQLite3 } = require("@prisma/adapter-better-sqlite3") as typeof import("@prisma/adapter-better-sqlite3");
  const factory = new PrismaBetterSQLite3({ url, timeout: 5000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: SqliteConnection }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof client.prepare;
    onConnect(client);

    type Queryable = { queryRaw(q: unknown): Promise<unknown>; executeRaw(q: unknown): Promise<unknown> };
    type Transaction = Queryable & { commit(): Promise<void>; rollback(): Promise<void> };
    const open = adapter as unknown as Queryable & { startTransaction(isolation?: string): Promise<Transaction> };
    /** Settles when the open transaction ends; undefined while none is open or starting. */
    let current: Promise<void> | undefined;
    const startTransaction = open.startTransaction.bind(open);
    open.startTransaction = async (isolation) => {
      while (current) await current;
      let end!: () => void;
      current = new Promise<void>((resolve) => (end = resolve));
      const ended = () => {
        current = undefined;
        end();
      };
      let tx: Transaction;
      try {
        tx = await startTransaction(isolation);
      } catch (error) {
        ended();
        throw error;
      }
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(ended);
      tx.rollback = () => rollback().finally(ended);
      return tx;
    };
    for (const method of ["queryRaw", "executeRaw"] as const) {
      const run = open[method].bind(open);
      open[method] = async (query) => {
        while (current) await current;
        return run(query);
      };
    }
    return adapter;
  };
  return factory;
}

/** The process-wide client. Kept on globalThis so Next.js dev reloads reuse it. */
export function getDb(): Db {
  const holder = globalThis as Holder;
  if (!holder[globalKey]) holder[globalKey] = create(databaseConfig());
  return holder[globalKey].db;
}

/**
 * The direct connection behind `db` when `db` is the process-wide client;
 * undefined for a transaction client (whose reads must see its own
 * uncommitted writes, so they stay on its connection) or any other client.
 * SQLite: a separate read-only connection (WAL: it reads the last commit,
 * never another request's open transaction on Prisma's one connection).
 */
export function directConnection(db: Db | Tx): DirectConnection | undefined {
  const entry = (globalThis as Holder)[globalKey];
  if (!entry || entry.db !== db) return undefined;
  if (entry.pool) return { dialect: "postgres", pool: entry.pool };
  if (entry.config.dialect !== "sqlite") return undefined;
  if (!entry.sqliteReader) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only on SQLite
    const Database = require("better-sqlite3") as typeof import("better-sqlite3");
    entry.sqliteReader = new Database(entry.config.file, { readonly: true, fileMustExist: true, timeout: 5000 });
  }
  return { dialect: "sqlite", connection: entry.sqliteReader };
}

export function dialect(): DatabaseConfig["dialect"] {
  return databaseConfig().dialect;
}

/**
 * A table's name for the few hand-written queries ($queryRawUnsafe on a hot
 * path): quoted, and on PostgreSQL qualified with the configured schema, as
 * Prisma's own queries are (the schema name is validated in lib/config).
 */
export function sqlTable(model: Prisma.ModelName): string {
  const cfg = databaseConfig();
  return cfg.dialect === "postgres" ? `"${cfg.schema}"."${model}"` : `"${model}"`;
}

/** The n-th (from 1) bind parameter of a hand-written query in the configured dialect. */
export function sqlParam(n: number): string {
  return dialect() === "postgres" ? `$${n}` : "?";
}

/**
 * SQLite: the one connection Prisma's adapter runs every query of `db` on,
 * transactions included, once it has connected. A statement run on it
 * inside `db.$transaction(…)` is part of that transaction (SQLite
 * transactions belong to the connection, and the adapter lets one
 * transaction at a time hold it), for hot writes that skip Prisma's cost per
 * query (lib/sandbox-data/debit-for-payment.ts). Undefined on PostgreSQL
 * (each transaction has a pool connection of its own) and for any client but
 * the process-wide one. Never use it outside a transaction of `db`.
 */
export function sqliteTransactionConnection(db: Db): SqliteConnection | undefined {
  const entry = (globalThis as Holder)[globalKey];
  return entry && entry.db === db ? entry.sqliteWriter : undefined;
}

/** Closes the client (tests and CLI scripts). */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const entry = holder[globalKey];
  if (entry) {
    delete holder[globalKey];
    await entry.db.$disconnect();
    entry.sqliteReader?.close();
    await entry.pool?.end();
  }
}
