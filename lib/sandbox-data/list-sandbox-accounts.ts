import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";

/** The sandbox accounts of the developer's own organisation (scoped in the query). */
export async function listSandboxAccounts(options: { actor: Actor }) {
  const { actor } = options;
  requireRole(actor, "developer");
  if (!actor.organisationId) return [];
  return getDb().sandboxAccount.findMany({
    where: { organisationId: actor.organisationId },
    include: { customer: { select: { name: true, customerRef: true } } },
    orderBy: [{ customer: { name: "asc" } }, { name: "asc" }],
  });
}
