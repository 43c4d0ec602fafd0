// The one way Portico counts requests against a budget: rate-limiter-flexible,
// in this process's memory by default, in Redis when REDIS_URL is set (then
// every portal and gateway instance counts against the same budget, and the
// increment is atomic in Redis, so parallel requests cannot all slip under
// the limit). Every budget is a number from lib/config; callers that need
// other numbers (tests, benchmarks) pass their own.
// Over the budget: RFC 6585 §4, 429 with Retry-After (RFC 9110 §10.2.3).
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { PorticoError } from "@/lib/errors";

/** A budget: `points` events per `durationSeconds`; once over it, the key is refused for `blockSeconds` (default: until the window ends). */
export type RateLimit = { points: number; durationSeconds: number; blockSeconds?: number };

/** Where the counters live. One store serves many limiters; close it once, at shut-down. */
export type RateLimitStore = { readonly redis?: Redis; close(): Promise<void> };

/** Counters in this process only: the default, and enough for one instance. */
export const MEMORY_RATE_LIMIT_STORE: RateLimitStore = { close: async () => {} };

export async function openRateLimitStore(options: { redisUrl?: string }): Promise<RateLimitStore> {
  if (!options.redisUrl) return MEMORY_RATE_LIMIT_STORE;
  const { Redis } = await import("ioredis");
  const redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  await new Promise<void>((resolve, reject) => {
    redis.once("ready", resolve);
    redis.once("error", reject);
  });
  return { redis, close: async () => void (await redis.quit()) };
}

/** A spent budget: how long until the key may try again. */
export type RateLimitRefusal = { retryAfterSeconds: number; limit: RateLimit };

export type RateLimiter = {
  readonly limit: RateLimit;
  /**
   * Takes one point for `key` before the work is done. Resolves with the
   * points this key has used in the window, this one included; throws what
   * `refuse` makes (by default 429 rate_limited with Retry-After) when the
   * budget is spent. A failing store throws its own error: not the caller's fault.
   */
  consume(key: string): Promise<{ consumed: number }>;
  /** Gives one point back: the attempt turned out not to count (e.g. a right password). */
  refund(key: string): Promise<void>;
  /** Forgets the key: a run of failures ends. */
  reset(key: string): Promise<void>;
};

const defaultRefusal = ({ retryAfterSeconds }: RateLimitRefusal) =>
  new PorticoError("rate_limited", `Too many requests; retry in ${retryAfterSeconds} s`, { headers: { "retry-after": String(retryAfterSeconds) } });

export function createRateLimiter(options: {
  store: RateLimitStore;
  /** Names the budget in the store's keys (`portico:<name>:<key>`); one name per budget. */
  name: string;
  limit: RateLimit;
  refuse?: (refusal: RateLimitRefusal) => Error;
}): RateLimiter {
  const { store, limit } = options;
  const settings = {
    keyPrefix: `portico:${options.name}`,
    points: limit.points,
    duration: limit.durationSeconds,
    blockDuration: limit.blockSeconds ?? 0,
  };
  const limiter: RateLimiterAbstract = store.redis
    ? new RateLimiterRedis({ ...settings, storeClient: store.redis })
    : new RateLimiterMemory(settings);
  const refuse = options.refuse ?? defaultRefusal;
  return {
    limit,
    async consume(key) {
      try {
        const res = await limiter.consume(key);
        return { consumed: res.consumedPoints };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw refuse({ retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), limit });
      }
    },
    async refund(key) {
      await limiter.reward(key, 1);
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
