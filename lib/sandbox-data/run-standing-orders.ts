import type { Db } from "@/lib/db";
import type { AnnouncePaymentOf } from "./book-due-payments";
import { createSandboxPayment } from "./sandbox-payments";
import { standingOrderDueAt } from "./standing-order-schedule";

/** Payments one advance makes per standing order: a year of daily payments; the rest follow at the next advance. */
export const MAX_RUNS_PER_ORDER = 400;

export type StandingOrderRuns = { paymentsMade: string[]; skippedForFunds: number };

/**
 * Makes the payments of the organisation's standing orders that fell due by
 * the sandbox's `now`, oldest first, each dated when it fell due and booked
 * at once (the app hears payment.status_changed). A run that the debtor
 * account cannot cover is skipped (no payment) and the order moves on, as
 * a bank's would.
 * Each run is its own payment transaction (createSandboxPayment) followed
 * by a conditional move of nextDueAt; what makes it safe when two advances
 * race, or when a process stops between the two steps, is the run's
 * Idempotency-Key (`<standingOrderId>/<due time>`, unique per app in the
 * database): a run made twice is answered with the first payment, never
 * paid twice, and only the advance whose update still finds the old
 * nextDueAt moves the order on.
 */
export async function runDueStandingOrders(options: { db: Db; organisationId: string; now: Date; announce: AnnouncePaymentOf }): Promise<StandingOrderRuns> {
  const { db, organisationId, now } = options;
  const orders = await db.sandboxStandingOrder.findMany({
    where: { debtorAccount: { organisationId }, nextDueAt: { lte: now } },
    orderBy: [{ nextDueAt: "asc" }, { id: "asc" }],
    select: {
      id: true, standingOrderId: true, appId: true, amountMinor: true, currency: true, creditorName: true, creditorIban: true, reference: true,
      frequency: true, firstDueAt: true, nextDueAt: true, runs: true, debtorAccount: { select: { accountId: true } },
    },
  });
  const result: StandingOrderRuns = { paymentsMade: [], skippedForFunds: 0 };
  for (const order of orders) {
    const announce = options.announce({ organisationId, appId: order.appId });
    let { runs, nextDueAt } = order;
    for (let made = 0; made < MAX_RUNS_PER_ORDER && nextDueAt.getTime() <= now.getTime(); made++) {
      const paid = await createSandboxPayment({
        db,
        organisationId,
        appId: order.appId,
        debtorAccountId: order.debtorAccount.accountId,
        amountMinor: order.amountMinor,
        currency: order.currency,
        creditorName: order.creditorName,
        creditorIban: order.creditorIban,
        reference: order.reference,
        idempotencyKey: `${order.standingOrderId}/${nextDueAt.toISOString()}`,
        pendingAboveMinor: null,
        announce,
        now: nextDueAt,
      });
      if (paid.outcome === "created") result.paymentsMade.push(paid.payment.paymentId);
      else if (paid.outcome !== "repeated") result.skippedForFunds++;
      const following = standingOrderDueAt(order.firstDueAt, order.frequency, runs + 1);
      const moved = await db.sandboxStandingOrder.updateMany({ where: { id: order.id, nextDueAt }, data: { nextDueAt: following, runs: runs + 1 } });
      if (moved.count === 1) {
        runs += 1;
        nextDueAt = following;
        continue;
      }
      // Another advance moved it on (or it was cancelled): carry on from where that one left it.
      const current = await db.sandboxStandingOrder.findUnique({ where: { id: order.id }, select: { runs: true, nextDueAt: true } });
      if (!current) break;
      ({ runs, nextDueAt } = current);
    }
  }
  return result;
}
