import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance revokes every live access token of one app. The app itself stays
 * approved: its client may fetch new tokens (use suspend-app.ts to stop it).
 */
export async function revokeAppTokens(options: { actor: Actor; appId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const appId = parseId(options.appId, "No such app");
  const now = new Date();
  const result = await getDb().$transaction(async (tx) => {
    const app = await tx.app.findUnique({ where: { id: appId }, select: { id: true, name: true } });
    if (!app) throw notFound("No such app");
    const live = await tx.accessToken.findMany({
      where: { appId: app.id, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, tokenHash: true },
    });
    if (live.length) await tx.accessToken.updateMany({ where: { id: { in: live.map((t) => t.id) } }, data: { revokedAt: now } });
    await recordAuditEvent(tx, {
      actor,
      action: "token.revoke_all",
      targetType: "app",
      targetId: app.id,
      reason,
      details: { name: app.name, tokensRevoked: live.length },
    });
    return { appId: app.id, hashes: live.map((t) => t.tokenHash) };
  });
  // The app event makes every instance drop all cached checks of this app;
  // the per-token events cover caches keyed by token only.
  await publishChange({ kind: "app", appId: result.appId });
  await Promise.all(result.hashes.map((tokenHash) => publishChange({ kind: "token", tokenHash })));
  return { appId: result.appId, revoked: result.hashes.length };
}
