import type { Actor } from "@/lib/authz/actor";
import { auditedChange } from "@/lib/audit/audited-change";
import { notFound } from "@/lib/errors";

/**
 * An organisation with its people and apps, for the console; the read is
 * recorded (`organisation.read`, ASVS 5.0 V16.1.1).
 */
export async function getOrganisationForCompliance(options: { actor: Actor; organisationId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: getOrganisationForCompliance.roles,
    change: async (tx) => {
      const org = await tx.organisation.findUnique({
        where: { id: options.organisationId },
        select: {
          id: true,
          name: true,
          status: true,
          createdAt: true,
          users: { select: { id: true, name: true, email: true, status: true }, orderBy: { name: "asc" } },
          apps: { select: { id: true, name: true, status: true, clientId: true }, orderBy: { name: "asc" } },
        },
      });
      if (!org) throw notFound("No such organisation");
      return { result: org, audit: [{ action: "organisation.read", targetId: org.id }] };
    },
  });
}
getOrganisationForCompliance.roles = ["compliance", "admin"] as const;
