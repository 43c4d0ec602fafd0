// OAuth 2.0 error responses, one class per RFC-registered error code.
// @see RFC 6749 §5.2 (token endpoint errors), RFC 6750 §3.1 (resource server)
// The description is public (it tells a developer what to fix); the internal
// detail, when any, stays on the server.

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope";

export abstract class OAuthError extends Error {
  abstract readonly error: OAuthErrorCode;
  /** RFC 6749 §5.2: 400 unless said otherwise. */
  readonly status: number = 400;
  /** Extra response headers, e.g. WWW-Authenticate for invalid_client. */
  headers: Record<string, string> = {};

  constructor(readonly description: string) {
    super(description);
  }

  /** The JSON body, RFC 6749 §5.2 parameter names. */
  toBody(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = "invalid_request" as const;
}

/**
 * @see RFC 6749 §5.2: 401 with WWW-Authenticate when the client tried the
 * Authorization header; the same 401 otherwise (RFC allows 400, but one
 * status for every failed client authentication leaks nothing).
 */
export class InvalidClient extends OAuthError {
  readonly error = "invalid_client" as const;
  override readonly status = 401;
  constructor(description = "Client authentication failed", options: { basic?: boolean } = {}) {
    super(description);
    if (options.basic) this.headers = { "www-authenticate": 'Basic realm="portico", charset="UTF-8"' };
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

