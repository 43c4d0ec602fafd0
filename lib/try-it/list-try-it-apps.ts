// The apps a developer may try an API version with on the docs page: their
// organisation's approved apps, each saying whether its grant includes this
// API version (an app without it still may be picked, and the sandbox then
// explains what is missing).
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb } from "@/lib/db";
import { grantScopes } from "@/lib/db/json-columns";

export type TryItApp = { id: string; name: string; scopes: string[] | null };

export async function listTryItApps(options: { actor: Actor; apiVersionId: string }): Promise<TryItApp[]> {
  const { actor } = options;
  if (actor.kind !== "user" || actor.role !== "developer" || !actor.organisationId) return [];
  requireRole(actor, "developer");
  const apps = await getDb().app.findMany({
    where: { organisationId: actor.organisationId, status: "approved" },
    select: { id: true, name: true, apis: { where: { apiVersionId: options.apiVersionId }, select: { scopes: true } } },
    orderBy: { name: "asc" },
  });
  return apps.map((a) => {
    const row = a.apis[0];
    const scopes = row ? grantScopes(row.scopes) : null;
    return { id: a.id, name: a.name, scopes };
  });
}
