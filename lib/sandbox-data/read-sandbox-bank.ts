// What the sandbox's data-backed operations read: an organisation's accounts,
// balances and transactions, as the portal's app page shows them (the same
// columns, so the figures agree).
// Security-critical: every query is scoped to the calling organisation in its
// `where`; `mayUseAccount` (the app's grant, checked by lib/sandbox) filters
// what is left, so another organisation's account id finds nothing.
// Each takes a client or a transaction (a composite request reads what its
// earlier steps wrote, before they commit).
import { directReadOne, type DbOrTx, type DirectRead } from "@/lib/db";
import type { SandboxAccountType, SandboxTransactionStatus } from "@/lib/db";

export type SandboxAccountView = {
  accountId: string;
  name: string;
  type: SandboxAccountType;
  iban: string;
  sortCode: string;
  accountNumber: string;
  currency: string;
  /** What the customer can spend: payments, pending ones included, are already taken off. The app page shows this figure. */
  balanceMinor: number;
  createdAt: Date;
};

export type SandboxTransactionView = {
  transactionId: string;
  accountId: string;
  bookedAt: Date;
  amountMinor: number;
  currency: string;
  description: string;
  counterparty: string;
  status: SandboxTransactionStatus;
};

const ACCOUNT = { accountId: true, name: true, type: true, iban: true, sortCode: true, accountNumber: true, currency: true, balanceMinor: true, createdAt: true } as const;

/** The organisation's accounts the caller may use, ordered by name (as the bundled specs promise). */
export async function listBankAccounts(options: { db: DbOrTx; organisationId: string; mayUseAccount: (accountId: string) => boolean; type?: SandboxAccountType }): Promise<SandboxAccountView[]> {
  const rows = await options.db.sandboxAccount.findMany({
    where: { organisationId: options.organisationId, ...(options.type ? { type: options.type } : {}) },
    orderBy: [{ name: "asc" }, { accountId: "asc" }],
    select: ACCOUNT,
  });
  return rows.filter((a) => options.mayUseAccount(a.accountId));
}

/**
 * The one account read of every data-backed call (an account, its balances,
 * its transactions), so it skips Prisma (lib/db/direct-read.ts): the same
 * columns as ACCOUNT, by the unique accountId and scoped to the organisation.
 */
const ACCOUNT_READ: DirectRead<SandboxAccountView> = {
  name: "sandbox_bank_account",
  sql: ({ table, param, dialect }) =>
    `SELECT "accountId", "name", "type", "iban", "sortCode", "accountNumber", "currency", "balanceMinor", ${dialect === "postgres" ? `"createdAt" AT TIME ZONE 'UTC' AS "createdAt"` : `"createdAt"`} FROM ${table("SandboxAccount")} WHERE "accountId" = ${param(1)} AND "organisationId" = ${param(2)}`,
  decode: (row) => ({
    accountId: row.accountId as string,
    name: row.name as string,
    type: row.type as SandboxAccountType,
    iban: row.iban as string,
    sortCode: row.sortCode as string,
    accountNumber: row.accountNumber as string,
    currency: row.currency as string,
    balanceMinor: Number(row.balanceMinor),
    createdAt: new Date(row.createdAt as string | Date),
  }),
};

/** Security-critical: scoped to the organisation in the query itself. */
export async function findBankAccount(options: { db: DbOrTx; organisationId: string; accountId: string }): Promise<SandboxAccountView | undefined> {
  return directReadOne(options.db, ACCOUNT_READ, [options.accountId, options.organisationId]);
}

/**
 * The account's balances: available is the column (every accepted payment
 * already taken off); booked leaves out what pending transactions took.
 */
export async function findBankBalances(options: { db: DbOrTx; organisationId: string; accountId: string }) {
  const account = await findBankAccount(options);
  if (!account) return undefined;
  const pending = await options.db.sandboxTransaction.aggregate({
    where: { account: { accountId: options.accountId, organisationId: options.organisationId }, status: "pending" },
    _sum: { amountMinor: true },
  });
  return { account, availableMinor: account.balanceMinor, bookedMinor: account.balanceMinor - (pending._sum.amountMinor ?? 0) };
}

/** Where a page of transactions starts: after this one, newest first. */
export type TransactionCursor = { bookedAt: Date; id: string };

const TRANSACTION = { id: true, bookedAt: true, amountMinor: true, currency: true, description: true, counterparty: true, status: true } as const;
type TransactionRow = { id: string; bookedAt: Date; amountMinor: number; currency: string; description: string; counterparty: string; status: SandboxTransactionStatus };
const toView = (accountId: string) => ({ id, ...t }: TransactionRow): SandboxTransactionView => ({ transactionId: `txn_${id}`, accountId, ...t });

/**
 * One page of an account's transactions, newest first (keyset paging on
 * bookedAt, id; or by offset for specs that page by number). Dates are
 * inclusive whole UTC days. `more` tells whether another page follows.
 */
export async function listBankTransactions(options: {
  db: DbOrTx;
  organisationId: string;
  accountId: string;
  fromDate?: string;
  toDate?: string;
  take: number;
  after?: TransactionCursor;
  skip?: number;
}): Promise<{ transactions: SandboxTransactionView[]; more: boolean }> {
  const bookedAt: { gte?: Date; lt?: Date } = {};
  if (options.fromDate) bookedAt.gte = new Date(`${options.fromDate}T00:00:00Z`);
  if (options.toDate) bookedAt.lt = new Date(new Date(`${options.toDate}T00:00:00Z`).getTime() + 86_400_000);
  const after = options.after;
  const rows = await options.db.sandboxTransaction.findMany({
    where: {
      account: { accountId: options.accountId, organisationId: options.organisationId },
      ...(bookedAt.gte || bookedAt.lt ? { bookedAt } : {}),
      ...(after ? { OR: [{ bookedAt: { lt: after.bookedAt } }, { bookedAt: after.bookedAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ bookedAt: "desc" }, { id: "desc" }],
    take: options.take + 1,
    skip: options.skip,
    select: TRANSACTION,
  });
  return { transactions: rows.slice(0, options.take).map(toView(options.accountId)), more: rows.length > options.take };
}

export async function findBankTransaction(options: { db: DbOrTx; organisationId: string; accountId: string; transactionId: string }): Promise<SandboxTransactionView | undefined> {
  if (!options.transactionId.startsWith("txn_")) return undefined;
  const row = await options.db.sandboxTransaction.findFirst({
    where: { id: options.transactionId.slice(4), account: { accountId: options.accountId, organisationId: options.organisationId } },
    select: TRANSACTION,
  });
  return row ? toView(options.accountId)(row) : undefined;
}
