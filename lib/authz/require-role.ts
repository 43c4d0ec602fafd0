import { forbidden } from "@/lib/errors";
import { isRole, type Actor, type Role } from "./actor";

/**
 * Throws unless the actor is a signed-in user with one of the roles.
 * Security-critical: every lib function that changes state or reads
 * restricted data calls this (or scopes its query to the actor) first.
 */
export function requireRole<R extends Role>(actor: Actor, ...roles: R[]): asserts actor is Extract<Actor, { kind: "user" }> & { role: R } {
  if (!isRole(actor, ...roles)) throw forbidden();
}

/** What the audit trail records as the actor's role, and what an action's `roles` list: a user's role, else "system", "client" or "customer". */
export function actorRole(actor: Actor) {
  return actor.kind === "user" ? actor.role : actor.kind;
}

/** The roles an action may allow (the `actorRole` values). */
export type ActorRole = ReturnType<typeof actorRole>;

type UserActor = Extract<Actor, { kind: "user" }>;

/** The actor, narrowed to the kinds and roles the action allows. */
export type AllowedActor<R extends ActorRole> =
  | ([Extract<R, Role>] extends [never] ? never : UserActor & { role: Extract<R, Role> })
  | ("system" extends R ? Extract<Actor, { kind: "system" }> : never)
  | ("client" extends R ? Extract<Actor, { kind: "client" }> : never)
  | ("customer" extends R ? Extract<Actor, { kind: "customer" }> : never);

/**
 * Throws 403 unless the actor is of a kind and role the action allows: the
 * check behind an action's own `roles` list (auditedChange runs it for every
 * state change; reads with a `roles` list call it themselves).
 */
export function assertAllowed<R extends ActorRole>(actor: Actor, roles: readonly R[]): asserts actor is AllowedActor<R> {
  if (!(roles as readonly ActorRole[]).includes(actorRole(actor))) throw forbidden();
}
