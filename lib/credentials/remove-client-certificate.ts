import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { appWhereForActor } from "@/lib/apps/app-scope";
import { notFound } from "@/lib/errors";
import { revokeTokensInTx } from "./revoke-tokens-in-tx";

/**
 * Removes a client certificate at once: it is marked revoked (kept for the
 * record), the tokens bound to it (RFC 8705 §3) are revoked in the same
 * transaction, and the gateway drops them and stops accepting the
 * certificate once the events go out after the commit.
 */
export async function removeClientCertificate(options: { actor: Actor; appId: string; certificateId: string }) {
  const now = new Date();
  return auditedChange({
    actor: options.actor,
    roles: removeClientCertificate.roles,
    change: async (tx, actor) => {
      const app = await tx.app.findFirst({ where: appWhereForActor(actor, options.appId), select: { id: true } });
      if (!app) throw notFound("App not found");
      const cert = await tx.clientCertificate.findFirst({ where: { id: options.certificateId, appId: app.id, revokedAt: null } });
      if (!cert) throw notFound("Certificate not found");
      await tx.clientCertificate.update({ where: { id: cert.id }, data: { revokedAt: now } });
      const tokens = await revokeTokensInTx(tx, { appId: app.id, issuedBy: { certThumbprint: cert.thumbprint }, now });
      return {
        result: { tokensRevoked: tokens.count },
        audit: [{ action: "certificate.remove", targetId: app.id, details: { certificateId: cert.id, thumbprint: cert.thumbprint, tokensRevoked: tokens.count } }],
        publish: [{ kind: "app", appId: app.id }, ...tokens.publish],
      };
    },
  });
}
removeClientCertificate.roles = ["developer", "compliance"] as const;
