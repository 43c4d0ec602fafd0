// grant_type=authorization_code: the client redeems the code the customer's
// consent produced, proving with the PKCE code_verifier that it is the one
// that pushed the request. The token it gets acts for that customer on the
// accounts they chose ∩ the app's grant.
// @see RFC 6749 §4.1.3 (request: code, redirect_uri), §4.1.2 and §10.5
// (a code is single use; a second use SHOULD revoke the tokens issued from
// it; with it, its refresh tokens), RFC 7636 §4.5–§4.6 (S256 verification), §5.2 (invalid_grant).
// Security-critical: the code is looked up by hash and scoped to the
// authenticated client; redeeming is one conditional update, so two
// concurrent redemptions cannot both get a token.
import { createHash } from "node:crypto";
import type { AppGrant } from "@/lib/access/load-app-grant";
import type { Db } from "@/lib/db";
import { storedAuthorizationDetails, tokenAccounts, type AuthorizationDetail } from "@/lib/db/json-columns";
import { hashOpaqueSecret, sameHash } from "@/lib/secrets/opaque-secret";
import type { BankSettings } from "@/lib/settings/bank-settings";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidGrant, InvalidRequest } from "./errors";
import { issueAccessToken, type IssuedToken } from "./issue-access-token";
import { issueRefreshToken } from "./issue-refresh-token";
import { revokeAuthorizationChain } from "./revoke-authorization-chain";

/** RFC 7636 §4.1: code_verifier = 43*128unreserved */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** RFC 7636 §4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge */
function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export async function redeemAuthorizationCode(options: {
  db: Db;
  request: AuthenticatedRequest;
  /** The grant in force, the app already checked as able to act. */
  grant: AppGrant;
  settings: BankSettings;
  ip?: string;
  now?: Date;
}): Promise<IssuedToken & { refreshToken: string; authorizationDetails: AuthorizationDetail[] | null }> {
  const { db, grant } = options;
  const { params, client } = options.request;
  if (!params.code) throw new InvalidRequest("code is required");
  if (!params.redirect_uri) throw new InvalidRequest("redirect_uri is required");
  if (!params.code_verifier) throw new InvalidRequest("code_verifier is required (PKCE, RFC 7636)");
  if (!CODE_VERIFIER.test(params.code_verifier)) throw new InvalidRequest("code_verifier must be 43 to 128 unreserved characters (RFC 7636 section 4.1)");
  const now = options.now ?? new Date();

  // Scoped to the caller: another client's code is indistinguishable from an unknown one.
  const row = await db.authorizationRequest.findFirst({
    where: { codeHash: hashOpaqueSecret(params.code), appId: client.appId },
    select: { id: true, redirectUri: true, codeChallenge: true, codeExpiresAt: true, codeUsedAt: true, customerId: true, accounts: true, scope: true, authorizationDetails: true },
  });
  if (!row || !row.customerId) throw new InvalidGrant("The authorization code is not valid");
  if (row.codeUsedAt) {
    await revokeAuthorizationChain({ db, authorizationRequestId: row.id, client, ip: options.ip, reason: "authorization code reused" });
    throw new InvalidGrant("The authorization code has already been used; the tokens issued from it are revoked");
  }
  if (!row.codeExpiresAt || row.codeExpiresAt <= now) throw new InvalidGrant("The authorization code has expired");
  if (params.redirect_uri !== row.redirectUri) throw new InvalidGrant("redirect_uri does not match the one of the authorization request");
  if (!sameHash(s256(params.code_verifier), row.codeChallenge)) throw new InvalidGrant("code_verifier does not match the code_challenge");

  const spent = await db.authorizationRequest.updateMany({ where: { id: row.id, codeUsedAt: null }, data: { codeUsedAt: now } });
  if (spent.count !== 1) {
    await revokeAuthorizationChain({ db, authorizationRequestId: row.id, client, ip: options.ip, reason: "authorization code reused" });
    throw new InvalidGrant("The authorization code has already been used; the tokens issued from it are revoked");
  }
  // The grant may have narrowed since consent: the token carries what is still allowed of both.
  const scopes = row.scope.split(" ").filter((s) => grant.allScopes.has(s));
  const accounts = tokenAccounts(row.accounts!).filter((ref) => grant.accounts.has(ref));
  return {
    ...(await issueAccessToken({
      db,
      app: grant,
      scopes,
      settings: options.settings,
      certThumbprint: client.certThumbprint,
      clientSecretId: client.secretId,
      sourceIp: options.ip,
      issuedVia: "authorization_code",
      onBehalfOf: { customerId: row.customerId, accounts, authorizationRequestId: row.id },
    })),
    refreshToken: await issueRefreshToken({ db, appId: client.appId, authorizationRequestId: row.id, now }),
    // RFC 9396 §7: the token response says what the token was granted, the debtor chosen included.
    authorizationDetails: storedAuthorizationDetails(row.authorizationDetails),
  };
}
