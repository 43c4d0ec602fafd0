// Who is acting. Every state change in lib/ takes an Actor, checks it, and
// writes it into the audit trail.

export const ROLES = ["developer", "admin", "compliance"] as const;
export type Role = (typeof ROLES)[number];

export type Actor =
  | { kind: "user"; id: string; role: Role; organisationId: string | null; label: string; ip?: string }
  | { kind: "system"; label: string; ip?: string }
  /** An OAuth client acting for itself at the gateway (e.g. revoking its own token). */
  | { kind: "client"; appId: string; label: string; ip?: string }
  /** A sandbox customer (a test persona, not a portal user) on the gateway's own pages, e.g. revoking an app on their access dashboard. */
  | { kind: "customer"; customerId: string; label: string; ip?: string };

export const systemActor = (label = "system", ip?: string): Actor => ({ kind: "system", label, ip });

export function isRole(actor: Actor, ...roles: Role[]): actor is Extract<Actor, { kind: "user" }> {
  return actor.kind === "user" && roles.includes(actor.role);
}
