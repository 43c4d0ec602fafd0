import { announceRevocation } from "./announce-revocation";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";
import { revokeTokensInTx } from "@/lib/credentials/revoke-tokens-in-tx";

/**
 * Compliance revokes one client certificate of an app. Tokens bound to it
 * (RFC 8705 §3, cnf.x5t#S256) are revoked with it: a bound token is only as
 * good as the key it is bound to.
 */
export async function revokeCertificate(options: { actor: Actor; certificateId: string; unverifiedReason: unknown }) {
  const reason = parseReason(options.unverifiedReason);
  const certificateId = parseId(options.certificateId, "No such certificate");
  const now = new Date();
  return auditedChange({
    actor: options.actor,
    roles: revokeCertificate.roles,
    change: async (tx) => {
      const cert = await tx.clientCertificate.findUnique({
        where: { id: certificateId },
        select: { id: true, appId: true, thumbprint: true, subject: true, revokedAt: true },
      });
      if (!cert) throw notFound("No such certificate");
      if (cert.revokedAt) throw conflict("This certificate is already revoked");
      await tx.clientCertificate.update({ where: { id: cert.id }, data: { revokedAt: now } });
      const bound = await revokeTokensInTx(tx, { appId: cert.appId, issuedBy: { certThumbprint: cert.thumbprint }, now });
      await announceRevocation(tx, cert.appId, { what: "certificate_revoked", certificateId: cert.id, thumbprint: cert.thumbprint, tokensRevoked: bound.count });
      return {
        result: { certificateId, appId: cert.appId, tokensRevoked: bound.count },
        audit: [
          {
            action: "certificate.revoke",
            targetId: cert.id,
            reason,
            details: { appId: cert.appId, subject: cert.subject, thumbprint: cert.thumbprint, tokensRevoked: bound.count },
          },
        ],
        publish: [{ kind: "app", appId: cert.appId }, ...bound.publish],
      };
    },
  });
}
revokeCertificate.roles = ["compliance"] as const;
