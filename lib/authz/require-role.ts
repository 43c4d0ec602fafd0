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
