// Payments in an organisation's sandbox, with their consequences: an
// accepted payment takes its amount from the debtor account at once and
// shows as a transaction on it (booked, or pending while held for review);
// cancelling a pending payment gives the amount back and removes the
// pending transaction.
// Security-critical: every query is scoped to the calling organisation in
// its `where`, so an identifier of another organisation's account or
// payment finds nothing. The caller (lib/sandbox) has already checked the
// accounts against the app's grant.
// Concurrency: the debit is one conditional UPDATE (… WHERE balance >= amount),
// so two payments racing for the last funds cannot both succeed, on SQLite
// (BEGIN IMMEDIATE serialises writers) and on PostgreSQL (the row lock makes
// the second UPDATE re-check the condition against the committed balance).
// Events: every new payment and every status change calls the caller's
// `announce` inside the payment's own transaction (lib/sandbox queues the
// app's payment.status_changed callbacks there; this layer sits below
// lib/callbacks), so an announcement exists exactly when the change commits.
// Transactions: a write opens its own, or joins the one it is given (a
// composite request's, lib/db/in-transaction.ts), so that the payment, its
// transaction row and its announcement commit or vanish with the composite.
import { randomInt } from "node:crypto";
import { inTransaction, sqliteTransactionConnection, type Db, type DbOrTx, type Tx } from "@/lib/db";
import type { SandboxPaymentStatus } from "@/lib/db";
import { debitForPayment, isUniqueViolation } from "./debit-for-payment";
import { paymentSchedule } from "./payment-schedule";

/** The largest amount a column holds (PostgreSQL integer); more than any sandbox balance. */
const MAX_MINOR = 2_147_483_647;

export type SandboxPayment = {
  paymentId: string;
  status: SandboxPaymentStatus;
  debtorAccountId: string;
  amountMinor: number;
  currency: string;
  creditorName: string;
  creditorIban: string;
  reference: string;
  endToEndId: string | null;
  requestedExecutionDate: string | null;
  createdAt: Date;
};

const SELECT = {
  paymentId: true,
  status: true,
  amountMinor: true,
  currency: true,
  creditorName: true,
  creditorIban: true,
  reference: true,
  endToEndId: true,
  requestedExecutionDate: true,
  createdAt: true,
  debtorAccount: { select: { accountId: true } },
} as const;

type Row = Omit<SandboxPayment, "debtorAccountId"> & { debtorAccount: { accountId: string } };
const toPayment = ({ debtorAccount, ...row }: Row): SandboxPayment => ({ ...row, debtorAccountId: debtorAccount.accountId });

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** `pmt_` + 16 lowercase base32 characters (80 random bits). */
export const newPaymentId = () => `pmt_${Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join("")}`;

/** A payment that was just created (previousStatus null) or moved from previousStatus to payment.status, not yet committed. */
export type PaymentStatusChange = { payment: SandboxPayment; previousStatus: SandboxPaymentStatus | null };
/** Called inside the payment's transaction; throwing rolls the payment change back with it. */
export type AnnouncePaymentChange = (tx: Tx, change: PaymentStatusChange) => Promise<void>;

export type CreatePaymentResult =
  | { outcome: "created" | "repeated"; payment: SandboxPayment }
  | { outcome: "no_such_account" }
  | { outcome: "currency_mismatch"; accountCurrency: string }
  | { outcome: "insufficient_funds" };

