// Revokes every token descending from one consent (authorization request):
// its access tokens and its refresh tokens. Used when a code is redeemed a
// second time (RFC 6749 §4.1.2), when a spent refresh token comes back
// (RFC 9700 §4.14.2: refresh token reuse means theft; revoke the chain), when
// the client revokes a refresh token (RFC 7009 §2.1: the access tokens of
// the same grant go too), and when the customer revokes the app on their
// access dashboard (lib/oauth/revoke-customer-connection.ts). Audited per
// access token as token.revoke; the gateway's caches drop them through the
// change bus after commit.
import { auditedChange, type Change } from "@/lib/audit/audited-change";
import type { AuthenticatedClient } from "@/lib/access/authenticate-client";
import type { Db, Tx } from "@/lib/db";

export async function revokeAuthorizationChain(options: { db: Db; authorizationRequestId: string; client: AuthenticatedClient; ip?: string; reason: string }) {
  const { client } = options;
  await auditedChange({
    db: options.db,
    actor: { kind: "client", appId: client.appId, label: client.clientId, ip: options.ip },
    roles: ["client"],
    change: (tx) => revokeChainIn(tx, { authorizationRequestId: options.authorizationRequestId, appId: client.appId, reason: options.reason }),
  });
}

/**
 * The revocation itself, inside the caller's transaction: what to audit and
 * publish comes back for the caller's auditedChange. Scoped to one app: a
 * chain is only ever revoked by its own client or for it.
 */
export async function revokeChainIn(tx: Tx, options: { authorizationRequestId: string; appId: string; reason: string; now?: Date }): Promise<Change<undefined>> {
  const now = options.now ?? new Date();
  const where = { authorizationRequestId: options.authorizationRequestId, appId: options.appId, revokedAt: null };
  const tokens = await tx.accessToken.findMany({ where, select: { id: true, tokenHash: true } });
  await tx.refreshToken.updateMany({ where, data: { revokedAt: now } });
  if (tokens.length) await tx.accessToken.updateMany({ where: { id: { in: tokens.map((t) => t.id) } }, data: { revokedAt: now } });
  return {
    result: undefined,
    audit: tokens.map((t) => ({ action: "token.revoke" as const, targetId: t.id, details: { via: options.reason } })),
    publish: tokens.map((t) => ({ kind: "token" as const, tokenHash: t.tokenHash })),
  };
}
