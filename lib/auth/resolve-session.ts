// The one check behind every portal read of "who is signed in" (pages through
// currentUser, route handlers through withUser). Security-critical: the
// cookie only names a session; the Session row decides. A session is over
// when it was revoked (sign-out, suspension), when its absolute lifetime has
// passed, or when it has been idle longer than its timeout; and when the user
// or their organisation is suspended.
import { auditedChange } from "@/lib/audit/audited-change";
import { sessionUserOf, type SessionUser, type SessionUserRow } from "@/lib/authz/load-session-user";
import { getDb, sqlParam, sqlTable } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";

/**
 * lastSeenAt is written at most this often per session, so a busy page does
 * not write on every request. The idle check reads the stored value, so a
 * session may end up to this much earlier than its idle timeout, never later.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export type ResolvedSession = { sessionId: string; user: SessionUser };

type SessionJoinRow = {
  id: string;
  expiresAt: Date;
  lastSeenAt: Date;
  idleTimeoutSeconds: number | bigint;
  revokedAt: Date | null;
  userId: string;
  email: string;
  name: string;
  role: SessionUserRow["role"];
  status: SessionUserRow["status"];
  organisationId: string | null;
  organisationName: string | null;
  organisationStatus: "active" | "suspended" | null;
  emailVerifiedAt: Date | string | number | null;
};

/**
 * The session row, its user and the user's organisation in ONE statement:
 * this runs on every portal request, and a Prisma `include` costs a query
 * plan per call plus a query per relation. Hand-written on purpose; it reads
 * the same columns `sessionUserInclude` names (lib/authz/load-session-user.ts)
 * and lib/auth/sessions.test.ts checks both paths agree, on both databases.
 */
function sessionJoinSql(): string {
  return (
    `SELECT s."id", s."expiresAt", s."lastSeenAt", s."idleTimeoutSeconds", s."revokedAt", ` +
    `u."id" AS "userId", u."email", u."name", u."role", u."status", u."organisationId", u."emailVerifiedAt", ` +
    `o."name" AS "organisationName", o."status" AS "organisationStatus" ` +
    `FROM ${sqlTable("Session")} s JOIN ${sqlTable("User")} u ON u."id" = s."userId" ` +
    `LEFT JOIN ${sqlTable("Organisation")} o ON o."id" = u."organisationId" ` +
    `WHERE s."secretHash" = ${sqlParam(1)}`
  );
}

export async function resolveSession(options: { secret: string; now?: Date }): Promise<ResolvedSession | null> {
  const now = options.now ?? new Date();
  const db = getDb();
  const [session] = await db.$queryRawUnsafe<SessionJoinRow[]>(sessionJoinSql(), hashOpaqueSecret(options.secret));
  if (!session || session.revokedAt) return null;
  const lastSeenAt = new Date(session.lastSeenAt);
  if (now.getTime() >= new Date(session.expiresAt).getTime()) return null;
  if (now.getTime() - lastSeenAt.getTime() > Number(session.idleTimeoutSeconds) * 1000) return null;
  const user = sessionUserOf({
    id: session.userId,
    email: session.email,
    name: session.name,
    role: session.role,
    status: session.status,
    organisationId: session.organisationId,
    organisation: session.organisationId === null ? null : { name: session.organisationName ?? "", status: session.organisationStatus ?? "suspended" },
    emailVerifiedAt: session.emailVerifiedAt === null ? null : new Date(session.emailVerifiedAt),
  });
  if (!user) return null;
  if (now.getTime() - lastSeenAt.getTime() >= SESSION_TOUCH_INTERVAL_MS) {
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
