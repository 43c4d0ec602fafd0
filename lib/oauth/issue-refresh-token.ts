// A refresh token for a customer's consent (authorization code grant):
// opaque, stored only as SHA-256, single use (rotated by
// ./refresh-token-grant.ts).
// @see RFC 6749 §1.5, §6; RFC 9700 §4.14.2 (rotation, reuse detection)
import type { DbOrTx } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";

export const REFRESH_TOKEN_PREFIX = "prt_";
/** A sandbox consent lasts a week of refreshing; after that the customer consents again. */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 7 * 24 * 3600;

export async function issueRefreshToken(options: { db: DbOrTx; appId: string; authorizationRequestId: string; now?: Date }): Promise<string> {
  const now = options.now ?? new Date();
  const refreshToken = newOpaqueSecret(REFRESH_TOKEN_PREFIX);
  await options.db.refreshToken.create({
    data: {
      tokenHash: hashOpaqueSecret(refreshToken),
      appId: options.appId,
      authorizationRequestId: options.authorizationRequestId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_LIFETIME_SECONDS * 1000),
    },
    select: { id: true },
  });
  return refreshToken;
}
