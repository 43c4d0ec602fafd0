// Where-clauses that scope an app lookup to what the actor may see.
// Security-critical (second reviewer please): a developer sees only apps of
// their own organisation, and another organisation's app is "not found",
// never "forbidden", so its existence is not revealed.
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";

export function appWhereForActor(actor: Actor, appId: string): { id: string; organisationId?: string } {
  if (actor.kind !== "user") throw notFound("App not found");
  if (actor.role === "developer") {
    if (!actor.organisationId) throw notFound("App not found");
    return { id: appId, organisationId: actor.organisationId };
  }
  // Admins decide on every app; compliance reads every app.
  return { id: appId };
}
