import type { Actor } from "@/lib/authz/actor";
import { auditedChange } from "@/lib/audit/audited-change";
import { notFound } from "@/lib/errors";

/**
 * A developer, their organisation and apps, for the console. Staff reading
 * a person's data is on the record (`developer.read`, ASVS 5.0 V16.1.1);
 * a lookup that finds nobody records nothing.
 */
export async function getDeveloperForCompliance(options: { actor: Actor; userId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: getDeveloperForCompliance.roles,
    change: async (tx) => {
      const user = await tx.user.findFirst({
        where: { id: options.userId, role: "developer" },
        select: {
          id: true,
          name: true,
          email: true,
          status: true,
          createdAt: true,
          lastSignInAt: true,
          organisation: { select: { id: true, name: true, status: true } },
          apps: { select: { id: true, name: true, status: true, clientId: true }, orderBy: { name: "asc" } },
        },
      });
      if (!user) throw notFound("No such developer");
      return { result: user, audit: [{ action: "developer.read", targetId: user.id }] };
    },
  });
}
getDeveloperForCompliance.roles = ["compliance", "admin"] as const;
