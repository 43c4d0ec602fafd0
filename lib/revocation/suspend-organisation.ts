import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends an organisation: every session of its users ends at the
 * next request and every app of the organisation is suspended with its
 * tokens revoked.
 */
export async function suspendOrganisation(options: { actor: Actor; organisationId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const organisationId = parseId(options.organisationId, "No such organisation");
  return auditedChange({
    actor: options.actor,
    roles: suspendOrganisation.roles,
    change: async (tx) => {
      const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true, status: true } });
      if (!org) throw notFound("No such organisation");
      if (org.status === "suspended") throw conflict("This organisation is already suspended");
      await tx.organisation.update({ where: { id: org.id }, data: { status: "suspended" } });
      const users = await tx.user.updateMany({ where: { organisationId: org.id }, data: { sessionVersion: { increment: 1 } } });
      const apps = await tx.app.findMany({ where: { organisationId: org.id }, select: { id: true } });
      const suspended = await suspendAppsInTx(tx, { appIds: apps.map((a) => a.id), reason, cause: "organisation.suspend" });
      return {
        result: { organisationId, appsSuspended: suspended.appIds.length },
        audit: [
          ...suspended.audit,
          {
            action: "organisation.suspend",
            targetId: org.id,
            reason,
            details: { name: org.name, sessionsEnded: users.count, appsSuspended: suspended.appIds.length },
          },
        ],
        publish: [{ kind: "organisation", organisationId }, ...suspended.appIds.map((appId) => ({ kind: "app" as const, appId }))],
      };
    },
  });
}
suspendOrganisation.roles = ["compliance"] as const;
