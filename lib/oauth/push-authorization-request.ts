// Pushed authorization requests: the client sends the whole authorization
// request to the server first, authenticated, and gets a short-lived handle
// for the browser (RFC 9126). Required here: the authorization endpoint
// takes nothing else (RFC 9126 §5 require_pushed_authorization_requests).
// @see RFC 9126 §2.1 (request: client authentication as at the token
// endpoint, the authorization request's parameters), §2.2 (201, request_uri,
// expires_in), §2.3 (errors as at the token endpoint); RFC 7636 §4.3 (PKCE,
// S256 only: FAPI 2.0 Security Profile §5.3.2.2); RFC 9396 §5 (authorization_details,
// checked in ./authorization-details.ts).
// Security-critical: the redirect URI must be one the app registered,
// compared exactly (RFC 9700 §4.1.3); the handle is stored only as a hash.
import { redirectUris } from "@/lib/db/json-columns";
import type { Db } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidRequest, UnauthorizedClient } from "./errors";
import { validateScope } from "./validate-scope";
import { parseAuthorizationDetails } from "./authorization-details";

/** RFC 9126 §2.2: "urn:ietf:params:oauth:request_uri:" followed by a reference only we can resolve. */
export const REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
/** RFC 9126 §2.2 suggests 5 to 600 seconds; the assignment's window is 60–90 s: a sign-in page opens within it. */
export const REQUEST_URI_LIFETIME_SECONDS = 90;
/** RFC 7636 §4.1: code_verifier is 43–128 unreserved characters, so its S256 challenge is 43 base64url characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** @see RFC 9126 §2.2 */
export type PushedAuthorizationResponse = { request_uri: string; expires_in: number };

export async function pushAuthorizationRequest(options: {
  db: Db;
  /** The output of the client-authentication chain. */
  request: AuthenticatedRequest;
  now?: Date;
}): Promise<PushedAuthorizationResponse> {
  const { params, client, grant } = options.request;
  if (grant.inactiveReason) throw new UnauthorizedClient(`This client may not ask for authorization: ${grant.inactiveReason}`);
  // RFC 9126 §2.1: request_uri inside a pushed request is refused.
  if (params.request_uri !== undefined) throw new InvalidRequest("request_uri is not allowed in a pushed authorization request");
  if (params.response_type !== "code") throw new InvalidRequest("response_type must be code");
  if (!params.redirect_uri) throw new InvalidRequest("redirect_uri is required");
  if (params.code_challenge_method !== "S256") throw new InvalidRequest("code_challenge_method must be S256 (plain is not accepted)");
  if (!params.code_challenge || !S256_CHALLENGE.test(params.code_challenge)) throw new InvalidRequest("code_challenge must be the base64url SHA-256 of a code_verifier (RFC 7636 section 4.2)");
  const scopes = validateScope({ unverifiedScope: params.scope, grant });
  const authorizationDetails = parseAuthorizationDetails(params.authorization_details);

  const app = await options.db.app.findUnique({ where: { id: client.appId }, select: { redirectUris: true } });
  // Exact string comparison: no prefix, pattern or normalisation (RFC 9700 §4.1.3).
  if (!app || !redirectUris(app.redirectUris).includes(params.redirect_uri)) {
    throw new InvalidRequest("redirect_uri is not one of the app's registered redirect URIs");
  }

  const now = options.now ?? new Date();
  const requestUri = `${REQUEST_URI_PREFIX}${newOpaqueSecret("par_")}`;
  await options.db.authorizationRequest.create({
    data: {
      appId: client.appId,
      requestUriHash: hashOpaqueSecret(requestUri),
      redirectUri: params.redirect_uri,
      scope: scopes.join(" "),
      state: params.state ?? null,
      codeChallenge: params.code_challenge,
      authorizationDetails: authorizationDetails as never,
      // Set when the sign-in page first opens (lib/oauth/open-authorization-request.ts).
      csrfHash: "",
      expiresAt: new Date(now.getTime() + REQUEST_URI_LIFETIME_SECONDS * 1000),
    },
    select: { id: true },
  });
  return { request_uri: requestUri, expires_in: REQUEST_URI_LIFETIME_SECONDS };
}
