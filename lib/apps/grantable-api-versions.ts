import type { Prisma } from "../../node_modules/.prisma/portico-sqlite";
import type { Actor } from "@/lib/authz/actor";
import { visibleApiWhere, visibleVersionWhere } from "@/lib/catalog/visible-api-where";

/**
 * The API versions an organisation may ask for: exactly what its developers
 * see in the catalogue (public to registered users or shared with the
 * organisation by name, not retired). The rule itself lives in one place,
 * lib/catalog/visible-api-where.ts; this applies it for an organisation
 * rather than for the actor, because an admin approving a request must check
 * the requesting organisation's view, not their own.
 * Security-critical: the form and every write use this one filter.
 */
export function grantableApiVersionWhere(organisationId: string): Prisma.ApiVersionWhereInput {
  const developerView: Actor = { kind: "user", id: "", role: "developer", organisationId, label: "grant check" };
  return { AND: [visibleVersionWhere(developerView), { api: visibleApiWhere(developerView) }] };
}
