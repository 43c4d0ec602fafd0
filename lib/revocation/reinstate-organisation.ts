import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance lifts an organisation's suspension: its people may sign in
 * again (individually suspended developers stay suspended). Its apps stay
 * suspended until two-party reinstatement, one by one.
 */
export async function reinstateOrganisation(options: { actor: Actor; organisationId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const organisationId = parseId(options.organisationId, "No such organisation");
  await getDb().$transaction(async (tx) => {
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true, name: true, status: true } });
    if (!org) throw notFound("No such organisation");
    if (org.status !== "suspended") throw conflict("This organisation is not suspended");
    await tx.organisation.update({ where: { id: org.id }, data: { status: "active" } });
    await recordAuditEvent(tx, { actor, action: "organisation.reinstate", targetType: "organisation", targetId: org.id, reason, details: { name: org.name } });
  });
  return { organisationId, status: "active" as const };
}
