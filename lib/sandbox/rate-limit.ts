// Per-app rate limit of the sandbox (rate-limiter-flexible): in memory by
// default; in Redis when REDIS_URL is set, so every gateway instance counts
// against the same budget.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { SandboxProblem } from "./errors";

export type SandboxRateLimiter = { consume(appId: string): Promise<void>; close(): Promise<void> };

export async function createSandboxRateLimiter(options: { perMinute: number; redisUrl?: string }): Promise<SandboxRateLimiter> {
  let limiter: RateLimiterAbstract;
  let close = async () => {};
  if (options.redisUrl) {
    const { Redis } = await import("ioredis");
    const client = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    await new Promise<void>((resolve, reject) => {
      client.once("ready", resolve);
      client.once("error", reject);
    });
    limiter = new RateLimiterRedis({ storeClient: client, keyPrefix: "portico:sandbox", points: options.perMinute, duration: 60 });
    close = async () => void (await client.quit());
  } else {
    limiter = new RateLimiterMemory({ keyPrefix: "portico:sandbox", points: options.perMinute, duration: 60 });
  }
  return {
    async consume(appId) {
      try {
        await limiter.consume(appId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection; // the store failed: not the caller's fault
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new SandboxProblem("rate_limited", "rate_limited", `Rate limit of ${options.perMinute} calls per minute for this app reached; retry in ${seconds} s`, {
          headers: { "retry-after": String(seconds) },
        });
      }
    },
    close,
  };
}
