// Portal sign-in (developers and staff alike). Failed attempts slow down and
// then lock the account: after LOCK_AFTER consecutive failures the account is
// locked for LOCK_MINUTES, whatever password is offered. Unknown emails cost
// the same time as known ones so sign-in does not reveal who has an account.
//
// Security-critical: an attempt is *reserved* in the database before its
// password is checked — one conditional UPDATE that increments the counter
// only while it is below LOCK_AFTER and the account is not locked, so the
// database, not a read-then-write in this process, decides. Parallel guesses
// therefore cannot all count as "the first failure": at most LOCK_AFTER
// passwords are ever evaluated per lock window, on SQLite and PostgreSQL
// alike. The reservation that reaches the limit sets the lock in the same
// transaction (with its audit record); only the right password, checked
// under a reservation taken before the lock, clears it.
import { setTimeout as sleep } from "node:timers/promises";
import { getDb } from "@/lib/db";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Role } from "@/lib/authz/actor";
import { dummyPasswordHash, verifyPassword } from "./password";

export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; organisationId: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid" | "locked" | "suspended" };

/** Delay before answering a failed attempt: 0.25 s, 0.5 s, 1 s, 2 s… capped at 4 s. */
export const failureDelayMs = (failures: number) => Math.min(4000, 250 * 2 ** Math.max(0, failures - 1));

export async function verifyCredentials(options: { email: string; password: string; ip?: string }): Promise<SignInResult> {
  const db = getDb();
  const email = options.email.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email }, include: { organisation: { select: { status: true } } } });
  if (!user) {
    await verifyPassword(options.password, await dummyPasswordHash());
    await sleep(failureDelayMs(1));
    return { ok: false, reason: "invalid" };
  }
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked" };
  const actor = { kind: "user" as const, id: user.id, role: user.role, organisationId: user.organisationId, label: user.email, ip: options.ip };

  // Reserve this attempt (see the top of the file). `failures` is this
  // attempt's number in the window, read under the row's write lock.
  const reservation = await auditedChange({
    roles: "anyone",
    change: async (tx) => {
      const { count } = await tx.user.updateMany({
        where: { id: user.id, failedSignIns: { lt: LOCK_AFTER }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
        data: { failedSignIns: { increment: 1 } },
      });
      if (count === 0) return { result: null, audit: [] };
      const { failedSignIns: failures } = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedSignIns: true } });
      if (failures < LOCK_AFTER) return { result: { failures, locked: false }, audit: [] };
      // The LOCK_AFTER-th reservation locks now, before its password is even
      // checked, so every later attempt is refused at the reservation above.
      await tx.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) } });
      return {
        result: { failures, locked: true },
        audit: [{ actor, action: "user.lock", targetId: user.id, details: { minutes: LOCK_MINUTES, failures } }],
      };
    },
  });
  if (!reservation) return { ok: false, reason: "locked" };

  const valid = await verifyPassword(options.password, user.passwordHash);
  if (!valid) {
    // The locking attempt is already on record as user.lock.
    if (!reservation.locked) {
      await auditedChange({
        roles: "anyone",
        change: async () => ({ result: undefined, audit: [{ actor, action: "user.sign_in_failed", targetId: user.id, details: { failures: reservation.failures } }] }),
      });
    }
    await sleep(failureDelayMs(reservation.failures));
    return { ok: false, reason: reservation.locked ? "locked" : "invalid" };
  }
  if (user.status !== "active" || user.organisation?.status === "suspended") return { ok: false, reason: "suspended" };

  // The right password ends the run of failures (and a lock this attempt's own
  // reservation may have set: it was taken before the lock).
  await auditedChange({
    roles: "anyone",
    change: async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: now } });
      return { result: undefined, audit: [{ actor, action: "user.sign_in", targetId: user.id }] };
    },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, organisationId: user.organisationId, sessionVersion: user.sessionVersion },
  };
}