export async function createSandboxPayment(options: {
  db: DbOrTx;
  organisationId: string;
  appId: string;
  /** The debtor's public account id (acc_…). */
  debtorAccountId: string;
  amountMinor: number;
  currency: string;
  creditorName: string;
  creditorIban: string;
  reference: string;
  endToEndId?: string;
  requestedExecutionDate?: string;
  idempotencyKey?: string;
  /** The spec's rule: payments above this many minor units are held as pending (null: none are). */
  pendingAboveMinor: number | null;
  /** Told of the new payment inside its transaction; not called for a refusal or a repeat. */
  announce: AnnouncePaymentChange;
  /**
   * The bank turns the payment down (the payment_rejected scenario): it is
   * stored as rejected, and announced, but takes nothing from the account and
   * books no transaction.
   */
  rejected?: boolean;
  now?: Date;
}): Promise<CreatePaymentResult> {
  const { db, organisationId, appId, idempotencyKey } = options;
  const repeated = async () => {
    if (!idempotencyKey) return undefined;
    const row = await db.sandboxPayment.findFirst({ where: { appId, idempotencyKey, debtorAccount: { organisationId } }, select: SELECT });
    return row ? ({ outcome: "repeated", payment: toPayment(row) } as const) : undefined;
  };
  // The organisation's sandbox time (sandbox-clock.ts), which the caller reads; pending until dueAt by payment-schedule.ts.
  const now = options.now ?? new Date();
  const schedule = paymentSchedule({
    now,
    heldForReview: options.pendingAboveMinor !== null && options.amountMinor > options.pendingAboveMinor,
    requestedExecutionDate: options.requestedExecutionDate,
  });
  const status: SandboxPaymentStatus = options.rejected ? "rejected" : schedule.status;
  const dueAt = options.rejected ? null : schedule.dueAt;
  if (options.amountMinor > MAX_MINOR && !options.rejected) {
    return (await repeated()) ?? ((await db.sandboxAccount.count({ where: { accountId: options.debtorAccountId, organisationId } })) ? { outcome: "insufficient_funds" } : { outcome: "no_such_account" });
  }
  try {
    // The success path is the conditional debit, the transaction and the payment (./debit-for-payment.ts:
    // hand-written SQL, three statements on SQLite, one on PostgreSQL); then the announcement (the caller's
    // outbox rows). A repeated Idempotency-Key fails on the unique index of the payment insert, which rolls
    // the debit back before anything is announced; the first payment is then read and returned. In a joined
    // transaction (a composite's) that failure would abort the composite, so the repeat is looked for
    // first; two composites racing with one key then fail as a whole, which is the truth.
    return await inTransaction(db, async (tx, joined): Promise<CreatePaymentResult> => {
      if (joined) {
        const seen = await repeatedIn(tx);
        if (seen) return seen;
      }
      if (options.rejected) return rejectIn(tx);
      // SQLite, own transaction on the process-wide client: the statements run on the connection it holds, without Prisma's cost per query.
      const connection = joined ? undefined : sqliteTransactionConnection(db as Db);
      const payment = newPayment();
      const debited = await debitForPayment(tx, { organisationId, appId, debtorAccountId: options.debtorAccountId, idempotencyKey: idempotencyKey ?? null, payment, dueAt, connection });
      if (!debited) {
        const found = await tx.sandboxAccount.findFirst({ where: { accountId: options.debtorAccountId, organisationId }, select: { currency: true } });
        const seen = await repeatedIn(tx);
        if (seen) return seen;
        if (!found) return { outcome: "no_such_account" };
        return found.currency !== options.currency ? { outcome: "currency_mismatch", accountCurrency: found.currency } : { outcome: "insufficient_funds" };
      }
      await options.announce(tx, { payment, previousStatus: null });
      return { outcome: "created", payment };
    });
  } catch (error) {
    // The same Idempotency-Key again (or racing in twice): this attempt rolled back, its debit too, and answers with the first payment.
    if (isUniqueViolation(error) && "$transaction" in db) {
      const first = await repeated();
      if (first) return first;
    }
    throw error;
  }

  function newPayment(): SandboxPayment {
    return {
      paymentId: newPaymentId(),
      status,
      debtorAccountId: options.debtorAccountId,
      amountMinor: options.amountMinor,
      currency: options.currency,
      creditorName: options.creditorName,
      creditorIban: options.creditorIban,
      reference: options.reference,
      endToEndId: options.endToEndId ?? null,
      requestedExecutionDate: options.requestedExecutionDate ?? null,
      createdAt: now,
    };
  }

  /** Stores the payment row (debtor by internal id, with its transaction row if any) and announces it. */
  async function storeIn(tx: Tx, debtorId: string, transactionId: string | null): Promise<CreatePaymentResult> {
    const payment = newPayment();
    const { debtorAccountId: _public, ...row } = payment;
    await tx.sandboxPayment.create({
      data: { ...row, debtorAccountId: debtorId, appId, idempotencyKey: idempotencyKey ?? null, transactionId, dueAt },
      select: { id: true },
    });
    await options.announce(tx, { payment, previousStatus: null });
    return { outcome: "created", payment };
  }

  /** A rejected payment: the account must exist and hold the currency, but nothing is debited or booked. */
  async function rejectIn(tx: Tx): Promise<CreatePaymentResult> {
    const found = await tx.sandboxAccount.findFirst({ where: { accountId: options.debtorAccountId, organisationId }, select: { id: true, currency: true } });
    if (!found) return { outcome: "no_such_account" };
    if (found.currency !== options.currency) return { outcome: "currency_mismatch", accountCurrency: found.currency };
    return storeIn(tx, found.id, null);
  }

  /** A payment refused for funds may be a repeat of one that was accepted: the repeat answers as the first did. */
  async function repeatedIn(tx: Tx) {
    if (!idempotencyKey) return undefined;
    const row = await tx.sandboxPayment.findFirst({ where: { appId, idempotencyKey, debtorAccount: { organisationId } }, select: SELECT });
    return row ? ({ outcome: "repeated", payment: toPayment(row) } as const) : undefined;
  }
}

