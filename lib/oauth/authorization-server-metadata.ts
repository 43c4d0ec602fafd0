// @see RFC 8414 §2 (metadata), §3 (served at /.well-known/oauth-authorization-server).
import { AUTHORIZATION_DETAILS_TYPES } from "./authorization-details";
import { GRANT_TYPES_SUPPORTED } from "./token-endpoint";
export function authorizationServerMetadata(options: { issuer: string; scopes: string[]; mtls: boolean }) {
  const { issuer } = options;
  const authMethods = ["client_secret_basic", "client_secret_post", ...(options.mtls ? ["tls_client_auth", "self_signed_tls_client_auth"] : [])];
  return {
    issuer,
    // RFC 9126 §5: pushed requests, required; RFC 7636 §6.2: S256 only.
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    pushed_authorization_request_endpoint: `${issuer}/oauth2/par`,
    require_pushed_authorization_requests: true,
    code_challenge_methods_supported: ["S256"],
    // RFC 9207 §3: the authorization response carries iss.
    authorization_response_iss_parameter_supported: true,
    token_endpoint: `${issuer}/oauth2/token`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    grant_types_supported: GRANT_TYPES_SUPPORTED,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    scopes_supported: options.scopes,
    token_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    // RFC 8705 §3.3: tokens issued over mutual TLS are certificate-bound.
    tls_client_certificate_bound_access_tokens: options.mtls,
    // RFC 9396 §10: the authorization_details types the server understands.
    authorization_details_types_supported: [...AUTHORIZATION_DETAILS_TYPES],
  };
}
