import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends a developer: their sessions end at the next portal
 * request (sessionVersion bump; lib/authz/load-session-user.ts) and every app
 * they own is suspended with its tokens revoked. Bank staff are not
 * suspended here: that is an admin's user management.
 */
export async function suspendDeveloper(options: { actor: Actor; userId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const userId = parseId(options.userId, "No such developer");
  const appIds = await getDb().$transaction(async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, role: "developer" }, select: { id: true, email: true, status: true } });
    if (!user) throw notFound("No such developer");
    if (user.status === "suspended") throw conflict("This developer is already suspended");
    await tx.user.update({ where: { id: user.id }, data: { status: "suspended", sessionVersion: { increment: 1 } } });
    const owned = await tx.app.findMany({ where: { ownerId: user.id }, select: { id: true } });
    const changed = await suspendAppsInTx(tx, { actor, appIds: owned.map((a) => a.id), reason, cause: "user.suspend" });
    await recordAuditEvent(tx, {
      actor,
      action: "user.suspend",
      targetType: "user",
      targetId: user.id,
      reason,
      details: { email: user.email, appsSuspended: changed.length },
    });
    return changed;
  });
  await Promise.all(appIds.map((appId) => publishChange({ kind: "app", appId })));
  return { userId, appsSuspended: appIds.length };
}
