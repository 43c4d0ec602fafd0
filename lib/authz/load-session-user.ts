import { getDb } from "@/lib/db";
import type { Actor, Role } from "./actor";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  organisationName: string | null;
};

/**
 * Re-reads the user behind a session on every request, so that a suspended
 * user, a suspended organisation or a bumped sessionVersion (sign-out
 * everywhere, role change) ends the session at the next request.
 */
export async function loadSessionUser(userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await getDb().user.findUnique({
    where: { id: userId },
    include: { organisation: { select: { name: true, status: true } } },
  });
  if (!user || user.status !== "active" || user.sessionVersion !== sessionVersion) return null;
  if (user.organisation && user.organisation.status !== "active") return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    organisationName: user.organisation?.name ?? null,
  };
}

export function actorOf(user: SessionUser, ip?: string): Actor {
  return { kind: "user", id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip };
}
