import { getDb } from "@/lib/db";

export type ActiveSession = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  idleTimeoutSeconds: number;
  userAgent: string | null;
  ip: string | null;
};

/**
 * A user's live sessions, most recently used first: not revoked, not past
 * their absolute lifetime, not idle too long (the rules of
 * ./resolve-session.ts). Callers pass the signed-in user's own id; the
 * secret's hash is never returned.
 */
export async function listSessions(options: { userId: string; now?: Date }): Promise<ActiveSession[]> {
  const now = options.now ?? new Date();
  const rows = await getDb().session.findMany({
    where: { userId: options.userId, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, idleTimeoutSeconds: true, userAgent: true, ip: true },
  });
  return rows.filter((s) => now.getTime() - s.lastSeenAt.getTime() <= s.idleTimeoutSeconds * 1000);
}
