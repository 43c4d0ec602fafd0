// The one check behind every portal read of "who is signed in" (pages through
// currentUser, route handlers through withUser). Security-critical: the
// cookie only names a session; the Session row decides. A session is over
// when it was revoked (sign-out, suspension), when its absolute lifetime has
// passed, or when it has been idle longer than its timeout; and when the user
// or their organisation is suspended.
import { auditedChange } from "@/lib/audit/audited-change";
import { sessionUserInclude, sessionUserOf, type SessionUser } from "@/lib/authz/load-session-user";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";

/**
 * lastSeenAt is written at most this often per session, so a busy page does
 * not write on every request. The idle check reads the stored value, so a
 * session may end up to this much earlier than its idle timeout, never later.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export type ResolvedSession = { sessionId: string; user: SessionUser };

export async function resolveSession(options: { secret: string; now?: Date }): Promise<ResolvedSession | null> {
  const now = options.now ?? new Date();
  const db = getDb();
  const session = await db.session.findUnique({
    where: { secretHash: hashOpaqueSecret(options.secret) },
    include: { user: { include: sessionUserInclude } },
  });
  if (!session || session.revokedAt) return null;
  if (now.getTime() >= session.expiresAt.getTime()) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > session.idleTimeoutSeconds * 1000) return null;
  const user = sessionUserOf(session.user);
  if (!user) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
    // Activity moves only lastSeenAt; expiresAt stays where sign-in put it.
    // Not audited: activity, not a change anyone decided.
    await auditedChange({
      roles: "anyone",
      db,
      change: async (tx) => {
        await tx.session.updateMany({ where: { id: session.id, revokedAt: null, lastSeenAt: { lt: now } }, data: { lastSeenAt: now } });
        return { result: undefined, audit: [] };
      },
    });
  }
  return { sessionId: session.id, user };
}
