// The authorization request a browser form names by its request_uri, checked
// for what every page step needs: known, not expired, not yet answered, and
// (after the first page) the form's CSRF token bound to it.
// Security-critical: the CSRF token is compared as a hash in constant time,
// and must equal both the form field and the cookie set with the first page
// (double submit, bound to this request's row).
import type { DbOrTx } from "@/lib/db";
import { hashOpaqueSecret, sameHash } from "@/lib/secrets/opaque-secret";
import { AuthorizationPageError } from "./authorization-page-error";

const select = {
  id: true,
  appId: true,
  redirectUri: true,
  scope: true,
  authorizationDetails: true,
  state: true,
  csrfHash: true,
  expiresAt: true,
  customerId: true,
  decidedAt: true,
  app: { select: { name: true, clientId: true, organisationId: true, organisation: { select: { name: true } } } },
} as const;

export async function findAuthorizationRequest(options: {
  db: DbOrTx;
  requestUri: string | undefined;
  /** Omitted only when the sign-in page first opens (no token has been given out yet). */
  csrf?: { field: string | undefined; cookie: string | undefined };
  now?: Date;
}) {
  if (!options.requestUri) throw new AuthorizationPageError("The link is missing its request_uri: start again from the app.");
  const row = await options.db.authorizationRequest.findUnique({ where: { requestUriHash: hashOpaqueSecret(options.requestUri) }, select });
  const now = options.now ?? new Date();
  if (!row || row.expiresAt <= now) throw new AuthorizationPageError("This sign-in link has expired or is not valid: start again from the app.");
  if (row.decidedAt) throw new AuthorizationPageError("This request has already been answered: start again from the app.");
  if (options.csrf) {
    const { field, cookie } = options.csrf;
    if (!field || !cookie || field !== cookie || !row.csrfHash || !sameHash(hashOpaqueSecret(field), row.csrfHash)) {
      throw new AuthorizationPageError("This form has expired or was not sent from this sign-in page: start again from the app.");
    }
  }
  return row;
}

export type FoundAuthorizationRequest = Awaited<ReturnType<typeof findAuthorizationRequest>>;
