// Who may see which API — the single place that decides it, used by every
// catalogue query (list, detail, docs, spec download, search). Security-
// critical: a restricted API must be invisible (404) to every organisation
// not named on it. Second reviewer wanted on any change here.
import type { Prisma } from "../../node_modules/.prisma/portico-sqlite";
import type { Actor } from "@/lib/authz/actor";
import { unauthenticated } from "@/lib/errors";

export const LIFECYCLES = ["published", "deprecated", "retired"] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** Bank staff see the whole catalogue, including retired versions. */
export function seesWholeCatalog(actor: Actor): boolean {
  return actor.kind === "user" && (actor.role === "admin" || actor.role === "compliance");
}

export function visibleApiWhere(actor: Actor): Prisma.ApiWhereInput {
  if (actor.kind !== "user") throw unauthenticated();
  if (seesWholeCatalog(actor)) return {};
  const registered: Prisma.ApiWhereInput = { visibility: "registered" };
  if (!actor.organisationId) return registered;
  return { OR: [registered, { visibility: "restricted", organisations: { some: { organisationId: actor.organisationId } } }] };
}

/** Retired versions stay in the database but leave developers' catalogue and search. */
export function visibleVersionWhere(actor: Actor): Prisma.ApiVersionWhereInput {
  return seesWholeCatalog(actor) ? {} : { lifecycle: { not: "retired" } };
}
