import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { formatMinor } from "./money";

/** The standing orders of the developer's own organisation's sandbox (scoped in the query), optionally of one app, next due first. */
export async function listStandingOrders(options: { actor: Actor; appId?: string }) {
  const { actor } = options;
  requireRole(actor, ...listStandingOrders.roles);
  if (!actor.organisationId) return [];
  const rows = await getDb().sandboxStandingOrder.findMany({
    where: { debtorAccount: { organisationId: actor.organisationId }, ...(options.appId ? { appId: options.appId } : {}) },
    orderBy: [{ nextDueAt: "asc" }, { id: "asc" }],
    select: {
      standingOrderId: true, appId: true, amountMinor: true, currency: true, creditorName: true, reference: true, frequency: true, nextDueAt: true, runs: true,
      debtorAccount: { select: { accountId: true } },
    },
  });
  return rows.map(({ debtorAccount, amountMinor, nextDueAt, ...r }) => ({ ...r, debtorAccountId: debtorAccount.accountId, amount: formatMinor(amountMinor), nextDueAt: nextDueAt.toISOString() }));
}
listStandingOrders.roles = ["developer"] as const;
