// Token introspection for authenticated clients.
// @see RFC 7662 §2.1 (request), §2.2 (response), §4 (a client may learn
// nothing about tokens that are not its own: those answer {"active":false}).
import type { Db } from "@/lib/db";
import { storedAuthorizationDetails, type AuthorizationDetail } from "@/lib/db/json-columns";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { AuthenticatedRequest } from "./create-client-auth-chain";
import { InvalidRequest } from "./errors";

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      token_type: "Bearer";
      exp: number;
      iat: number;
      iss: string;
      /** RFC 7662 §2.2: for a customer's token (authorization code grant), the sandbox customer's reference. */
      sub?: string;
      /** RFC 8705 §3.2: the certificate a bound token is confirmed by. */
      cnf?: { "x5t#S256": string };
      /** RFC 9396 §9.2: the consent the token carries. */
      authorization_details?: AuthorizationDetail[];
    };

export async function introspectToken(options: {
  db: Db;
  /** The output of the client-authentication chain. */
  request: AuthenticatedRequest;
  issuer: string;
  now?: Date;
}): Promise<IntrospectionResponse> {
  const { params, client, grant } = options.request;
  const token = params.token;
  if (!token) throw new InvalidRequest("token is required");
  const now = options.now ?? new Date();
  // Scoped to the caller: another client's token is indistinguishable from an unknown one.
  const row = await options.db.accessToken.findFirst({
    where: { tokenHash: hashOpaqueSecret(token), appId: client.appId },
    select: { scope: true, certThumbprint: true, createdAt: true, expiresAt: true, revokedAt: true, customerId: true, authorizationRequest: { select: { authorizationDetails: true } } },
  });
  if (!row || row.revokedAt || row.expiresAt <= now) return { active: false };
  // A suspended app's tokens are inactive, whatever their rows say.
  if (grant.inactiveReason) return { active: false };
  const customer = row.customerId ? await options.db.sandboxCustomer.findUnique({ where: { id: row.customerId }, select: { customerRef: true } }) : null;
  const details = storedAuthorizationDetails(row.authorizationRequest?.authorizationDetails ?? null);
  return {
    active: true,
    scope: row.scope,
    client_id: client.clientId,
    token_type: "Bearer",
    exp: Math.floor(row.expiresAt.getTime() / 1000),
    iat: Math.floor(row.createdAt.getTime() / 1000),
    iss: options.issuer,
    ...(customer ? { sub: customer.customerRef } : {}),
    ...(row.certThumbprint ? { cnf: { "x5t#S256": row.certThumbprint } } : {}),
    ...(details ? { authorization_details: details } : {}),
  };
}
