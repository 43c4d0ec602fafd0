// The write at the heart of a sandbox payment: the conditional debit of the
// debtor account, its transaction row and the payment row, in the caller's
// database transaction, as hand-written SQL. Why not Prisma's model calls:
// each costs ~0.4–0.6 ms of CPU in its query compiler, a raw statement ~0.1 ms
// (README "Benchmark", (f)); the payment POST was bound by them.
// SQLite: three statements (it cannot change two tables in one), prepared
// once and run on the connection the transaction holds when the caller has it
// (lib/db sqliteTransactionConnection: a few µs each), else through the
// transaction client's raw queries; PostgreSQL: one statement, the three
// steps chained as data-modifying CTEs (one round trip).
// Concurrency: the debit is `UPDATE … WHERE balance >= amount`; on SQLite the
// transaction holds the write lock from BEGIN IMMEDIATE (lib/db/client.ts), on
// PostgreSQL the row lock makes a racing UPDATE re-check the condition against
// the committed balance, so two payments cannot both take the last funds.
// A repeated Idempotency-Key fails the payment insert on its unique index
// ((appId, idempotencyKey)), which the caller's rollback undoes with the debit.
// Security-critical: the debit is scoped to the organisation in its `where`.
import { randomBytes } from "node:crypto";
import { databaseConfig } from "@/lib/config";
import type { Database as SqliteConnection } from "better-sqlite3";
import { preparedStatement, sqlTable, type Tx } from "@/lib/db";
import type { SandboxPayment } from "./sandbox-payments";

/** The payment as the API shows it; its debtor is named by the debit's own inputs. */
export type PaymentRow = Omit<SandboxPayment, "debtorAccountId">;

/**
 * Row ids as Prisma's cuid() makes them for these tables: time-ordered (so
 * new rows append at the right edge of the primary-key index) and unique
 * across processes (random tail). Transaction ids reach the API as `txn_…`.
 */
let sequence = 0;
function newRowId(): string {
  sequence = (sequence + 1) % 1_679_616; // 36^4
  return `c${Date.now().toString(36)}${sequence.toString(36).padStart(4, "0")}${randomBytes(6).toString("hex")}`;
}

const PAYMENT_COLUMNS = [
  "id",
  "paymentId",
  "debtorAccountId",
  "appId",
  "idempotencyKey",
  "status",
  "amountMinor",
  "currency",
  "creditorName",
  "creditorIban",
  "reference",
  "endToEndId",
  "requestedExecutionDate",
  "transactionId",
  "dueAt",
  "createdAt",
  "updatedAt",
] as const;
const TRANSACTION_COLUMNS = ["id", "accountId", "bookedAt", "amountMinor", "currency", "description", "counterparty", "status"] as const;
const list = (columns: readonly string[]) => columns.map((c) => `"${c}"`).join(", ");

/** The statements' text, built once per dialect and schema. */
const texts = new Map<string, string[]>();
function statements(): string[] {
  const cfg = databaseConfig();
  const key = cfg.dialect === "postgres" ? `postgres:${cfg.schema}` : "sqlite";
  let built = texts.get(key);
  if (built) return built;
  const account = sqlTable("SandboxAccount");
  const transaction = sqlTable("SandboxTransaction");
  const payment = sqlTable("SandboxPayment");
  if (cfg.dialect === "sqlite") {
    built = [
      `UPDATE ${account} SET "balanceMinor" = "balanceMinor" - ? WHERE "accountId" = ? AND "organisationId" = ? AND "currency" = ? AND "balanceMinor" >= ? RETURNING "id"`,
      `INSERT INTO ${transaction} (${list(TRANSACTION_COLUMNS)}) VALUES (${TRANSACTION_COLUMNS.map(() => "?").join(", ")})`,
      `INSERT INTO ${payment} (${list(PAYMENT_COLUMNS)}) VALUES (${PAYMENT_COLUMNS.map(() => "?").join(", ")})`,
    ];
  } else {
    // Parameters in a SELECT list have no column to take a type from: each is cast, enums to their schema's type.
    const enumType = (name: string) => `"${cfg.schema}"."${name}"`;
    built = [
      `WITH debit AS (
        UPDATE ${account} SET "balanceMinor" = "balanceMinor" - $1 WHERE "accountId" = $2 AND "organisationId" = $3 AND "currency" = $4 AND "balanceMinor" >= $1 RETURNING "id"
      ), booked AS (
        INSERT INTO ${transaction} (${list(TRANSACTION_COLUMNS)})
        SELECT $5::text, debit."id", $6::timestamp(3), -$1::integer, $4::text, $7::text, $8::text, $9::${enumType("SandboxTransactionStatus")} FROM debit
        RETURNING "id", "accountId"
      )
      INSERT INTO ${payment} (${list(PAYMENT_COLUMNS)})
      SELECT $10::text, $11::text, booked."accountId", $12::text, $13::text, $14::${enumType("SandboxPaymentStatus")}, $1::integer, $4::text, $8::text, $15::text, $7::text, $16::text, $17::text, booked."id", $18::timestamp(3), $6::timestamp(3), $6::timestamp(3) FROM booked
      RETURNING "id"`,
    ];
  }
  texts.set(key, built);
  return built;
}

