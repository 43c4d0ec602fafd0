import type { ChangeEvent } from "@/lib/broadcast/change-bus";
import type { Prisma, Tx } from "@/lib/db";

/**
 * Revokes, inside the caller's transaction (an auditedChange), every live
 * access token of one app that the credential being withdrawn stands
 * behind: the certificate a token is bound to (RFC 8705 §3, cnf.x5t#S256)
 * or the client secret it was issued with. A token is only as good as the
 * credential it came from.
 *
 * Returns how many were revoked and the `{kind:"token"}` events for the
 * caller to publish after its commit, so the gateway's access cache
 * (lib/access) drops each at once, on every instance.
 */
export async function revokeTokensInTx(
  tx: Tx,
  options: { appId: string; issuedBy: { certThumbprint: string } | { clientSecretId: string }; now: Date },
): Promise<{ count: number; publish: ChangeEvent[] }> {
  const { appId, issuedBy, now } = options;
  const where: Prisma.AccessTokenWhereInput = {
    appId,
    ...("certThumbprint" in issuedBy ? { certThumbprint: issuedBy.certThumbprint } : { clientSecretId: issuedBy.clientSecretId }),
    revokedAt: null,
    expiresAt: { gt: now },
  };
  const live = await tx.accessToken.findMany({ where, select: { id: true, tokenHash: true } });
  if (live.length === 0) return { count: 0, publish: [] };
  await tx.accessToken.updateMany({ where: { id: { in: live.map((t) => t.id) }, revokedAt: null }, data: { revokedAt: now } });
  return { count: live.length, publish: live.map((t) => ({ kind: "token", tokenHash: t.tokenHash })) };
}
