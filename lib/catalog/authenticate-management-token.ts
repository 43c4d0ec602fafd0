// `Authorization: Bearer pmt_…` (RFC 6750 §2.1) on the management endpoint.
// Security-critical: the token is looked up by its SHA-256 only; a missing,
// malformed, unknown or revoked token gets the same 401. A known token then
// spends one point of its budget (PORTICO_MANAGEMENT_RATE_LIMIT a minute):
// 429 with Retry-After over it.
import { getDb } from "@/lib/db";
import { config } from "@/lib/config";
import type { RateLimit, RateLimiter } from "@/lib/rate-limit/rate-limiter";
import { sharedRateLimiter } from "@/lib/rate-limit/shared-rate-limiter";
import { systemActor, type Actor } from "@/lib/authz/actor";
import { PorticoError } from "@/lib/errors";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { MANAGEMENT_TOKEN_PREFIX } from "./create-management-token";

const refused = () =>
  new PorticoError("unauthenticated", "A valid management token is required", {
    // RFC 6750 §3: tell the client which scheme, without saying why.
    headers: { "WWW-Authenticate": 'Bearer realm="portico-management", error="invalid_token"' },
  });

/** The per-token budget: `perMinute` requests a minute (config PORTICO_MANAGEMENT_RATE_LIMIT), then 429 problem+json with Retry-After. */
export const managementBudget = (perMinute: number) => ({
  name: "management",
  limit: { points: perMinute, durationSeconds: 60 } satisfies RateLimit,
  refuse: ({ retryAfterSeconds }: { retryAfterSeconds: number }) =>
    new PorticoError("rate_limited", `Rate limit of ${perMinute} requests per minute for this management token reached; retry in ${retryAfterSeconds} s`, {
      headers: { "retry-after": String(retryAfterSeconds) },
    }),
});

export async function authenticateManagementToken({
  authorization,
  ip,
  limiter,
}: {
  authorization: string | null;
  ip?: string;
  /** Per token; default: the portal's, with the limit from lib/config. */
  limiter?: RateLimiter;
}): Promise<Actor> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (!token || !token.startsWith(MANAGEMENT_TOKEN_PREFIX) || token.length > 200) throw refused();
  const row = await getDb().managementToken.findUnique({ where: { tokenHash: hashOpaqueSecret(token) } });
  if (!row || row.revokedAt) throw refused();
  const budget = limiter ?? (await sharedRateLimiter(managementBudget(config.managementRateLimitPerMinute)));
  await budget.consume(row.id);
  await getDb().managementToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return systemActor(`management token "${row.name}" (${row.id})`, ip);
}
