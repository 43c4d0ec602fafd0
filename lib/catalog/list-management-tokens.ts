import { getDb } from "@/lib/db";
import { requireRole } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";

/** Never returns hashes: names, dates and state only. */
export async function listManagementTokens({ actor }: { actor: Actor }) {
  requireRole(actor, ...listManagementTokens.roles);
  return getDb().managementToken.findMany({
    orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }],
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
listManagementTokens.roles = ["admin"] as const;
