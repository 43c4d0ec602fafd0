// Per-app rate limit of the sandbox, on the shared rate limiter
// (lib/rate-limit): in memory by default, in Redis when REDIS_URL is set, so
// every gateway instance counts against the same budget.
import { createRateLimiter, type RateLimiter, type RateLimitStore } from "@/lib/rate-limit/rate-limiter";
import { SandboxProblem } from "./errors";

export function createSandboxRateLimiter(options: { store: RateLimitStore; perMinute: number }): RateLimiter {
  return createRateLimiter({
    store: options.store,
    name: "sandbox",
    limit: { points: options.perMinute, durationSeconds: 60 },
    refuse: ({ retryAfterSeconds }) =>
      new SandboxProblem("rate_limited", "rate_limited", `Rate limit of ${options.perMinute} calls per minute for this app reached; retry in ${retryAfterSeconds} s`, {
        headers: { "retry-after": String(retryAfterSeconds) },
      }),
  });
}
