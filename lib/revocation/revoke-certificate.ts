import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { publishChange } from "@/lib/broadcast/change-bus";
import { conflict, notFound } from "@/lib/errors";
import { parseId, parseReason } from "./reason";

/**
 * Compliance revokes one client certificate of an app. Tokens bound to it
 * (RFC 8705 §3, cnf.x5t#S256) are revoked with it: a bound token is only as
 * good as the key it is bound to.
 */
export async function revokeCertificate(options: { actor: Actor; certificateId: string; unverifiedReason: unknown }) {
  const { actor } = options;
  requireRole(actor, "compliance");
  const reason = parseReason(options.unverifiedReason);
  const certificateId = parseId(options.certificateId, "No such certificate");
  const now = new Date();
  const result = await getDb().$transaction(async (tx) => {
    const cert = await tx.clientCertificate.findUnique({
      where: { id: certificateId },
      select: { id: true, appId: true, thumbprint: true, subject: true, revokedAt: true },
    });
    if (!cert) throw notFound("No such certificate");
    if (cert.revokedAt) throw conflict("This certificate is already revoked");
    await tx.clientCertificate.update({ where: { id: cert.id }, data: { revokedAt: now } });
    const bound = await tx.accessToken.findMany({
      where: { appId: cert.appId, certThumbprint: cert.thumbprint, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true, tokenHash: true },
    });
    if (bound.length) await tx.accessToken.updateMany({ where: { id: { in: bound.map((t) => t.id) } }, data: { revokedAt: now } });
    await recordAuditEvent(tx, {
      actor,
      action: "certificate.revoke",
      targetType: "certificate",
      targetId: cert.id,
      reason,
      details: { appId: cert.appId, subject: cert.subject, thumbprint: cert.thumbprint, tokensRevoked: bound.length },
    });
    return { appId: cert.appId, hashes: bound.map((t) => t.tokenHash) };
  });
  await publishChange({ kind: "app", appId: result.appId });
  await Promise.all(result.hashes.map((tokenHash) => publishChange({ kind: "token", tokenHash })));
  return { certificateId, appId: result.appId, tokensRevoked: result.hashes.length };
}
