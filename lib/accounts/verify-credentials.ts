// Portal sign-in. Failed attempts slow down and then lock the account:
// after LOCK_AFTER consecutive failures the account is locked for
// LOCK_MINUTES, whatever password is offered. Unknown emails cost the same
// time as known ones so sign-in does not reveal who has an account.
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

  const valid = await verifyPassword(options.password, user.passwordHash);
  const actor = { kind: "user" as const, id: user.id, role: user.role as Role, organisationId: user.organisationId, label: user.email, ip: options.ip };
  if (!valid) {
    const failures = user.failedSignIns + 1;
    const lock = failures >= LOCK_AFTER;
    await auditedChange({
      roles: "anyone",
      change: async (tx) => {
        await tx.user.update({
          where: { id: user.id },
          data: { failedSignIns: lock ? 0 : failures, lockedUntil: lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null },
        });
        return {
          result: undefined,
          audit: [{ actor, action: lock ? "user.lock" : "user.sign_in_failed", targetId: user.id, details: lock ? { minutes: LOCK_MINUTES, failures } : { failures } }],
        };
      },
    });
    await sleep(failureDelayMs(failures));
    return { ok: false, reason: lock ? "locked" : "invalid" };
  }
  if (user.status !== "active" || user.organisation?.status === "suspended") return { ok: false, reason: "suspended" };

  await auditedChange({
    roles: "anyone",
    change: async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: now } });
      return { result: undefined, audit: [{ actor, action: "user.sign_in", targetId: user.id }] };
    },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role as Role, organisationId: user.organisationId, sessionVersion: user.sessionVersion },
  };
}
