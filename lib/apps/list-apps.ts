import { getDb, type AppStatus } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";

/** Apps the actor may see: a developer their organisation's, admins and compliance every app. */
export async function listApps(options: { actor: Actor; status?: AppStatus }) {
  const { actor } = options;
  requireRole(actor, ...listApps.roles);
  if (actor.role === "developer" && !actor.organisationId) return [];
  const scope = actor.role === "developer" ? { organisationId: actor.organisationId! } : {};
  return getDb().app.findMany({
    where: { ...scope, ...(options.status ? { status: options.status } : {}) },
    include: {
      organisation: { select: { name: true } },
      owner: { select: { name: true, email: true } },
      requests: { where: { status: { in: ["draft", "pending"] } }, select: { id: true, kind: true, status: true } },
      _count: { select: { apis: true, accounts: true } },
    },
    orderBy: { updatedAt: "desc" },
    take: 500,
  });
}
listApps.roles = ["developer", "admin", "compliance"] as const;
