// Sign-in throttling per source, CAPTCHA-free: it blocks the attacker, not
// the victim. Two budgets (lib/rate-limit), both counted in one window:
// - consecutive failures per (email, IP): after `failuresPerAccountAndIp`
//   that source may not try that email again for `blockMinutes`; the owner
//   signing in from another address is not affected;
// - failures per IP, whatever the email: a source spraying many accounts is
//   blocked for `blockMinutes`.
// The key is the email as typed (normalised), whether or not an account has
// it, so the throttle behaves the same for unknown emails and its answer
// says nothing about who has an account.
//
// Security-critical: an attempt is *reserved* before its password is checked
// (one atomic increment in memory or Redis), so parallel guesses cannot all
// count as "the first failure": at most `failuresPerAccountAndIp` passwords
// are ever evaluated per source and email per window. A right password ends
// the run (its pair key is forgotten, its IP point given back).
import { createHash } from "node:crypto";
import { config } from "@/lib/config";
import { createRateLimiter, type RateLimit, type RateLimiter, type RateLimitStore } from "@/lib/rate-limit/rate-limiter";
import { sharedRateLimiter } from "@/lib/rate-limit/shared-rate-limiter";

export type SignInLimits = { failuresPerAccountAndIp: number; failuresPerIp: number; blockMinutes: number };

/** This source has spent a budget: refused before any password is checked. */
export class SignInThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Sign-in throttled for ${retryAfterSeconds} s`);
  }
}

export type SignInSource = { email: string; ip?: string };

export type SignInThrottle = {
  /**
   * Reserves one attempt for this source before its password is checked.
   * `failures` is this attempt's number in the source's run for this email;
   * `last` says a failure now blocks the source. Throws SignInThrottled.
   */
  reserve(source: SignInSource): Promise<{ failures: number; last: boolean }>;
  /** The right password: the run of failures ends, and the attempt does not count against the IP. */
  succeeded(source: SignInSource): Promise<void>;
};

const budgets = (limits: SignInLimits): { pair: RateLimit; ip: RateLimit } => {
  const seconds = limits.blockMinutes * 60;
  return {
    pair: { points: limits.failuresPerAccountAndIp, durationSeconds: seconds, blockSeconds: seconds },
    ip: { points: limits.failuresPerIp, durationSeconds: seconds, blockSeconds: seconds },
  };
};

const refuse = ({ retryAfterSeconds }: { retryAfterSeconds: number }) => new SignInThrottled(retryAfterSeconds);

// The store sees a digest, not the email address.
const pairKey = ({ email, ip }: SignInSource) => createHash("sha256").update(`${email}\n${ip ?? "unknown"}`).digest("base64url");
const ipKey = ({ ip }: SignInSource) => ip ?? "unknown";

function throttleOf(pair: RateLimiter, perIp: RateLimiter): SignInThrottle {
  return {
    async reserve(source) {
      const { consumed } = await pair.consume(pairKey(source));
      try {
        await perIp.consume(ipKey(source));
      } catch (error) {
        await pair.refund(pairKey(source)); // not evaluated: not a failure for this email
        throw error;
      }
      return { failures: consumed, last: consumed >= pair.limit.points };
    },
    async succeeded(source) {
      await Promise.all([pair.reset(pairKey(source)), perIp.refund(ipKey(source))]);
    },
  };
}

/** A throttle with its own limits (tests, and any caller that must not share the portal's budgets). */
export function createSignInThrottle(options: { store: RateLimitStore; limits: SignInLimits; name?: string }): SignInThrottle {
  const { pair, ip } = budgets(options.limits);
  const name = options.name ?? "sign-in";
  return throttleOf(
    createRateLimiter({ store: options.store, name: `${name}:account-ip`, limit: pair, refuse }),
    createRateLimiter({ store: options.store, name: `${name}:ip`, limit: ip, refuse }),
  );
}

/** The portal's throttle, with the limits from lib/config. */
export async function sharedSignInThrottle(): Promise<SignInThrottle> {
  const { pair, ip } = budgets({
    failuresPerAccountAndIp: config.signInFailuresPerAccountAndIp,
    failuresPerIp: config.signInFailuresPerIp,
    blockMinutes: config.signInBlockMinutes,
  });
  const [pairLimiter, ipLimiter] = await Promise.all([
    sharedRateLimiter({ name: "sign-in:account-ip", limit: pair, refuse }),
    sharedRateLimiter({ name: "sign-in:ip", limit: ip, refuse }),
  ]);
  return throttleOf(pairLimiter, ipLimiter);
}
