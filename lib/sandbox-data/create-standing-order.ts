import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, forbidden, notFound, parseInput, PorticoError } from "@/lib/errors";
import { isValidIban } from "./iban";
import { parseMinor } from "./money";
import { isoDay, startOfDay } from "./payment-schedule";
import { readSandboxClock } from "./sandbox-clock";
import { newStandingOrderId, STANDING_ORDER_FREQUENCIES } from "./standing-order-schedule";

/** Standing orders an organisation's sandbox may hold: plenty for testing, a bound on the work one advance does. */
export const MAX_STANDING_ORDERS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

const inputSchema = z.object({
  appId: z.string().min(1, "Choose the app whose payments these are").max(64),
  debtorAccountId: z.string().regex(/^acc_[a-z2-7]{16}$/, "Choose one of your sandbox accounts (acc_…)"),
  creditorName: z.string().trim().min(1, "Enter the payee's name").max(70, "At most 70 characters"),
  creditorIban: z.string().transform((s) => s.replace(/\s+/g, "").toUpperCase()).refine(isValidIban, "Enter a valid IBAN"),
  amount: z.string().trim().transform((s, ctx) => {
    const minor = parseMinor(s);
    if (minor === undefined || minor === 0 || minor > 1_000_000_00) {
      ctx.addIssue({ code: "custom", message: "Enter an amount between 0.01 and 1000000.00, with at most two decimal places" });
      return z.NEVER;
    }
    return minor;
  }),
  reference: z.string().trim().min(1, "Enter a reference").max(18, "At most 18 characters"),
  frequency: z.enum(STANDING_ORDER_FREQUENCIES, { message: `Choose one of: ${STANDING_ORDER_FREQUENCIES.join(", ")}` }),
  /** The first payment's date (YYYY-MM-DD, by the sandbox clock); tomorrow when absent. */
  firstPaymentDate: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "Use a date like 2026-12-01").optional(),
}).strict();

/**
 * A developer sets up a standing order from one of their organisation's
 * sandbox accounts, for one of the organisation's apps that is granted that
 * account: from the first payment date on, every time the sandbox clock
 * passes a due date the payment is made in that app's name
 * (run-standing-orders.ts) and the app hears payment.status_changed.
 * Security-critical: the app and the account are looked up within the
 * actor's organisation in the query (another organisation's identifiers are
 * "not found"), and the account must be in the app's grant in force, so an
 * app never hears of an account it may not use.
 */
export async function createStandingOrder(options: { actor: Actor; unverifiedInput: unknown }) {
  const input = parseInput(inputSchema, options.unverifiedInput, "Please correct the standing order");
  return auditedChange({
    actor: options.actor,
    roles: createStandingOrder.roles,
    change: async (tx, actor) => {
      const organisationId = actor.organisationId;
      if (!organisationId) throw forbidden("You need an organisation to have a sandbox");
      const app = await tx.app.findFirst({ where: { id: input.appId, organisationId }, select: { id: true, status: true, allAccounts: true } });
      if (!app) throw notFound("App not found");
      if (app.status === "suspended") throw conflict("This app is suspended. Contact the bank.");
      const account = await tx.sandboxAccount.findFirst({
        where: { accountId: input.debtorAccountId, organisationId },
        select: { id: true, currency: true, appAccounts: { where: { appId: app.id }, select: { appId: true } } },
      });
      if (!account) throw notFound("No such sandbox account in your organisation");
      if (!app.allAccounts && account.appAccounts.length === 0) {
        throw new PorticoError("validation_failed", "The app is not granted this account", { violations: [{ pointer: "/debtorAccountId", message: "choose an account the app's approved access includes" }] });
      }
      if ((await tx.sandboxStandingOrder.count({ where: { debtorAccount: { organisationId } } })) >= MAX_STANDING_ORDERS) {
        throw conflict(`The sandbox holds at most ${MAX_STANDING_ORDERS} standing orders; cancel one first`);
      }
      const { now } = await readSandboxClock(tx, organisationId);
      const tomorrow = new Date(startOfDay(isoDay(now))!.getTime() + DAY_MS);
      const first = input.firstPaymentDate === undefined ? tomorrow : startOfDay(input.firstPaymentDate);
      if (!first || first.getTime() < tomorrow.getTime() || first.getTime() > now.getTime() + 366 * DAY_MS) {
        throw new PorticoError("validation_failed", "Please correct the standing order", {
          violations: [{ pointer: "/firstPaymentDate", message: `choose a date from ${isoDay(tomorrow)} (the sandbox's tomorrow) up to a year ahead` }],
        });
      }
      const order = await tx.sandboxStandingOrder.create({
        data: {
          standingOrderId: newStandingOrderId(),
          debtorAccountId: account.id,
          appId: app.id,
          amountMinor: input.amount,
          currency: account.currency,
          creditorName: input.creditorName,
          creditorIban: input.creditorIban,
          reference: input.reference,
          frequency: input.frequency,
          firstDueAt: first,
          nextDueAt: first,
        },
        select: { standingOrderId: true, nextDueAt: true, currency: true },
      });
      return {
        result: { standingOrderId: order.standingOrderId, firstPaymentDate: isoDay(first), nextDueAt: order.nextDueAt.toISOString(), currency: order.currency },
        audit: [
          {
            action: "sandbox.standing_order_create",
            targetId: organisationId,
            details: { standingOrderId: order.standingOrderId, appId: app.id, debtorAccountId: input.debtorAccountId, amountMinor: input.amount, currency: account.currency, frequency: input.frequency, firstPaymentDate: isoDay(first) },
          },
        ],
      };
    },
  });
}
createStandingOrder.roles = ["developer"] as const;
