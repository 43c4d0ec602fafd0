// The Prisma client, one per process, on the database DATABASE_URL names.
// Both generated clients have the same API (one schema source), so the rest
// of the code sees a single type.
import { databaseConfig, type DatabaseConfig } from "@/lib/config";
import type { Prisma, PrismaClient as SqliteClient } from "../../node_modules/.prisma/portico-sqlite";

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
type Holder = { [globalKey]?: { db: Db; config: DatabaseConfig } };

function create(cfg: DatabaseConfig): Db {
  if (cfg.dialect === "postgres") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
    const { PrismaClient } = require("../../node_modules/.prisma/portico-postgres") as { PrismaClient: new (o: object) => Db };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
    const { PrismaPg } = require("@prisma/adapter-pg") as typeof import("@prisma/adapter-pg");
    return new PrismaClient({ adapter: new PrismaPg({ connectionString: cfg.url, max: 10 }, { schema: cfg.schema }) });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
  const { PrismaClient } = require("../../node_modules/.prisma/portico-sqlite") as { PrismaClient: new (o: object) => Db };
  return new PrismaClient({ adapter: immediateTransactionsAdapter(cfg.url) });
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
function immediateTransactionsAdapter(url: string) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- getDb() is synchronous and loads only the configured dialect's client
  const { PrismaBetterSQLite3 } = require("@prisma/adapter-better-sqlite3") as typeof import("@prisma/adapter-better-sqlite3");
  const factory = new PrismaBetterSQLite3({ url, timeout: 5000 });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client: { prepare(sql: string): unknown } }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = (sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);

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
  if (!holder[globalKey]) {
    const cfg = databaseConfig();
    holder[globalKey] = { db: create(cfg), config: cfg };
  }
  return holder[globalKey].db;
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

/** Closes the client (tests and CLI scripts). */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder;
  const entry = holder[globalKey];
  if (entry) {
    delete holder[globalKey];
    await entry.db.$disconnect();
  }
}
