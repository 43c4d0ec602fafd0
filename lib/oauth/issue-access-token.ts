// Creates one access token: opaque to the client (RFC 6749 §1.4), stored
// only as its SHA-256, expiring per the app's token policy, optionally bound
// to the client certificate it was issued over (RFC 8705 §3).
// Not audited per token (too hot; revocations are): the token row itself
// records who got it — the app, the client secret it authenticated with, the
// certificate it is bound to, the source address, scopes and times — which
// is what compliance's token lookup (lib/compliance/look-up-token.ts) shows,
// and the gateway's request log records the call.
import type { DbOrTx } from "@/lib/db";
import { effectiveTokenLifetimeSeconds } from "@/lib/apps/token-lifetime";
import { displayPrefix, hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import type { BankSettings } from "@/lib/settings/bank-settings";

/** What every access token starts with (lib/secrets: the type prefix of an opaque secret). */
export const ACCESS_TOKEN_PREFIX = "pat_";

export type IssuedToken = { accessToken: string; tokenHash: string; expiresIn: number; expiresAt: Date; scopes: string[] };

export async function issueAccessToken(options: {
  db: DbOrTx;
  app: { appId: string; tokenLifetimeSeconds: number | null };
  scopes: string[];
  settings: BankSettings;
  certThumbprint?: string;
  /** The client secret the client authenticated with, if it used one: revoking that secret revokes this token. */
  clientSecretId?: string;
  /** The address the token request came from. */
  sourceIp?: string;
  issuedVia: "client_credentials" | "portal_try_it" | "authorization_code";
  /** authorization_code: the sandbox customer who consented, the accounts the token may touch (normalised refs), the request it came from. */
  onBehalfOf?: { customerId: string; accounts: string[]; authorizationRequestId: string };
  /** Shorter than the policy, never longer (the portal's try-it tokens). */
  maxLifetimeSeconds?: number;
}): Promise<IssuedToken> {
  const policy = effectiveTokenLifetimeSeconds({ tokenLifetimeSeconds: options.app.tokenLifetimeSeconds }, options.settings);
  const expiresIn = Math.min(policy, options.maxLifetimeSeconds ?? policy);
  const accessToken = newOpaqueSecret(ACCESS_TOKEN_PREFIX);
  const tokenHash = hashOpaqueSecret(accessToken);
  // One clock reading for both ends, so introspection's exp - iat is exactly
  // the lifetime (RFC 7662 §2.2); the column default would be read later.
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + expiresIn * 1000);
  await options.db.accessToken.create({
    data: {
      tokenHash,
      appId: options.app.appId,
      scope: options.scopes.join(" "),
      certThumbprint: options.certThumbprint ?? null,
      clientSecretId: options.clientSecretId ?? null,
      prefix: displayPrefix(accessToken),
      sourceIp: options.sourceIp ?? null,
      issuedVia: options.issuedVia,
      customerId: options.onBehalfOf?.customerId ?? null,
      accounts: options.onBehalfOf?.accounts,
      authorizationRequestId: options.onBehalfOf?.authorizationRequestId ?? null,
      createdAt: issuedAt,
      expiresAt,
    },
    select: { id: true },
  });
  return { accessToken, tokenHash, expiresIn, expiresAt, scopes: options.scopes };
}
