// grant_type=refresh_token for a customer's consent: a new access token for
// the same customer and accounts (∩ the grant in force), and a new refresh
// token in place of the one presented (rotation). A refresh token that comes
// back after it was used means two parties hold it: the whole chain of that
// consent is revoked and the request refused.
// @see RFC 6749 §6 (request; scope may only narrow), RFC 9700 §4.14.2
// (rotation and reuse detection), §5.2 (invalid_grant).
// Not FAPI 2.0 mode (§5.3.2.1 asks for sender-constrained, non-rotated refresh
// tokens there): that mode does not exist yet.
// Security-critical: scoped to the authenticated client; the rotation is one
// conditional update, so a token cannot be spent twice concurrently.
import type { AppGrant } from "@/lib/access/load-app-grant";
import type { Db } from "@/lib/db";
import { storedAuthorizationDetails, tokenAccounts, type AuthorizationDetail } from "@/lib/db/json-columns";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { BankSettings } from "@/lib/settings/bank-settings";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidGrant, InvalidRequest, InvalidScope } from "./errors";
import { issueAccessToken, type IssuedToken } from "./issue-access-token";
import { issueRefreshToken } from "./issue-refresh-token";
import { revokeAuthorizationChain } from "./revoke-authorization-chain";

export async function refreshCustomerToken(options: {
  db: Db;
  request: AuthenticatedRequest;
  grant: AppGrant;
  settings: BankSettings;
  ip?: string;
  now?: Date;
}): Promise<IssuedToken & { refreshToken: string; authorizationDetails: AuthorizationDetail[] | null }> {
  const { db, grant } = options;
  const { params, client } = options.request;
  if (!params.refresh_token) throw new InvalidRequest("refresh_token is required");
  const now = options.now ?? new Date();
  const row = await db.refreshToken.findFirst({
    where: { tokenHash: hashOpaqueSecret(params.refresh_token), appId: client.appId },
    select: { id: true, usedAt: true, revokedAt: true, expiresAt: true, authorizationRequest: { select: { id: true, customerId: true, accounts: true, scope: true, authorizationDetails: true } } },
  });
  if (!row || row.revokedAt) throw new InvalidGrant("The refresh token is not valid");
  const chain = row.authorizationRequest;
  const reused = async () => {
    await revokeAuthorizationChain({ db, authorizationRequestId: chain.id, client, ip: options.ip, reason: "refresh token reused" });
    return new InvalidGrant("The refresh token has already been used; every token of this consent is revoked");
  };
  if (row.usedAt) throw await reused();
  if (row.expiresAt <= now) throw new InvalidGrant("The refresh token has expired");
  if (!chain.customerId) throw new InvalidGrant("The refresh token is not valid");

  const consented = chain.scope.split(" ").filter(Boolean);
  let scopes = consented;
  if (params.scope !== undefined) {
    // RFC 6749 §6: a refreshed token may carry less than the consent, never more.
    const asked = [...new Set(params.scope.split(" ").filter(Boolean))];
    const outside = asked.filter((s) => !consented.includes(s));
    if (!asked.length || outside.length) throw new InvalidScope(`Scope not in the customer's consent: ${outside.join(" ") || "(empty)"}`);
    scopes = asked.sort();
  }
  const spent = await db.refreshToken.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null }, data: { usedAt: now } });
  if (spent.count !== 1) throw await reused();

  return {
    ...(await issueAccessToken({
      db,
      app: grant,
      scopes: scopes.filter((s) => grant.allScopes.has(s)),
      settings: options.settings,
      certThumbprint: client.certThumbprint,
      clientSecretId: client.secretId,
      sourceIp: options.ip,
      issuedVia: "authorization_code",
      onBehalfOf: { customerId: chain.customerId, accounts: tokenAccounts(chain.accounts!).filter((ref) => grant.accounts.has(ref)), authorizationRequestId: chain.id },
    })),
    refreshToken: await issueRefreshToken({ db, appId: client.appId, authorizationRequestId: chain.id, now }),
    // RFC 9396 §7: a refreshed token carries the same consent.
    authorizationDetails: storedAuthorizationDetails(chain.authorizationDetails),
  };
}
