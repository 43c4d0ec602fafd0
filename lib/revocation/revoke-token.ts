import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance revokes one access token, chosen by its id in the console (the
 * console never sees the token itself). The gateway's cached check for this
 * token is dropped through the change bus once the revocation is committed.
 */
export async function revokeToken(options: { actor: Actor; tokenId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const tokenId = parseId(options.tokenId, "No such token");
  const now = new Date();
  const token = await getDb().$transaction(async (tx) => {
    const found = await tx.accessToken.findUnique({
      where: { id: tokenId },
      select: { id: true, tokenHash: true, appId: true, revokedAt: true, expiresAt: true, scope: true },
    });
    if (!found) throw notFound("No such token");
    if (found.revokedAt) throw conflict("This token is already revoked");
    const updated = await tx.accessToken.updateMany({ where: { id: found.id, revokedAt: null }, data: { revokedAt: now } });
    if (updated.count === 0) throw conflict("This token is already revoked");
    await recordAuditEvent(tx, {
      actor,
      action: "token.revoke",
      targetType: "token",
      targetId: found.id,
      reason,
      details: { appId: found.appId, scope: found.scope, expiresAt: found.expiresAt.toISOString(), via: "console" },
    });
    return found;
  });
  await publishChange({ kind: "token", tokenHash: token.tokenHash });
  return { id: token.id, appId: token.appId, revokedAt: now };
}
