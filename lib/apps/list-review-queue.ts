import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";

/** Requests waiting for an admin, oldest first (first come, first served). */
export async function listReviewQueue(options: { actor: Actor }) {
  requireRole(options.actor, "admin");
  return getDb().appRequest.findMany({
    where: { status: "pending" },
    orderBy: { submittedAt: "asc" },
    include: {
      app: { select: { id: true, name: true, status: true, organisation: { select: { name: true } }, owner: { select: { name: true, email: true } } } },
      approvals: { select: { adminId: true, admin: { select: { name: true } } } },
      _count: { select: { apis: true, accounts: true } },
    },
  });
}
