import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { notFound } from "@/lib/errors";

/**
 * Removes a client certificate at once: it is marked revoked (kept for the
 * record) and the gateway stops accepting it and tokens bound to it.
 */
export async function removeClientCertificate(options: { actor: Actor; appId: string; certificateId: string }) {
  return auditedChange({
    actor: options.actor,
    roles: removeClientCertificate.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
      if (!app) throw notFound("App not found");
      const cert = await tx.clientCertificate.findFirst({ where: { id: options.certificateId, appId: app.id, revokedAt: null } });
      if (!cert) throw notFound("Certificate not found");
      await tx.clientCertificate.update({ where: { id: cert.id }, data: { revokedAt: new Date() } });
      return {
        result: undefined,
        audit: [{ action: "certificate.remove", targetId: app.id, details: { certificateId: cert.id, thumbprint: cert.thumbprint } }],
        publish: [{ kind: "app", appId: app.id }],
      };
    },
  });
}
removeClientCertificate.roles = ["developer", "compliance"] as const;
