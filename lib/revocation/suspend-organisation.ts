import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { suspendAppsInTx } from "./suspend-apps-in-tx";

/**
 * Compliance suspends an organisation: every session of its users ends at the
 * next request and every app of the organisation is suspended with its
 * tokens revoked.
 */
export async function suspendOrganisation(options: { actor: Actor; organisationId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const organisationId = parseId(options.organisationId, "No such organisation");
  const appIds = await getDb().$transaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true, status: true } });
    if (!org) throw notFound("No such organisation");
    if (org.status === "suspended") throw conflict("This organisation is already suspended");
    await tx.organisation.update({ where: { id: org.id }, data: { status: "suspended" } });
    const users = await tx.user.updateMany({ where: { organisationId: org.id }, data: { sessionVersion: { increment: 1 } } });
    const apps = await tx.app.findMany({ where: { organisationId: org.id }, select: { id: true } });
    const changed = await suspendAppsInTx(tx, { actor, appIds: apps.map((a) => a.id), reason, cause: "organisation.suspend" });
    await recordAuditEvent(tx, {
      actor,
      action: "organisation.suspend",
      targetType: "organisation",
      targetId: org.id,
      reason,
      details: { name: org.name, sessionsEnded: users.count, appsSuspended: changed.length },
    });
    return changed;
  });
  await publishChange({ kind: "organisation", organisationId });
  await Promise.all(appIds.map((appId) => publishChange({ kind: "app", appId })));
  return { organisationId, appsSuspended: appIds.length };
}
