// Token revocation by the client that holds the token.
// @see RFC 7009 §2.1 (request), §2.2 (200 whether or not the token was
// known: the caller learns nothing), §2.2.1 (errors).
// Audited as token.revoke; the gateway's caches drop the token through the
// change bus after the transaction commits.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { publishChange } from "@/lib/broadcast/change-bus";
import type { Db } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidRequest } from "./errors";

export async function revokeToken(options: {
  db: Db;
  /** The output of the client-authentication chain; a suspended app may still revoke its own tokens. */
  request: AuthenticatedRequest;
  ip?: string;
}): Promise<void> {
  const { params, client } = options.request;
  const token = params.token;
  if (!token) throw new InvalidRequest("token is required");
  const tokenHash = hashOpaqueSecret(token);
  const revoked = await options.db.$transaction(async (tx) => {
    // RFC 7009 §2.1: only the client the token was issued to may revoke it.
    const row = await tx.accessToken.findFirst({ where: { tokenHash, appId: client.appId, revokedAt: null }, select: { id: true } });
    if (!row) return false;
    await tx.accessToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, {
      actor: { kind: "client", appId: client.appId, label: client.clientId, ip: options.ip },
      action: "token.revoke",
      targetType: "access_token",
      targetId: row.id,
      details: { via: "oauth2/revoke" },
    });
    return true;
  });
  if (revoked) await publishChange({ kind: "token", tokenHash });
}
