import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance lets a suspended developer sign in again. Their apps stay
 * suspended: each comes back only through two-party reinstatement
 * (approve-app-reinstatement.ts), so lifting a person never silently
 * restores API access.
 */
export async function reinstateDeveloper(options: { actor: Actor; userId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const userId = parseId(options.userId, "No such developer");
  return auditedChange({
    actor: options.actor,
    roles: reinstateDeveloper.roles,
    change: async (tx) => {
      const user = await tx.user.findFirst({ where: { id: userId, role: "developer" }, select: { id: true, email: true, status: true } });
      if (!user) throw notFound("No such developer");
      if (user.status !== "suspended") throw conflict("This developer is not suspended");
      await tx.user.update({ where: { id: user.id }, data: { status: "active" } });
      return {
        result: { userId, status: "active" as const },
        audit: [{ action: "user.reinstate", targetId: user.id, reason, details: { email: user.email } }],
      };
    },
  });
}
reinstateDeveloper.roles = ["compliance"] as const;
