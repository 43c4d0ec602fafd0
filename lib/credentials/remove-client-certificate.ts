import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { notFound } from "@/lib/errors";

/**
 * Removes a client certificate at once: it is marked revoked (kept for the
 * record) and the gateway stops accepting it and tokens bound to it.
 */
export async function removeClientCertificate(options: { actor: Actor; appId: string; certificateId: string }) {
  const { actor } = options;
  requireRole(actor, "developer", "compliance");
  await getDb().$transaction(async (tx) => {
    const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
    if (!app) throw notFound("App not found");
    const cert = await tx.clientCertificate.findFirst({ where: { id: options.certificateId, appId: app.id, revokedAt: null } });
    if (!cert) throw notFound("Certificate not found");
    await tx.clientCertificate.update({ where: { id: cert.id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { actor, action: "certificate.remove", targetType: "app", targetId: app.id, details: { certificateId: cert.id, thumbprint: cert.thumbprint } });
  });
  await publishChange({ kind: "app", appId: options.appId });
}
