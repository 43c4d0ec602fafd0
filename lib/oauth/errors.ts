// OAuth 2.0 error responses, one class per RFC-registered error code.
// @see RFC 6749 §5.2 (token endpoint errors), RFC 6750 §3.1 (resource server)
// The description is public (it tells a developer what to fix); the internal
// detail, when any, stays on the server.

/**
 * RFC 6749 §5.2: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ) —
 * printable ASCII without `"` and `\`. Enforced here, once, for every
 * description, including those that echo a client's input: accents are
 * dropped, `"` becomes `'`, `\` becomes `/`, anything else outside the set
 * (control characters, other non-ASCII) becomes `?`.
 */
function toErrorDescription(text: string): string {
  const ascii = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/"/g, "'")
    .replace(/\\/g, "/")
    .replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, "?");
  return ascii || "?";
}

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "invalid_authorization_details";

export abstract class OAuthError extends Error {
  abstract readonly error: OAuthErrorCode;
  /** RFC 6749 §5.2: 400 unless said otherwise. */
  readonly status: number = 400;
  /** Extra response headers, e.g. WWW-Authenticate for invalid_client. */
  headers: Record<string, string> = {};

  /** Always within the RFC 6749 §5.2 character set (see toErrorDescription). */
  readonly description: string;

  constructor(description: string) {
    super(description);
    this.description = toErrorDescription(description);
  }

  /** The JSON body, RFC 6749 §5.2 parameter names. */
  toBody(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = "invalid_request" as const;
}

/** @see RFC 9396 §5: an unknown type, or an entry not as its type defines. */
export class InvalidAuthorizationDetails extends OAuthError {
  readonly error = "invalid_authorization_details" as const;
}

/**
 * @see RFC 6749 §5.2: 401 with WWW-Authenticate when the client tried the
 * Authorization header. We answer every failed client authentication with
 * the same 401 (the RFC allows 400 otherwise, but one status leaks nothing),
 * and a 401 always carries a challenge (RFC 9110 §15.5.2): the Basic scheme,
 * the one header-based method this server accepts (client_secret_basic).
 */
export class InvalidClient extends OAuthError {
  readonly error = "invalid_client" as const;
  override readonly status = 401;
  override headers = { "www-authenticate": 'Basic realm="portico", charset="UTF-8"' };
  constructor(description = "Client authentication failed") {
    super(description);
  }
}

export class InvalidGrant extends OAuthError {
  readonly error = "invalid_grant" as const;
}

export class UnauthorizedClient extends OAuthError {
  readonly error = "unauthorized_client" as const;
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = "unsupported_grant_type" as const;
}

export class InvalidScope extends OAuthError {
  readonly error = "invalid_scope" as const;
}


/**
 * Over a token-endpoint budget (lib/oauth/token-rate-limits.ts). RFC 6749
 * §5.2 registers no code for it, so the body is the closest registered one,
 * invalid_request, with a description that says what happened; the status is
 * RFC 6585 §4's 429 with Retry-After (RFC 9110 §10.2.3), which HTTP clients
 * and OAuth libraries already back off on.
 */
export class TooManyRequests extends OAuthError {
  readonly error = "invalid_request" as const;
  override readonly status = 429;
  constructor(description: string, retryAfterSeconds: number) {
    super(description);
    this.headers = { "retry-after": String(retryAfterSeconds) };
  }
}
