import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { requireRole } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";

/** Revoked at once: the management endpoint checks revokedAt on every call (no cache). */
export async function revokeManagementToken({ actor, tokenId }: { actor: Actor; tokenId: string }) {
  requireRole(actor, "admin");
  return getDb().$transaction(async (tx) => {
    const row = await tx.managementToken.findUnique({ where: { id: tokenId } });
    if (!row) throw notFound("No such token");
    if (row.revokedAt) return { id: row.id, revokedAt: row.revokedAt };
    const revoked = await tx.managementToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { actor, action: "management_token.revoke", targetType: "management_token", targetId: row.id, details: { name: row.name } });
    return { id: revoked.id, revokedAt: revoked.revokedAt };
  });
}
