// Reads on the gateway's hot path without Prisma's cost per query. Measured
// in one process (bench/gateway.ts (f), README "Benchmark"): a findFirst
// costs ~0.4–0.6 ms of CPU (its query compiler runs in WebAssembly), the same
// SELECT through $queryRawUnsafe ~0.07–0.12 ms, and as a prepared
// better-sqlite3 statement ~5 µs.
// One SQL text per dialect, run one of two ways: on the process-wide client,
// as a prepared statement on its direct connection (client.ts: a read-only
// SQLite connection that sees only committed data, or Prisma's own pg pool);
// on a transaction client, through that transaction's $queryRawUnsafe, so the
// read sees the transaction's own writes (composite requests).
import type { Database as SqliteConnection, Statement } from "better-sqlite3";
import { databaseConfig } from "@/lib/config";
import { directConnection, sqlTable, type Db, type Tx } from "./client";

export type DirectRead<Row> = {
  /** Unique per query: the name of its PostgreSQL prepared statement. */
  name: string;
  /** The statement; `param(n)` is the n-th (from 1) bind parameter, `table` a model's quoted (and schema-qualified) table. */
  sql: (helpers: { table: typeof sqlTable; param: (n: number) => string; dialect: "sqlite" | "postgres" }) => string;
  /** Turns a row as either driver returns it into the caller's type (dates come back as text from SQLite). */
  decode: (row: Record<string, unknown>) => Row;
};

/** Each read's text, by DATABASE_URL (which names the dialect and schema): built once, not parsed per call. */
const texts = new Map<string, string>();
function textOf(read: DirectRead<unknown>): string {
  const key = `${read.name}\u0000${process.env.DATABASE_URL ?? ""}`;
  let text = texts.get(key);
  if (text === undefined) {
    const cfg = databaseConfig();
    text = read.sql({ table: sqlTable, param: (n) => (cfg.dialect === "postgres" ? `$${n}` : "?"), dialect: cfg.dialect });
    texts.set(key, text);
  }
  return text;
}

const statements = new WeakMap<SqliteConnection, Map<string, Statement>>();
/** The connection's prepared statement for `text`, prepared on first use. */
export function preparedStatement(connection: SqliteConnection, text: string): Statement {
  let byText = statements.get(connection);
  if (!byText) statements.set(connection, (byText = new Map()));
  let statement = byText.get(text);
  if (!statement) byText.set(text, (statement = connection.prepare(text)));
  return statement;
}

/** Every row the read finds, decoded. */
export async function directReadAll<Row>(db: Db | Tx, read: DirectRead<Row>, params: (string | number)[]): Promise<Row[]> {
  const text = textOf(read as DirectRead<unknown>);
  const direct = directConnection(db);
  let rows: unknown[];
  if (!direct) rows = (await db.$queryRawUnsafe(text, ...params)) as unknown[];
  else if (direct.dialect === "sqlite") rows = preparedStatement(direct.connection, text).all(...params);
  else rows = (await direct.pool.query({ name: read.name, text, values: params })).rows;
  return rows.map((row) => read.decode(row as Record<string, unknown>));
}

/** The first row the read finds (the query names one row: a unique key), decoded; undefined when there is none. */
export async function directReadOne<Row>(db: Db | Tx, read: DirectRead<Row>, params: (string | number)[]): Promise<Row | undefined> {
  return (await directReadAll(db, read, params))[0];
}
