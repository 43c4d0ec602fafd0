// A portal session begins at sign-in (lib/auth/options.ts, `authorize`):
// one Session row whose secret only the browser's encrypted cookie holds.
// Security-critical: the lifetime is absolute from here (no activity extends
// it) and, like the idle timeout, comes from the bank's settings, shorter for
// staff than for developers (ASVS 5.0 V7.3).
import { auditedChange } from "@/lib/audit/audited-change";
import type { Role } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { getBankSettings, type BankSettings } from "@/lib/settings/bank-settings";

/** The prefix of a session secret: "portal session". */
export const SESSION_SECRET_PREFIX = "pps_";

export function sessionPolicy(settings: BankSettings, role: Role): { lifetimeSeconds: number; idleSeconds: number } {
  return role === "developer"
    ? { lifetimeSeconds: settings.developerSessionLifetimeSeconds, idleSeconds: settings.developerSessionIdleSeconds }
    : { lifetimeSeconds: settings.staffSessionLifetimeSeconds, idleSeconds: settings.staffSessionIdleSeconds };
}

export async function startSession(options: {
  user: { id: string; email: string; role: Role; organisationId: string | null };
  userAgent?: string;
  ip?: string;
  /** Tests pass a clock; the portal never does. */
  now?: Date;
}): Promise<{ secret: string; sessionId: string; expiresAt: Date }> {
  const { user } = options;
  const now = options.now ?? new Date();
  const secret = newOpaqueSecret(SESSION_SECRET_PREFIX);
  const actor = { kind: "user" as const, id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip: options.ip };
  return auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const policy = sessionPolicy(await getBankSettings(tx), user.role);
      const expiresAt = new Date(now.getTime() + policy.lifetimeSeconds * 1000);
      const session = await tx.session.create({
        data: {
          secretHash: hashOpaqueSecret(secret),
          userId: user.id,
          createdAt: now,
          lastSeenAt: now,
          expiresAt,
          idleTimeoutSeconds: policy.idleSeconds,
          userAgent: options.userAgent?.slice(0, 512) || null,
          ip: options.ip ?? null,
        },
        select: { id: true },
      });
      return {
        result: { secret, sessionId: session.id, expiresAt },
        audit: [{ actor, action: "session.start", targetId: session.id, details: { expiresAt: expiresAt.toISOString(), idleTimeoutSeconds: policy.idleSeconds } }],
      };
    },
    db: getDb(),
  });
}