/**
 * The one place a payment's status changes once it exists (cancellation
 * today; anything that books, rejects or otherwise moves a payment goes
 * through here too), and so the one place such a change is announced.
 * Conditional on the status it expects, so two racing changes cannot both
 * apply. Runs inside the caller's transaction; the changed payment, or
 * undefined when it was no longer in `from` (nothing announced).
 */
export async function changePaymentStatus(
  tx: Tx,
  options: { id: string; from: SandboxPaymentStatus; to: SandboxPaymentStatus; announce: AnnouncePaymentChange },
): Promise<SandboxPayment | undefined> {
  const changed = await tx.sandboxPayment.updateMany({ where: { id: options.id, status: options.from }, data: { status: options.to } });
  if (changed.count !== 1) return undefined;
  const payment = toPayment(await tx.sandboxPayment.findUniqueOrThrow({ where: { id: options.id }, select: SELECT }));
  await options.announce(tx, { payment, previousStatus: options.from });
  return payment;
}

export type CancelPaymentResult = { outcome: "cancelled"; payment: SandboxPayment } | { outcome: "no_such_payment" } | { outcome: "not_pending"; status: SandboxPaymentStatus };

/** Cancels a pending payment: the amount goes back to the debtor account and its pending transaction disappears. */
export async function cancelSandboxPayment(options: {
  db: DbOrTx;
  organisationId: string;
  paymentId: string;
  mayUseAccount: (accountId: string) => boolean;
  /** Told of the cancellation inside its transaction. */
  announce: AnnouncePaymentChange;
}): Promise<CancelPaymentResult> {
  const { db, organisationId } = options;
  return inTransaction(db, async (tx): Promise<CancelPaymentResult> => {
    const found = await tx.sandboxPayment.findFirst({
      where: { paymentId: options.paymentId, debtorAccount: { organisationId } },
      select: { id: true, status: true, amountMinor: true, debtorAccountId: true, transactionId: true, debtorAccount: { select: { accountId: true } } },
    });
    if (!found || !options.mayUseAccount(found.debtorAccount.accountId)) return { outcome: "no_such_payment" };
    const payment = found.status === "pending" ? await changePaymentStatus(tx, { id: found.id, from: "pending", to: "cancelled", announce: options.announce }) : undefined;
    if (!payment) return { outcome: "not_pending", status: found.status === "pending" ? "cancelled" : found.status };
    await tx.sandboxAccount.update({ where: { id: found.debtorAccountId }, data: { balanceMinor: { increment: found.amountMinor } } });
    if (found.transactionId) await tx.sandboxTransaction.delete({ where: { id: found.transactionId } });
    return { outcome: "cancelled", payment };
  });
}

/** One payment of the organisation whose debtor account the caller may use; undefined otherwise (never "exists but not yours"). */
export async function findSandboxPayment(options: { db: DbOrTx; organisationId: string; paymentId: string; mayUseAccount: (accountId: string) => boolean }) {
  const row = await options.db.sandboxPayment.findFirst({ where: { paymentId: options.paymentId, debtorAccount: { organisationId: options.organisationId } }, select: SELECT });
  return row && options.mayUseAccount(row.debtorAccount.accountId) ? toPayment(row) : undefined;
}

/** Payments from one account of the organisation, newest first. */
export async function listSandboxPayments(options: { db: DbOrTx; organisationId: string; accountId: string; status?: SandboxPaymentStatus; take: number }) {
  const rows = await options.db.sandboxPayment.findMany({
    where: { debtorAccount: { accountId: options.accountId, organisationId: options.organisationId }, ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.take,
    select: SELECT,
  });
  return rows.map(toPayment);
}
