// The token endpoint as an ordered list of named steps (after
// panva/node-oidc-provider's lib/actions/token.js): the client-authentication
// chain every OAuth endpoint shares (create-client-auth-chain.ts: parse body →
// authenticate client → load its grant) → check grant type → check the app
// may act → validate scope → issue. Each step takes what it needs and
// returns what the next one needs.
// @see RFC 6749 §4.4 (client credentials grant), §5.1 (response), §5.2 (errors)
import type { AppGrant } from "@/lib/access/load-app-grant";
import type { Db } from "@/lib/db";
import type { AuthorizationDetail } from "@/lib/db/json-columns";
import type { BankSettings } from "@/lib/settings/bank-settings";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidRequest, UnauthorizedClient, UnsupportedGrantType } from "./errors";
import { redeemAuthorizationCode } from "./authorization-code-grant";
import { issueAccessToken } from "./issue-access-token";
import { refreshCustomerToken } from "./refresh-token-grant";
import type { FormParams } from "./parse-form-body";
import { validateScope } from "./validate-scope";

/** The grants this server supports: client credentials, and a sandbox customer's consent (./authorization-code-grant.ts). */
type GrantType = "client_credentials" | "authorization_code" | "refresh_token";
export const GRANT_TYPES_SUPPORTED: GrantType[] = ["client_credentials", "authorization_code", "refresh_token"];
const GRANT_TYPES = new Set<string>(GRANT_TYPES_SUPPORTED);

/** @see RFC 6749 §5.1 — wire names as the RFC spells them. */
export type TokenResponse = {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  refresh_token?: string;
  /** RFC 9396 §7: what a customer's token was granted, when the request asked with authorization_details. */
  authorization_details?: AuthorizationDetail[];
};

function checkGrantType(params: FormParams): GrantType {
  // RFC 6749 §5.2: a missing required parameter is invalid_request, not unsupported_grant_type.
  if (!params.grant_type) throw new InvalidRequest("grant_type is required");
  if (!GRANT_TYPES.has(params.grant_type)) throw new UnsupportedGrantType(`Unsupported grant_type ${params.grant_type}; use one of ${GRANT_TYPES_SUPPORTED.join(", ")}`);
  return params.grant_type as GrantType;
}

/** An app that is not approved, or whose organisation or owner is suspended, gets no tokens. */
function checkClientMayAct(grant: AppGrant): AppGrant {
  if (grant.inactiveReason) throw new UnauthorizedClient(`This client may not obtain tokens: ${grant.inactiveReason}`);
  return grant;
}

export async function handleTokenRequest(options: {
  db: Db;
  /** The output of the client-authentication chain. */
  request: AuthenticatedRequest;
  loadSettings: () => Promise<BankSettings>;
  /** The address the request came from, kept on the token row. */
  ip?: string;
}): Promise<TokenResponse> {
  const { params, client } = options.request;
  const grantType = checkGrantType(params);
  const grant = checkClientMayAct(options.request.grant);
  if (grantType !== "client_credentials") {
    const step = { db: options.db, request: options.request, grant, settings: await options.loadSettings(), ip: options.ip };
    const issued = grantType === "authorization_code" ? await redeemAuthorizationCode(step) : await refreshCustomerToken(step);
    return {
      access_token: issued.accessToken,
      token_type: "Bearer",
      expires_in: issued.expiresIn,
      scope: issued.scopes.join(" "),
      refresh_token: issued.refreshToken,
      ...(issued.authorizationDetails ? { authorization_details: issued.authorizationDetails } : {}),
    };
  }
  const scopes = validateScope({ unverifiedScope: params.scope, grant });
  const issued = await issueAccessToken({
    db: options.db,
    app: grant,
    scopes,
    settings: await options.loadSettings(),
    // RFC 8705 §3: a token obtained over mutual TLS is bound to that certificate.
    certThumbprint: client.certThumbprint,
    // Revoking the secret the client authenticated with revokes the tokens it got with it.
    clientSecretId: client.secretId,
    sourceIp: options.ip,
    issuedVia: "client_credentials",
  });
  return { access_token: issued.accessToken, token_type: "Bearer", expires_in: issued.expiresIn, scope: issued.scopes.join(" ") };
}
