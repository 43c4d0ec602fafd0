import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { notFound } from "@/lib/errors";

/** An organisation with its people and apps, for the console. */
export async function getOrganisationForCompliance(options: { actor: Actor; organisationId: string }) {
  requireRole(options.actor, "compliance", "admin");
  const org = await getDb().organisation.findUnique({
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
  return org;
}
