// Token revocation by the client that holds the token.
// @see RFC 7009 §2.1 (request), §2.2 (200 whether or not the token was
// known: the caller learns nothing), §2.2.1 (errors).
// Audited as token.revoke; the gateway's caches drop the token through the
// change bus after the transaction commits.
import { auditedChange } from "@/lib/audit/audited-change";
import type { Db } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidRequest } from "./errors";
import { REFRESH_TOKEN_PREFIX } from "./issue-refresh-token";
import { revokeAuthorizationChain } from "./revoke-authorization-chain";

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
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) {
    // RFC 7009 §2.1: revoking a refresh token revokes the access tokens of the same grant (the consent's chain).
    const refresh = await options.db.refreshToken.findFirst({ where: { tokenHash, appId: client.appId }, select: { authorizationRequestId: true } });
    if (refresh) await revokeAuthorizationChain({ db: options.db, authorizationRequestId: refresh.authorizationRequestId, client, ip: options.ip, reason: "oauth2/revoke refresh_token" });
    return;
  }
  await auditedChange({
    db: options.db,
    actor: { kind: "client", appId: client.appId, label: client.clientId, ip: options.ip },
    roles: ["client"],
    change: async (tx) => {
      // RFC 7009 §2.1: only the client the token was issued to may revoke it.
      const row = await tx.accessToken.findFirst({ where: { tokenHash, appId: client.appId, revokedAt: null }, select: { id: true } });
      if (!row) return { result: undefined, audit: [] };
      await tx.accessToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      return {
        result: undefined,
        audit: [{ action: "token.revoke", targetId: row.id, details: { via: "oauth2/revoke" } }],
        publish: [{ kind: "token", tokenHash }],
      };
    },
  });
}
