import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { definedScopes } from "@/lib/db/json-columns";
import { grantableApiVersionWhere } from "./grantable-api-versions";

/** What the registration form offers a developer: visible, non-retired versions with the scopes their specs define. */
export async function listGrantableApiVersions(options: { actor: Actor }) {
  const { actor } = options;
  requireRole(actor, "developer");
  if (!actor.organisationId) return [];
  const versions = await getDb().apiVersion.findMany({
    where: grantableApiVersionWhere(actor.organisationId),
    select: { id: true, version: true, lifecycle: true, title: true, scopes: true, api: { select: { id: true, name: true, slug: true, summary: true, selfService: true, visibility: true } } },
    orderBy: [{ api: { name: "asc" } }, { createdAt: "desc" }],
  });
  return versions.map((v) => ({ ...v, scopes: definedScopes(v.scopes) }));
}

export type GrantableApiVersion = Awaited<ReturnType<typeof listGrantableApiVersions>>[number];
