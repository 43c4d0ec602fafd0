import { auditedChange } from "@/lib/audit/audited-change";
import { revokeSessionsInTx } from "@/lib/auth/revoke-sessions-in-tx";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends a developer: every session of theirs is revoked (their
 * next portal request is anonymous; reinstatement does not bring the
 * sessions back) and every app
 * they own is suspended with its tokens revoked. Bank staff are not
 * suspended here: that is an admin's user management.
 */
export async function suspendDeveloper(options: { actor: Actor; userId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const userId = parseId(options.userId, "No such developer");
  return auditedChange({
    actor: options.actor,
    roles: suspendDeveloper.roles,
    change: async (tx) => {
      const user = await tx.user.findFirst({ where: { id: userId, role: "developer" }, select: { id: true, email: true, status: true } });
      if (!user) throw notFound("No such developer");
      if (user.status === "suspended") throw conflict("This developer is already suspended");
      await tx.user.update({ where: { id: user.id }, data: { status: "suspended" } });
      const sessionsEnded = await revokeSessionsInTx(tx, { users: { id: user.id }, reason: "user_suspended" });
      const owned = await tx.app.findMany({ where: { ownerId: user.id }, select: { id: true } });
      const suspended = await suspendAppsInTx(tx, { appIds: owned.map((a) => a.id), reason, cause: "user.suspend" });
      return {
        result: { userId, appsSuspended: suspended.appIds.length },
        audit: [
          ...suspended.audit,
          { action: "user.suspend", targetId: user.id, reason, details: { email: user.email, sessionsEnded, appsSuspended: suspended.appIds.length } },
        ],
        publish: suspended.appIds.map((appId) => ({ kind: "app", appId })),
      };
    },
  });
}
suspendDeveloper.roles = ["compliance"] as const;
