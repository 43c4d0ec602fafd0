import type { Tx } from "@/lib/db";
import { REVIEW_HOLD_MS } from "./payment-schedule";
import { changePaymentStatus, type AnnouncePaymentChange, type SandboxPayment } from "./sandbox-payments";

/** Tells the app that made a payment of its change (lib/sandbox's announcePaymentTo: the app's payment.status_changed callbacks). */
export type AnnouncePaymentOf = (app: { organisationId: string; appId: string }) => AnnouncePaymentChange;

/** Bookings per transaction: a bound on one advance's work; what is left books at the next advance. */
export const MAX_BOOKINGS_PER_ADVANCE = 1000;

/**
 * Books the organisation's pending payments whose time has come by the
 * sandbox clock (payment-schedule.ts): each becomes completed through
 * changePaymentStatus (conditional on still being pending, and announced to
 * the app that made it), and its pending transaction is booked, dated when
 * it became due. The money left the available balance when the payment was
 * made, so no balance moves here.
 * Runs inside the caller's transaction (the clock's advance), after the
 * clock row was written: on PostgreSQL that row's lock makes a second
 * advance of the same organisation wait for this one to commit, and on
 * SQLite BEGIN IMMEDIATE serialises writers, so racing advances book each
 * payment once (the conditional status change would refuse a second
 * booking anyway). A payment cancelled meanwhile is no longer pending and
 * is skipped.
 */
export async function bookDuePayments(tx: Tx, options: { organisationId: string; now: Date; announce: AnnouncePaymentOf }): Promise<SandboxPayment[]> {
  const { organisationId, now } = options;
  const due = await tx.sandboxPayment.findMany({
    where: {
      status: "pending",
      debtorAccount: { organisationId },
      // Pending payments made before the clock existed have no dueAt: they follow the review rule from their createdAt.
      OR: [{ dueAt: { lte: now } }, { dueAt: null, createdAt: { lte: new Date(now.getTime() - REVIEW_HOLD_MS) } }],
    },
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: MAX_BOOKINGS_PER_ADVANCE,
    select: { id: true, appId: true, dueAt: true, createdAt: true, transactionId: true },
  });
  const booked: SandboxPayment[] = [];
  for (const row of due) {
    const payment = await changePaymentStatus(tx, { id: row.id, from: "pending", to: "completed", announce: options.announce({ organisationId, appId: row.appId }) });
    if (!payment) continue;
    const bookedAt = row.dueAt ?? new Date(row.createdAt.getTime() + REVIEW_HOLD_MS);
    if (row.transactionId) await tx.sandboxTransaction.update({ where: { id: row.transactionId }, data: { status: "booked", bookedAt }, select: { id: true } });
    booked.push(payment);
  }
  return booked;
}
