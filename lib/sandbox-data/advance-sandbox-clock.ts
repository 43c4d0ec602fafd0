import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { getDb, type Db } from "@/lib/db";
import { forbidden, parseInput, PorticoError } from "@/lib/errors";
import { bookDuePayments, type AnnouncePaymentOf } from "./book-due-payments";
import { runDueStandingOrders } from "./run-standing-orders";
import { MAX_CLOCK_OFFSET_SECONDS } from "./sandbox-clock";

/** The most one advance moves the clock: a year. */
export const MAX_ADVANCE_SECONDS = 366 * 24 * 60 * 60;

const whole = (unit: string, max: number) => z.number({ message: `${unit} must be a whole number` }).int(`${unit} must be a whole number`).min(0, `${unit} cannot be negative`).max(max, `At most ${max} ${unit}`);
const inputSchema = z.object({ days: whole("days", 366).optional(), hours: whole("hours", 366 * 24).optional(), minutes: whole("minutes", 366 * 24 * 60).optional() }).strict();

/**
 * A developer moves their organisation's sandbox clock forward
 * (sandbox-clock.ts) and the sandbox catches up with the new time:
 * 1. in one audited transaction: the clock's offset grows (the row's
 *    conditional upsert is what makes two racing advances queue one behind
 *    the other), and the pending payments now due book (book-due-payments.ts);
 * 2. after the commit: the standing orders now due make their payments
 *    (run-standing-orders.ts: each run its own transaction, kept from
 *    running twice by its Idempotency-Key).
 * Everything due is judged by the clock, so whatever step 2 leaves undone (a
 * stopped process, the per-advance bounds) happens at the next advance.
 * Real time also moves the sandbox clock; what became due that way waits
 * for the next advance too.
 */
export async function advanceSandboxClock(options: { actor: Actor; unverifiedInput: unknown; announce: AnnouncePaymentOf; db?: Db }) {
  const input = parseInput(inputSchema, options.unverifiedInput, "Say how far to move the sandbox clock");
  const bySeconds = ((input.days ?? 0) * 24 * 60 + (input.hours ?? 0) * 60 + (input.minutes ?? 0)) * 60;
  if (bySeconds === 0) {
    throw new PorticoError("validation_failed", "Say how far to move the sandbox clock", { violations: [{ pointer: "", message: "give days, hours or minutes: at least one minute in all" }] });
  }
  if (bySeconds > MAX_ADVANCE_SECONDS) {
    throw new PorticoError("validation_failed", "Advance the sandbox clock by at most a year at a time", { violations: [{ pointer: "", message: "at most 366 days in all" }] });
  }
  const db = options.db ?? getDb();
  const advanced = await auditedChange({
    actor: options.actor,
    roles: advanceSandboxClock.roles,
    db,
    change: async (tx, actor) => {
      const organisationId = actor.organisationId;
      if (!organisationId) throw forbidden("You need an organisation to have a sandbox");
      // One statement (INSERT … ON CONFLICT DO UPDATE on PostgreSQL): the row lock it takes holds a racing advance until this commits.
      const clock = await tx.sandboxClock.upsert({
        where: { organisationId },
        create: { organisationId, offsetSeconds: bySeconds },
        update: { offsetSeconds: { increment: bySeconds } },
        select: { offsetSeconds: true },
      });
      if (clock.offsetSeconds > MAX_CLOCK_OFFSET_SECONDS) {
        throw new PorticoError("conflict", "The sandbox clock is already ten years ahead; reset the sandbox to bring it back to today");
      }
      const now = new Date(Date.now() + clock.offsetSeconds * 1000);
      const booked = await bookDuePayments(tx, { organisationId, now, announce: options.announce });
      return {
        result: { organisationId, now, offsetSeconds: clock.offsetSeconds, paymentsBooked: booked.map((p) => p.paymentId) },
        audit: [
          {
            action: "sandbox.clock_advance",
            targetId: organisationId,
            details: { bySeconds, offsetSeconds: clock.offsetSeconds, sandboxNow: now.toISOString(), paymentsBooked: booked.map((p) => p.paymentId) },
          },
        ],
      };
    },
  });
  const standingOrders = await runDueStandingOrders({ db, organisationId: advanced.organisationId, now: advanced.now, announce: options.announce });
  return {
    now: advanced.now.toISOString(),
    offsetSeconds: advanced.offsetSeconds,
    advancedBySeconds: bySeconds,
    paymentsBooked: advanced.paymentsBooked,
    standingOrderPayments: standingOrders.paymentsMade,
    standingOrderRunsSkippedForFunds: standingOrders.skippedForFunds,
  };
}
advanceSandboxClock.roles = ["developer"] as const;
