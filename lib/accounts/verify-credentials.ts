// Portal sign-in (developers and staff alike). Failed attempts slow down and
// then block their *source* (sign-in-throttle.ts: per email and IP, and per
// IP), never the account: whoever knows a victim's email cannot lock the
// victim out, and the owner signing in from elsewhere still gets in.
// Unknown emails take the same path and the same time as known ones — the
// same throttle, one scrypt comparison (against a dummy hash of the same
// cost), the same delay and the same answers — so sign-in does not reveal
// who has an account.
import { setTimeout as sleep } from "node:timers/promises";
import { getDb } from "@/lib/db";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Role } from "@/lib/authz/actor";
import { dummyPasswordHash, verifyPassword } from "./password";
import { sharedSignInThrottle, SignInThrottled, type SignInThrottle } from "./sign-in-throttle";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; organisationId: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "suspended" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** Delay before answering a failed attempt: 0.25 s, 0.5 s, 1 s, 2 s… capped at 4 s. */
export const failureDelayMs = (failures: number) => Math.min(4000, 250 * 2 ** Math.max(0, failures - 1));

export async function verifyCredentials(options: {
  email: string;
  password: string;
  ip?: string;
  /** Default: the portal's throttle, limits from lib/config. */
  throttle?: SignInThrottle;
  /** Default: verifyPassword (scrypt). Both paths, known and unknown email, call it exactly once. */
  checkPassword?: (password: string, storedHash: string) => Promise<boolean>;
}): Promise<SignInResult> {
  const db = getDb();
  const email = options.email.trim().toLowerCase();
  const source = { email, ip: options.ip };
  const throttle = options.throttle ?? (await sharedSignInThrottle());
  const checkPassword = options.checkPassword ?? verifyPassword;

  let attempt: { failures: number; last: boolean };
  try {
    attempt = await throttle.reserve(source);
  } catch (error) {
    if (error instanceof SignInThrottled) return { ok: false, reason: "throttled", retryAfterSeconds: error.retryAfterSeconds };
    throw error;
  }

  const user = await db.user.findUnique({ where: { email }, include: { organisation: { select: { status: true } } } });
  const valid = await checkPassword(options.password, user?.passwordHash ?? (await dummyPasswordHash()));
  const actor = user && { kind: "user" as const, id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip: options.ip };

  if (!user || !actor || !valid) {
    if (actor) {
      // The attempt that spends the source's budget is on record as the block.
      await auditedChange({
        roles: "anyone",
        change: async () => ({
          result: undefined,
          audit: [
            attempt.last
              ? { actor, action: "user.sign_in_blocked" as const, targetId: actor.id, details: { failures: attempt.failures, ip: options.ip ?? null } }
              : { actor, action: "user.sign_in_failed" as const, targetId: actor.id, details: { failures: attempt.failures } },
          ],
        }),
      });
    }
    await sleep(failureDelayMs(attempt.failures));
    return { ok: false, reason: "invalid" };
  }

  await throttle.succeeded(source);
  if (user.status !== "active" || user.organisation?.status === "suspended") return { ok: false, reason: "suspended" };

  await auditedChange({
    roles: "anyone",
    change: async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
      return { result: undefined, audit: [{ actor, action: "user.sign_in", targetId: user.id }] };
    },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId, sessionVersion: user.sessionVersion },
  };
}
