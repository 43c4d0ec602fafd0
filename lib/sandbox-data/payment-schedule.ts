// When a payment books, by the sandbox clock (sandbox-clock.ts). The rule,
// documented in the README ("Sandbox clock"):
// - a payment held for review (above the spec's pending threshold) books one
//   sandbox day after it was made;
// - a payment with a requestedExecutionDate after the sandbox's today is
//   scheduled: it waits, pending, until the clock reaches 00:00 UTC of that
//   date;
// - both: whichever comes later; neither: it books at once.
// A pending payment has already been taken from the available balance (as
// a pending transaction), so booking moves no money: it completes the
// payment and books its transaction (book-due-payments.ts).
import type { SandboxPaymentStatus } from "@/lib/db";

/** How long a payment held for review waits before it books. */
export const REVIEW_HOLD_MS = 24 * 60 * 60 * 1000;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** 00:00 UTC of a YYYY-MM-DD date; undefined for anything else. */
export function startOfDay(date: string): Date | undefined {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(date)) return undefined;
  const at = new Date(`${date}T00:00:00.000Z`);
  return Number.isNaN(at.getTime()) || isoDay(at) !== date ? undefined : at;
}

export function paymentSchedule(options: { now: Date; heldForReview: boolean; requestedExecutionDate?: string }): { status: SandboxPaymentStatus; dueAt: Date | null } {
  const { now } = options;
  const executionDay = options.requestedExecutionDate === undefined ? undefined : startOfDay(options.requestedExecutionDate);
  const scheduled = executionDay !== undefined && executionDay.getTime() > now.getTime();
  if (!options.heldForReview && !scheduled) return { status: "completed", dueAt: null };
  const reviewed = options.heldForReview ? now.getTime() + REVIEW_HOLD_MS : 0;
  return { status: "pending", dueAt: new Date(Math.max(reviewed, scheduled ? executionDay.getTime() : 0)) };
}
