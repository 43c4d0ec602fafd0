// An authorization request the browser brought that cannot go on. RFC 9126
// §4 / RFC 6749 §4.1.2.1: when the request_uri, client or redirect URI
// cannot be trusted, the server must not redirect; it tells the person in
// the browser instead. The message is public.
export class AuthorizationPageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthorizationPageError";
  }
}
