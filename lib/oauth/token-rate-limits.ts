// The token endpoint's budgets (lib/rate-limit): per source IP, counted
// before client authentication, so guessing secrets is slowed too; and per
// client, counted once it is authenticated. An app needs one token per token
// lifetime (minutes), so the per-client budget only stops a runaway or abusive
// client; without it one client minted 200 tokens in half a second.
import { createRateLimiter, type RateLimiter, type RateLimitStore } from "@/lib/rate-limit/rate-limiter";
import { TooManyRequests } from "./errors";

export type TokenRateLimits = { perIp: RateLimiter; perClient: RateLimiter };

export function createTokenRateLimits(options: { store: RateLimitStore; perIpPerMinute: number; perClientPerMinute: number }): TokenRateLimits {
  const budget = (name: string, perMinute: number, who: string) =>
    createRateLimiter({
      store: options.store,
      name,
      limit: { points: perMinute, durationSeconds: 60 },
      refuse: ({ retryAfterSeconds }) =>
        new TooManyRequests(`Too many token requests ${who} (at most ${perMinute} a minute); retry in ${retryAfterSeconds} s`, retryAfterSeconds),
    });
  return {
    perIp: budget("token:ip", options.perIpPerMinute, "from this address"),
    perClient: budget("token:client", options.perClientPerMinute, "for this client"),
  };
}
