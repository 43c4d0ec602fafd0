import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { notFound } from "@/lib/errors";
import { appWhereForActor } from "./app-scope";

/** The audit trail of one app (every transition: who, role, when, what, why), oldest first. */
export async function listAppHistory(options: { actor: Actor; appId: string }) {
  const { actor } = options;
  requireRole(actor, "developer", "admin", "compliance");
  const db = getDb();
  const app = await db.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
  if (!app) throw notFound("App not found");
  const events = await db.auditEvent.findMany({
    where: { targetType: "app", targetId: app.id },
    orderBy: { seq: "asc" },
    select: { seq: true, at: true, actorRole: true, actorLabel: true, action: true, reason: true },
  });
  return events;
}
