import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance lets a suspended developer sign in again. Their apps stay
 * suspended: each comes back only through two-party reinstatement
 * (approve-app-reinstatement.ts), so lifting a person never silently
 * restores API access.
 */
export async function reinstateDeveloper(options: { actor: Actor; userId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const userId = parseId(options.userId, "No such developer");
  await getDb().$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, role: "developer" }, select: { id: true, email: true, status: true } });
    if (!user) throw notFound("No such developer");
    if (user.status !== "suspended") throw conflict("This developer is not suspended");
    await tx.user.update({ where: { id: user.id }, data: { status: "active" } });
    await recordAuditEvent(tx, { actor, action: "user.reinstate", targetType: "user", targetId: user.id, reason, details: { email: user.email } });
  });
  return { userId, status: "active" as const };
}
