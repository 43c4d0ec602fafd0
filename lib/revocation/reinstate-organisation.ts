import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance lifts an organisation's suspension: its people may sign in
 * again (individually suspended developers stay suspended). Its apps stay
 * suspended until two-party reinstatement, one by one.
 */
export async function reinstateOrganisation(options: { actor: Actor; organisationId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const organisationId = parseId(options.organisationId, "No such organisation");
  return auditedChange({
    actor: options.actor,
    roles: reinstateOrganisation.roles,
    change: async (tx) => {
      const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true, status: true } });
      if (!org) throw notFound("No such organisation");
      if (org.status !== "suspended") throw conflict("This organisation is not suspended");
      await tx.organisation.update({ where: { id: org.id }, data: { status: "active" } });
      return {
        result: { organisationId, status: "active" as const },
        audit: [{ action: "organisation.reinstate", targetId: org.id, reason, details: { name: org.name } }],
      };
    },
  });
}
reinstateOrganisation.roles = ["compliance"] as const;