/**
 * Whether `error` is the payment insert's unique index refusing a repeated
 * Idempotency-Key: from a model call Prisma says P2002; from a raw statement
 * P2010 with the driver adapter's own classification (SQLITE_CONSTRAINT_UNIQUE
 * and PostgreSQL's 23505 both become UniqueConstraintViolation); from a
 * statement on the SQLite connection itself, better-sqlite3's code.
 */
export function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return code === "P2002" || code === "SQLITE_CONSTRAINT_UNIQUE" || (code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation");
}

/**
 * Debits the organisation's account `debtorAccountId` (public acc_… id) by
 * the payment's amount if it holds that currency and enough funds, and
 * records the transaction (pending while the payment is) and the payment.
 * False when no account of the organisation matched or the funds did not
 * cover it (nothing written). Runs inside the caller's transaction.
 */
export async function debitForPayment(
  tx: Tx,
  options: {
    organisationId: string;
    appId: string;
    debtorAccountId: string;
    idempotencyKey: string | null;
    payment: PaymentRow;
    /** When a pending payment books, by the sandbox clock (./payment-schedule.ts); null: booked at once. */
    dueAt: Date | null;
    /** SQLite: the connection `tx` runs on (lib/db sqliteTransactionConnection), when the caller opened `tx` on the process-wide client. */
    connection?: SqliteConnection;
  },
): Promise<boolean> {
  const { payment } = options;
  const sqlite = databaseConfig().dialect === "sqlite";
  // Stored as Prisma stores DateTime: on SQLite ISO text with "+00:00" (so text comparisons and keyset paging
  // agree with Prisma's rows), on PostgreSQL timestamp(3) holding UTC wall time.
  const stamp = (d: Date) => (sqlite ? d.toISOString().replace("Z", "+00:00") : d.toISOString());
  const at = stamp(payment.createdAt);
  const dueAt = options.dueAt ? stamp(options.dueAt) : null;
  const transactionId = newRowId();
  const transactionStatus = payment.status === "pending" ? "pending" : "booked";
  const [debit, insertTransaction, insertPayment] = statements();
  if (!sqlite) {
    const rows = await tx.$queryRawUnsafe<unknown[]>(
      debit!,
      payment.amountMinor,
      options.debtorAccountId,
      options.organisationId,
      payment.currency,
      transactionId,
      at,
      payment.reference,
      payment.creditorName,
      transactionStatus,
      newRowId(),
      payment.paymentId,
      options.appId,
      options.idempotencyKey,
      payment.status,
      payment.creditorIban,
      payment.endToEndId,
      payment.requestedExecutionDate,
      dueAt,
    );
    return rows.length === 1;
  }
  const { connection } = options;
  const debitParams = [payment.amountMinor, options.debtorAccountId, options.organisationId, payment.currency, payment.amountMinor];
  const account = connection
    ? (preparedStatement(connection, debit!).get(...debitParams) as { id: string } | undefined)
    : (await tx.$queryRawUnsafe<{ id: string }[]>(debit!, ...debitParams))[0];
  if (!account) return false;
  const transactionParams = [transactionId, account.id, at, -payment.amountMinor, payment.currency, payment.reference, payment.creditorName, transactionStatus];
  const paymentParams = [
    newRowId(),
    payment.paymentId,
    account.id,
    options.appId,
    options.idempotencyKey,
    payment.status,
    payment.amountMinor,
    payment.currency,
    payment.creditorName,
    payment.creditorIban,
    payment.reference,
    payment.endToEndId,
    payment.requestedExecutionDate,
    transactionId,
    dueAt,
    at,
    at,
  ];
  if (connection) {
    preparedStatement(connection, insertTransaction!).run(...transactionParams);
    preparedStatement(connection, insertPayment!).run(...paymentParams);
  } else {
    await tx.$executeRawUnsafe(insertTransaction!, ...transactionParams);
    await tx.$executeRawUnsafe(insertPayment!, ...paymentParams);
  }
  return true;
}
