import { auditedChange } from "@/lib/audit/audited-change";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";

/**
 * Sign-out: the session's row is revoked, so the cookie stops working
 * everywhere — also a copy of it taken before (next-auth only clears the
 * browser's copy). Signing out of a session that is already over changes
 * nothing and records nothing.
 */
export async function endSession(options: { secret: string; ip?: string }): Promise<boolean> {
  return auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const session = await tx.session.findUnique({
        where: { secretHash: hashOpaqueSecret(options.secret) },
        include: { user: { select: { id: true, email: true, role: true, organisationId: true } } },
      });
      if (!session || session.revokedAt) return { result: false, audit: [] };
      const now = new Date();
      const { count } = await tx.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now, revokedReason: "sign_out" } });
      if (count === 0) return { result: false, audit: [] };
      const { user } = session;
      const actor = { kind: "user" as const, id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip: options.ip };
      return { result: true, audit: [{ actor, action: "session.sign_out", targetId: session.id }] };
    },
    db: getDb(),
  });
}
