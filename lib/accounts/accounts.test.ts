import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser, TEST_PASSWORD } from "@/lib/testing/factories";
import { signUp } from "./sign-up";
import { LOCK_AFTER, verifyCredentials } from "./verify-credentials";
import { hashPassword, verifyPassword } from "./password";
import { loadSessionUser } from "@/lib/authz/load-session-user";

describe("passwords", () => {
  it("hashes with scrypt and verifies only the right password", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword("a long enough password", hash)).toBe(true);
    expect(await verifyPassword("a long enough passworD", hash)).toBe(false);
  });
});

describe("sign-up", () => {
  it("creates a developer in a new organisation and audits it", async () => {
    const email = `new-${Date.now()}@example.com`;
    const user = await signUp({ unverifiedInput: { name: "New Dev", email, organisation: `Org ${email}`, password: "twelve chars!" } });
    expect(user.role).toBe("developer");
    const audit = await getDb().auditEvent.findFirst({ where: { action: "user.sign_up", targetId: user.id } });
    expect(audit?.actorLabel).toBe(email);
  });

  it("never creates admins or compliance staff, whatever the body says", async () => {
    const email = `sneaky-${Date.now()}@example.com`;
    const user = await signUp({ unverifiedInput: { name: "S", email, organisation: `Org ${email}`, password: "twelve chars!", role: "admin" } });
    expect(user.role).toBe("developer");
  });

  it("refuses weak passwords, bad emails and taken organisations with field errors", async () => {
    await expect(signUp({ unverifiedInput: { name: "x", email: "x@example.com", organisation: "Org", password: "short" } })).rejects.toMatchObject({
      code: "validation_failed",
      violations: [{ pointer: "/password" }],
    });
    await expect(signUp({ unverifiedInput: { name: "x", email: "not-an-email", organisation: "Org", password: "twelve chars!" } })).rejects.toMatchObject({
      violations: [{ pointer: "/email" }],
    });
    const org = `Taken ${Date.now()}`;
    await signUp({ unverifiedInput: { name: "a", email: `a${Date.now()}@example.com`, organisation: org, password: "twelve chars!" } });
    await expect(signUp({ unverifiedInput: { name: "b", email: `b${Date.now()}@example.com`, organisation: org, password: "twelve chars!" } })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("sign-in", () => {
  it("locks the account after repeated failures, even for the right password", async () => {
    const { user } = await makeUser();
    for (let i = 1; i < LOCK_AFTER; i++) {
      expect(await verifyCredentials({ email: user.email, password: "wrong password" })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await verifyCredentials({ email: user.email, password: "wrong password" })).toEqual({ ok: false, reason: "locked" });
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "locked" });
    expect(await getDb().auditEvent.count({ where: { action: "user.lock", targetId: user.id } })).toBe(1);
  }, 240_000); // seven scrypt verifications: minutes on a loaded machine

  it("holds the lock under parallel guesses: at most LOCK_AFTER passwords are evaluated, then even the right one is refused", async () => {
    const { user } = await makeUser();
    // 20 wrong passwords at once: each must reserve its attempt before the
    // password is checked, so only LOCK_AFTER of them are ever evaluated.
    const results = await Promise.all(Array.from({ length: 20 }, () => verifyCredentials({ email: user.email, password: "wrong password" })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBeGreaterThanOrEqual(20 - LOCK_AFTER + 1);
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "locked" });

    // Every evaluated guess leaves exactly one record: sign_in_failed, or
    // user.lock for the one that reached the limit.
    const db = getDb();
    const evaluated = await db.auditEvent.count({ where: { targetId: user.id, action: { in: ["user.sign_in_failed", "user.lock"] } } });
    expect(evaluated).toBeLessThanOrEqual(LOCK_AFTER);
    expect(await db.auditEvent.count({ where: { action: "user.lock", targetId: user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "user.sign_in", targetId: user.id } })).toBe(0);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  }, 60_000);

  it("lets the right password in after an expired lock, and a success resets the count", async () => {
    const { user } = await makeUser();
    const db = getDb();
    for (let i = 0; i < LOCK_AFTER; i++) await verifyCredentials({ email: user.email, password: "wrong password" });
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "locked" });
    // The lock window passes (moved back in the database, not waited for).
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).ok).toBe(true);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    // A fresh window: LOCK_AFTER - 1 failures do not lock.
    for (let i = 1; i < LOCK_AFTER; i++) expect(await verifyCredentials({ email: user.email, password: "wrong password" })).toEqual({ ok: false, reason: "invalid" });
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).ok).toBe(true);
  }, 60_000);

  it("ends the session of a suspended user at the next request", async () => {
    const { user } = await makeUser();
    const ok = await verifyCredentials({ email: user.email, password: TEST_PASSWORD });
    expect(ok.ok).toBe(true);
    expect(await loadSessionUser(user.id)).not.toBeNull();
    await getDb().user.update({ where: { id: user.id }, data: { status: "suspended" } });
    expect(await loadSessionUser(user.id)).toBeNull();
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "suspended" });
  });
});
