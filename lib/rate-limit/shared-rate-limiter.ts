// The portal process's rate limiters: one per budget name, on the process's
// one store (memory, or Redis when REDIS_URL is set), made on first use. Two
// limiters of one name in one process would count apart, so the first call's
// promise is the one every later call gets.
import { config } from "@/lib/config";
import { createRateLimiter, openRateLimitStore, type RateLimiter, type RateLimitStore } from "./rate-limiter";

let store: Promise<RateLimitStore> | undefined;
const limiters = new Map<string, Promise<RateLimiter>>();

export function sharedRateLimiter(options: Omit<Parameters<typeof createRateLimiter>[0], "store">): Promise<RateLimiter> {
  let limiter = limiters.get(options.name);
  if (!limiter) {
    store ??= openRateLimitStore({ redisUrl: config.redisUrl });
    limiter = store.then((opened) => createRateLimiter({ ...options, store: opened }));
    // Redis not reachable yet: forget the failure, so the next request tries again.
    limiter.catch(() => {
      limiters.delete(options.name);
      store = undefined;
    });
    limiters.set(options.name, limiter);
  }
  return limiter;
}
