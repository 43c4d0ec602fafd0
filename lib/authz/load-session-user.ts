import { getDb } from "@/lib/db";
import type { Actor, Role } from "./actor";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
  /** The mailed verification link was opened (lib/accounts/verify-email.ts); until then no apps can be registered. */
  emailVerified: boolean;
};

/** The user row with what decides whether they may be signed in at all. */
export type SessionUserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: "active" | "suspended";
  organisationId: string | null;
  organisation: { name: string; status: "active" | "suspended" } | null;
  emailVerifiedAt: Date | null;
};

export const sessionUserInclude = { organisation: { select: { name: true, status: true } } } as const;

/**
 * The signed-in user, or null when they may no longer be: a suspended user or
 * a suspended organisation ends every session at the next request, whatever
 * the session row says (lib/auth/resolve-session.ts reads it first).
 */
export function sessionUserOf(user: SessionUserRow | null): SessionUser | null {
  if (!user || user.status !== "active") return null;
  if (user.organisation && user.organisation.status !== "active") return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: user.organisation?.name ?? null,
    emailVerified: user.emailVerifiedAt !== null,
  };
}

/** Re-reads a user by id, with the same rules as a session read. */
export async function loadSessionUser(userId: string): Promise<SessionUser | null> {
  return sessionUserOf(await getDb().user.findUnique({ where: { id: userId }, include: sessionUserInclude }));
}

export function actorOf(user: SessionUser, ip?: string): Actor {
  return { kind: "user", id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip };
}
