// The authorization endpoint's first step: the browser arrives with
// client_id and the request_uri the client pushed (RFC 9126 §4); anything
// else is refused, since pushed requests are required here (§5). The
// request_uri is single use: the first visit claims it and gets the CSRF
// token that binds the sign-in and consent forms to this browser and this
// request; a second visit (another browser, a replay) is refused.
// @see RFC 9126 §4, §7.3 (one-time use request_uri)
import type { Db } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { AuthorizationPageError } from "./authorization-page-error";
import { findAuthorizationRequest } from "./find-authorization-request";

/** The parameters the authorization endpoint accepts: everything else was pushed (RFC 9126 §4). */
const ALLOWED = new Set(["client_id", "request_uri"]);

export async function openAuthorizationRequest(options: {
  db: Db;
  unverifiedQuery: Record<string, string | string[]>;
  now?: Date;
}): Promise<{ csrfToken: string; requestUri: string; appName: string; organisationName: string }> {
  const query = options.unverifiedQuery;
  const single = (name: string) => (typeof query[name] === "string" ? (query[name] as string) : undefined);
  const clientId = single("client_id");
  const requestUri = single("request_uri");
  if (!requestUri) throw new AuthorizationPageError("Authorization requests must be pushed first (POST /oauth2/par); this link has no request_uri.");
  const extra = Object.keys(query).filter((name) => !ALLOWED.has(name));
  if (extra.length) throw new AuthorizationPageError(`Send only client_id and request_uri here; push ${extra.join(", ")} with the request (RFC 9126).`);
  const row = await findAuthorizationRequest({ db: options.db, requestUri, now: options.now });
  // RFC 9126 §4: the client_id must be the one the request was pushed by.
  if (!clientId || row.app.clientId !== clientId) throw new AuthorizationPageError("This sign-in link has expired or is not valid: start again from the app.");
  const csrfToken = newOpaqueSecret("csrf_");
  const claimed = await options.db.authorizationRequest.updateMany({ where: { id: row.id, csrfHash: "" }, data: { csrfHash: hashOpaqueSecret(csrfToken) } });
  if (claimed.count !== 1) throw new AuthorizationPageError("This sign-in link has already been used: start again from the app.");
  return { csrfToken, requestUri, appName: row.app.name, organisationName: row.app.organisation.name };
}
