import { auditedChange } from "@/lib/audit/audited-change";
import { revokeSessionsInTx } from "@/lib/auth/revoke-sessions-in-tx";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends an organisation: every session of its users is revoked
 * (reinstatement does not bring them back) and every app of the organisation is suspended with its
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
      const sessionsEnded = await revokeSessionsInTx(tx, { users: { organisationId: org.id }, reason: "organisation_suspended" });
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
            details: { name: org.name, sessionsEnded, appsSuspended: suspended.appIds.length },
          },
        ],
        publish: [{ kind: "organisation", organisationId }, ...suspended.appIds.map((appId) => ({ kind: "app" as const, appId }))],
      };
    },
  });
}
suspendOrganisation.roles = ["compliance"] as const;
