// Organisations an admin can share a restricted API with.
import { getDb } from "@/lib/db";
import { requireRole } from "@/lib/authz/require-role";
import type { Actor } from "@/lib/authz/actor";

export async function listOrganisationChoices({ actor }: { actor: Actor }) {
  requireRole(actor, "admin");
  return getDb().organisation.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, slug: true, status: true } });
}
