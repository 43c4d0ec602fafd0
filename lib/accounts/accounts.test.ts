import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { createRateLimiter, openRateLimitStore, type RateLimitStore } from "@/lib/rate-limit/rate-limiter";
import { makeUser, TEST_PASSWORD, testSignUpLimiter } from "@/lib/testing/factories";
import { SIGN_UP_RECEIVED, signUp, signUpBudget } from "./sign-up";
import { createSignInThrottle, type SignInLimits } from "./sign-in-throttle";
import { verifyCredentials } from "./verify-credentials";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import { loadSessionUser } from "@/lib/authz/load-session-user";

// Rate limits count in Redis when REDIS_URL is set (as on a scaled-out
// portal), in memory otherwise. Each test sets the limits it needs, under a
// name of its own, and signs in from addresses of its own.
let store: RateLimitStore;
beforeAll(async () => void (store = await openRateLimitStore({ redisUrl: process.env.REDIS_URL })));
afterAll(async () => store.close());

const unique = () => randomBytes(5).toString("hex");
const anIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique()}`;
const throttle = (limits: Partial<SignInLimits> = {}) =>
  createSignInThrottle({ store, name: `sign-in-test-${unique()}`, limits: { failuresPerAccountAndIp: 5, failuresPerIp: 100, blockMinutes: 15, ...limits } });

/** verifyPassword, counting the stored hashes it is asked to compare against. */
function countingCheck() {
  const hashes: string[] = [];
  return {
    hashes,
    check: async (password: string, stored: string) => {
      hashes.push(stored);
      return verifyPassword(password, stored);
    },
  };
}

describe("passwords", () => {
  it("hashes with scrypt and verifies only the right password", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword("a long enough password", hash)).toBe(true);
    expect(await verifyPassword("a long enough passworD", hash)).toBe(false);
  });

  it("compares unknown emails against a dummy hash of the same cost as a real one", async () => {
    const cost = (hash: string) => hash.split("$").slice(0, 4).join("$");
    expect(cost(await dummyPasswordHash())).toBe(cost(await hashPassword("any password at all")));
  });
});

describe("sign-up", () => {
  it("creates a developer in a new organisation and audits it", async () => {
    const email = `new-${unique()}@example.com`;
    await signUp({ unverifiedInput: { name: "New Dev", email, organisation: `Org ${email}`, password: "twelve chars!" }, limiter: testSignUpLimiter() });
    const user = await getDb().user.findUniqueOrThrow({ where: { email } });
    expect(user.role).toBe("developer");
    const audit = await getDb().auditEvent.findFirst({ where: { action: "user.sign_up", targetId: user.id } });
    expect(audit?.actorLabel).toBe(email);
  });

  it("never creates admins or compliance staff, whatever the body says", async () => {
    const email = `sneaky-${unique()}@example.com`;
    await signUp({ unverifiedInput: { name: "S", email, organisation: `Org ${email}`, password: "twelve chars!", role: "admin" }, limiter: testSignUpLimiter() });
    expect((await getDb().user.findUniqueOrThrow({ where: { email } })).role).toBe("developer");
  });

  it("refuses weak passwords, bad emails and taken organisations with field errors", async () => {
    const limiter = testSignUpLimiter();
    await expect(signUp({ unverifiedInput: { name: "x", email: "x@example.com", organisation: "Org", password: "short" }, limiter })).rejects.toMatchObject({
      code: "validation_failed",
      violations: [{ pointer: "/password" }],
    });
    await expect(signUp({ unverifiedInput: { name: "x", email: "not-an-email", organisation: "Org", password: "twelve chars!" }, limiter })).rejects.toMatchObject({
      violations: [{ pointer: "/email" }],
    });
    const org = `Taken ${unique()}`;
    await signUp({ unverifiedInput: { name: "a", email: `a${unique()}@example.com`, organisation: org, password: "twelve chars!" }, limiter });
    await expect(signUp({ unverifiedInput: { name: "b", email: `b${unique()}@example.com`, organisation: org, password: "twelve chars!" }, limiter })).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers a taken email exactly like a new one, creates nothing for it, audits it and tells the owner", async () => {
    const limiter = testSignUpLimiter();
    const { user: owner } = await makeUser();
    const fresh = await signUp({ unverifiedInput: { name: "Fresh", email: `fresh-${unique()}@example.com`, organisation: `Fresh ${unique()}`, password: "twelve chars!" }, limiter });
    const takenOrg = `Would-be ${unique()}`;
    const taken = await signUp({ unverifiedInput: { name: "Impostor", email: owner.email.toUpperCase(), organisation: takenOrg, password: "twelve chars!" }, limiter });
    // The whole answer the route sends (201 + this body) is the same.
    expect(taken).toEqual(fresh);
    expect(taken).toEqual({ message: SIGN_UP_RECEIVED });

    const db = getDb();
    expect(await db.organisation.count({ where: { name: takenOrg } })).toBe(0);
    expect(await db.user.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ name: owner.name, passwordHash: owner.passwordHash });
    expect(await db.auditEvent.count({ where: { action: "user.sign_up_existing", targetId: owner.id } })).toBe(1);
    expect(await db.notification.count({ where: { userId: owner.id } })).toBe(1);
  });

  it("limits sign-ups per source address: every attempt counts, then 429 with Retry-After; other addresses are unaffected", async () => {
    const limiter = createRateLimiter({ store, ...signUpBudget(2), name: `sign-up-test-${unique()}` });
    const [attacker, other] = [anIp(), anIp()];
    const input = (email: string) => ({ name: "n", email, organisation: `Org ${unique()}`, password: "twelve chars!" });
    for (let i = 0; i < 2; i++) {
      await expect(signUp({ unverifiedInput: input("not-an-email"), ip: attacker, limiter })).rejects.toMatchObject({ code: "validation_failed" });
    }
    const email = `limited-${unique()}@example.com`;
    const refused = await signUp({ unverifiedInput: input(email), ip: attacker, limiter }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429, message: expect.stringMatching(/^Too many sign-ups from your network; retry in \d+ minutes$/), headers: { "retry-after": expect.stringMatching(/^\d+$/) } });
    expect(await getDb().user.count({ where: { email } })).toBe(0);
    await expect(signUp({ unverifiedInput: input("not-an-email"), ip: other, limiter })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("sign-in", () => {
  it("blocks the source after repeated failures, not the account: the owner still gets in from another address", async () => {
    const { user } = await makeUser();
    const limits = throttle({ failuresPerAccountAndIp: 3 });
    const [attacker, owner] = [anIp(), anIp()];
    for (let i = 0; i < 3; i++) {
      expect(await verifyCredentials({ email: user.email, password: "wrong password", ip: attacker, throttle: limits })).toEqual({ ok: false, reason: "invalid" });
    }
    // The attacker is blocked, even with the right password…
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip: attacker, throttle: limits })).toEqual({
      ok: false,
      reason: "throttled",
      retryAfterSeconds: expect.any(Number),
    });
    // …the owner is not.
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip: owner, throttle: limits })).ok).toBe(true);
    const db = getDb();
    expect(await db.auditEvent.count({ where: { action: "user.sign_in_failed", targetId: user.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { action: "user.sign_in_blocked", targetId: user.id } })).toBe(1);
  }, 240_000); // five scrypt verifications: minutes on a loaded machine

  it("holds under parallel guesses: at most the budget of passwords is evaluated, then even the right one is refused from that source", async () => {
    const { user } = await makeUser();
    const limits = throttle({ failuresPerAccountAndIp: 5 });
    const attacker = anIp();
    const counted = countingCheck();
    // 20 wrong passwords at once: each must reserve its attempt before the
    // password is checked, so only 5 of them are ever evaluated.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => verifyCredentials({ email: user.email, password: "wrong password", ip: attacker, throttle: limits, checkPassword: counted.check })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(counted.hashes.length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled").length).toBeGreaterThanOrEqual(15);
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip: attacker, throttle: limits, checkPassword: counted.check })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    expect(counted.hashes.length).toBeLessThanOrEqual(5);

    // Every evaluated guess leaves exactly one record: sign_in_failed, or
    // sign_in_blocked for the one that spent the budget.
    const db = getDb();
    const evaluated = await db.auditEvent.count({ where: { targetId: user.id, action: { in: ["user.sign_in_failed", "user.sign_in_blocked"] } } });
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(await db.auditEvent.count({ where: { action: "user.sign_in_blocked", targetId: user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "user.sign_in", targetId: user.id } })).toBe(0);

    // The account itself is not locked.
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip: anIp(), throttle: limits })).ok).toBe(true);
  }, 240_000);

  it("blocks an address that sprays many accounts, whatever the email, and only that address", async () => {
    const limits = throttle({ failuresPerAccountAndIp: 5, failuresPerIp: 2 });
    const [sprayer, other] = [anIp(), anIp()];
    const email = () => `nobody-${unique()}@example.com`;
    for (let i = 0; i < 2; i++) expect(await verifyCredentials({ email: email(), password: "guess", ip: sprayer, throttle: limits })).toEqual({ ok: false, reason: "invalid" });
    const target = email();
    expect(await verifyCredentials({ email: target, password: "guess", ip: sprayer, throttle: limits })).toMatchObject({ ok: false, reason: "throttled" });
    expect(await verifyCredentials({ email: target, password: "guess", ip: other, throttle: limits })).toEqual({ ok: false, reason: "invalid" });
  }, 240_000);

  it("ends a run of failures with the right password", async () => {
    const { user } = await makeUser();
    const limits = throttle({ failuresPerAccountAndIp: 2 });
    const ip = anIp();
    expect(await verifyCredentials({ email: user.email, password: "wrong password", ip, throttle: limits })).toEqual({ ok: false, reason: "invalid" });
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip, throttle: limits })).ok).toBe(true);
    // A fresh run: one failure again does not block.
    expect(await verifyCredentials({ email: user.email, password: "wrong password", ip, throttle: limits })).toEqual({ ok: false, reason: "invalid" });
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip, throttle: limits })).ok).toBe(true);
  }, 240_000);

  it("treats an unknown email like a known one: one scrypt comparison, the same answers, the same throttling", async () => {
    const { user } = await makeUser();
    const limits = throttle({ failuresPerAccountAndIp: 1 });
    const ip = anIp();
    const unknownEmail = `nobody-${unique()}@example.com`;
    const answers = async (email: string) => {
      const counted = countingCheck();
      const first = await verifyCredentials({ email, password: "wrong password", ip, throttle: limits, checkPassword: counted.check });
      const second = await verifyCredentials({ email, password: "wrong password", ip, throttle: limits, checkPassword: counted.check });
      return { first, second, hashes: counted.hashes };
    };
    const known = await answers(user.email);
    const unknown = await answers(unknownEmail);
    // The KDF runs once per evaluated attempt on both paths: the known one against
    // the user's hash, the unknown one against the dummy hash.
    expect(known.hashes).toEqual([user.passwordHash]);
    expect(unknown.hashes).toEqual([await dummyPasswordHash()]);
    // The same answers, the throttled one included: it names no account.
    expect(unknown.first).toEqual(known.first);
    expect(unknown.second).toMatchObject({ ok: false, reason: "throttled" });
    expect(known.second).toMatchObject({ ok: false, reason: "throttled" });
    expect(Object.keys(unknown.second).sort()).toEqual(Object.keys(known.second).sort());
  }, 240_000);

  it("ends the session of a suspended user at the next request", async () => {
    const { user } = await makeUser();
    const limits = throttle();
    const ok = await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip: anIp(), throttle: limits });
    expect(ok.ok).toBe(true);
    expect(await loadSessionUser(user.id)).not.toBeNull();
    await getDb().user.update({ where: { id: user.id }, data: { status: "suspended" } });
    expect(await loadSessionUser(user.id)).toBeNull();
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD, ip: anIp(), throttle: limits })).toEqual({ ok: false, reason: "suspended" });
  });
});
