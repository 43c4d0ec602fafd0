import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";

/** Revoked at once: the management endpoint checks revokedAt on every call (no cache). */
export async function revokeManagementToken({ actor, tokenId }: { actor: Actor; tokenId: string }) {
  return auditedChange({
    actor,
    roles: revokeManagementToken.roles,
    change: async (tx) => {
      const row = await tx.managementToken.findUnique({ where: { id: tokenId } });
      if (!row) throw notFound("No such token");
      if (row.revokedAt) return { result: { id: row.id, revokedAt: row.revokedAt }, audit: [] };
      const revoked = await tx.managementToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      return {
        result: { id: revoked.id, revokedAt: revoked.revokedAt },
        audit: [{ action: "management_token.revoke", targetId: row.id, details: { name: row.name } }],
      };
    },
  });
}
revokeManagementToken.roles = ["admin"] as const;
