// Server-side portal sessions: the cookie names a Session row, and the row
// decides. The sign-in and sign-out here run through next-auth itself with
// the portal's options, and the "who is signed in" read through withUser, the
// route handlers' one entry point.
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { loadSessionUser } from "@/lib/authz/load-session-user";
import { getDb } from "@/lib/db";
import type { PorticoError } from "@/lib/errors";
import { makeUser, TEST_PASSWORD } from "@/lib/testing/factories";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";
import { endSession } from "./end-session";
import { listSessions } from "./list-sessions";
import { authOptions } from "./options";
import { resolveSession, SESSION_TOUCH_INTERVAL_MS } from "./resolve-session";
import { json, withUser } from "./route-handler";
import { portalOrigin } from "./same-origin";
import { sessionCookieName } from "./session-cookie";
import { sessionSecret } from "./session-secret";
import { startSession } from "./start-session";

type Jar = Record<string, string>;

/**
 * One call to next-auth's handler with the portal's options, as Next.js makes
 * it for /api/auth/<action>; returns the status, the body and the cookies set.
 */
async function nextAuth(action: string[], options: { method: "GET" | "POST"; jar: Jar; body?: Record<string, string> }) {
  const headers: Record<string, string | string[]> = {};
  let status = 200;
  let body: unknown;
  const res = {
    status(code: number) {
      status = code;
      return res;
    },
    setHeader(name: string, value: string | string[]) {
      headers[name.toLowerCase()] = value;
      return res;
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
    end: () => undefined,
    json: (value: unknown) => void (body = value),
    send: (value: unknown) => void (body = value),
  };
  const req = {
    method: options.method,
    query: { nextauth: action },
    body: options.body ?? {},
    cookies: { ...options.jar },
    headers: { host: new URL(portalOrigin()).host, "user-agent": "vitest session test", "content-type": "application/x-www-form-urlencoded" },
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions);
  for (const line of [headers["set-cookie"] ?? []].flat()) {
    const [pair] = line.split(";");
    const at = pair!.indexOf("=");
    const name = pair!.slice(0, at);
    const value = decodeURIComponent(pair!.slice(at + 1));
    if (value === "") delete options.jar[name];
    else options.jar[name] = value;
  }
  return { status, body };
}

async function signIn(email: string, password: string) {
  const jar: Jar = {};
  const { body } = await nextAuth(["csrf"], { method: "GET", jar });
  const csrfToken = (body as { csrfToken: string }).csrfToken;
  await nextAuth(["callback", "credentials"], { method: "POST", jar, body: { csrfToken, email, password, json: "true" } });
  return { jar, csrfToken };
}

const whoAmI = withUser("any", async ({ user }) => json({ id: user.id, role: user.role }));
const callWithCookie = (cookie: string | undefined) =>
  whoAmI(new Request(`${portalOrigin()}/api/whoami`, { headers: cookie ? { cookie: `${sessionCookieName()}=${cookie}` } : {} }), { params: Promise.resolve({}) });

describe("portal sessions", () => {
  it("refuses a copied session cookie once its owner has signed out", async () => {
    const { user } = await makeUser();
    const { jar, csrfToken } = await signIn(user.email, TEST_PASSWORD);
    const copied = jar[sessionCookieName()];
    expect(copied).toBeTruthy();

    // The cookie carries the session's secret and nothing about the user.
    const claims = await decode({ token: copied!, secret: sessionSecret() });
    expect(Object.keys(claims!).sort()).toEqual(["exp", "iat", "jti", "sid"]);
    const row = await getDb().session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.secretHash).not.toContain(claims!.sid as string);
    expect(row.userAgent).toBe("vitest session test");

    const before = await callWithCookie(copied);
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ id: user.id, role: "developer" });

    await nextAuth(["signout"], { method: "POST", jar, body: { csrfToken, json: "true" } });
    expect(jar[sessionCookieName()]).toBeUndefined();

    const after = await callWithCookie(copied);
    expect(after.status).toBe(401);
    expect(after.headers.get("content-type")).toContain("application/problem+json");
    const ended = await getDb().session.findUniqueOrThrow({ where: { id: row.id } });
    expect(ended.revokedReason).toBe("sign_out");
    const audit = await getDb().auditEvent.findMany({ where: { targetId: row.id }, orderBy: { seq: "asc" }, select: { action: true, actorId: true } });
    expect(audit).toEqual([
      { action: "session.start", actorId: user.id },
      { action: "session.sign_out", actorId: user.id },
    ]);
    // Signing out again changes nothing and records nothing.
    expect(await endSession({ secret: claims!.sid as string })).toBe(false);
  });

  it("refuses a cookie that is not the portal's, and no cookie at all", async () => {
    expect((await callWithCookie(undefined)).status).toBe(401);
    expect((await callWithCookie("not-a-jwt")).status).toBe(401);
    // A well-formed cookie naming a session that does not exist.
    const { encode } = await import("next-auth/jwt");
    const forged = await encode({ token: { sid: "pps_no-such-session" }, secret: sessionSecret() });
    expect((await callWithCookie(forged)).status).toBe(401);
  });

  it("ends a session at its absolute lifetime however active it is, and activity never moves expiresAt", async () => {
    const { user } = await makeUser();
    const settings = await getBankSettings(getDb());
    const t0 = new Date("2030-01-01T08:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const { secret, sessionId, expiresAt } = await startSession({ user, now: t0 });
    expect(expiresAt).toEqual(at(settings.developerSessionLifetimeSeconds));

    // Active every half idle period, right up to the end.
    const step = Math.floor(settings.developerSessionIdleSeconds / 2);
    let t = 0;
    for (; t + step < settings.developerSessionLifetimeSeconds; t += step) {
      expect(await resolveSession({ secret, now: at(t + step) })).not.toBeNull();
    }
    const row = await getDb().session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.expiresAt).toEqual(expiresAt);
    expect(row.lastSeenAt).toEqual(at(t));
    expect(await resolveSession({ secret, now: at(settings.developerSessionLifetimeSeconds - 1) })).not.toBeNull();
    expect(await resolveSession({ secret, now: at(settings.developerSessionLifetimeSeconds) })).toBeNull();
    expect((await getDb().session.findUniqueOrThrow({ where: { id: sessionId } })).expiresAt).toEqual(expiresAt);
  });

  it("ends a session idle for longer than its timeout", async () => {
    const { user } = await makeUser();
    const { developerSessionIdleSeconds: idle } = await getBankSettings(getDb());
    const t0 = new Date("2030-01-02T08:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const kept = await startSession({ user, now: t0 });
    const left = await startSession({ user, now: t0 });
    expect(await resolveSession({ secret: kept.secret, now: at(idle) })).not.toBeNull();
    expect(await resolveSession({ secret: left.secret, now: at(idle + 1) })).toBeNull();
    // The one read at `idle` kept the other session alive for another period.
    expect(await resolveSession({ secret: kept.secret, now: at(2 * idle) })).not.toBeNull();
  });

  it("writes lastSeenAt at most once a minute", async () => {
    const { user } = await makeUser();
    const t0 = new Date("2030-01-03T08:00:00Z");
    const { secret, sessionId } = await startSession({ user, now: t0 });
    const lastSeen = async () => (await getDb().session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt;
    await resolveSession({ secret, now: new Date(t0.getTime() + SESSION_TOUCH_INTERVAL_MS - 1) });
    expect(await lastSeen()).toEqual(t0);
    const later = new Date(t0.getTime() + SESSION_TOUCH_INTERVAL_MS);
    await resolveSession({ secret, now: later });
    expect(await lastSeen()).toEqual(later);
  });

  it("gives staff shorter sessions than developers, from the bank's settings", async () => {
    const developer = await makeUser({ role: "developer" });
    const admin = await makeUser({ role: "admin" });
    const compliance = await makeUser({ role: "compliance" });
    const settings = await getBankSettings(getDb());
    expect(settings.staffSessionLifetimeSeconds).toBeLessThan(settings.developerSessionLifetimeSeconds);
    expect(settings.staffSessionIdleSeconds).toBeLessThan(settings.developerSessionIdleSeconds);
    const t0 = new Date("2030-01-04T08:00:00Z");
    for (const [who, lifetime, idle] of [
      [developer, settings.developerSessionLifetimeSeconds, settings.developerSessionIdleSeconds],
      [admin, settings.staffSessionLifetimeSeconds, settings.staffSessionIdleSeconds],
      [compliance, settings.staffSessionLifetimeSeconds, settings.staffSessionIdleSeconds],
    ] as const) {
      const { sessionId } = await startSession({ user: who.user, now: t0 });
      expect(await getDb().session.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({
        expiresAt: new Date(t0.getTime() + lifetime * 1000),
        idleTimeoutSeconds: idle,
      });
    }
  });

  it("validates the session settings", async () => {
    const admin = await makeUser({ role: "admin" });
    const codeOf = async (changes: Record<string, unknown>) =>
      updateBankSettings({ actor: admin.actor, unverifiedChanges: changes }).then(
        () => "ok",
        (error: PorticoError) => `${error.code} ${JSON.stringify(error.violations?.map((v) => v.pointer))}`,
      );
    expect(await codeOf({ developerSessionIdleSeconds: 13 * 3600 })).toBe('validation_failed ["/developerSessionIdleSeconds"]');
    expect(await codeOf({ staffSessionLifetimeSeconds: 13 * 3600 })).toBe('validation_failed ["/staffSessionLifetimeSeconds"]');
    expect(await codeOf({ staffSessionIdleSeconds: 2 * 3600 })).toBe('validation_failed ["/staffSessionIdleSeconds"]');
    expect(await codeOf({ developerSessionLifetimeSeconds: 60 })).toBe('validation_failed ["/developerSessionLifetimeSeconds"]');
    expect(await codeOf({ developerSessionLifetimeSeconds: 8 * 86_400 })).toBe('validation_failed ["/developerSessionLifetimeSeconds"]');
    expect((await getBankSettings(getDb())).staffSessionLifetimeSeconds).toBe(8 * 3600);
  });

  it("reads the user as loadSessionUser does, and re-reads the user's and organisation's status on every request", async () => {
    // resolveSession reads session, user and organisation in one hand-written
    // statement; the Prisma path (loadSessionUser) is the reference.
    const developer = await makeUser();
    const staff = await makeUser({ role: "compliance" });
    for (const { user } of [developer, staff]) {
      const session = await startSession({ user });
      const resolved = await resolveSession({ secret: session.secret });
      expect(resolved).toEqual({ sessionId: session.sessionId, user: await loadSessionUser(user.id) });
    }
    expect((await resolveSession({ secret: (await startSession({ user: developer.user })).secret }))?.user.organisationName).toMatch(/^Org /);
    expect((await resolveSession({ secret: (await startSession({ user: staff.user })).secret }))?.user).toMatchObject({ organisationId: null, organisationName: null });

    // Status flipped under a live session, without revoking it: the next read says nobody.
    const session = await startSession({ user: developer.user });
    await getDb().organisation.update({ where: { id: developer.user.organisationId! }, data: { status: "suspended" } });
    expect(await resolveSession({ secret: session.secret })).toBeNull();
    await getDb().organisation.update({ where: { id: developer.user.organisationId! }, data: { status: "active" } });
    expect(await resolveSession({ secret: session.secret })).not.toBeNull();
    await getDb().user.update({ where: { id: developer.user.id }, data: { status: "suspended" } });
    expect(await resolveSession({ secret: session.secret })).toBeNull();
  });

  it("lists a user's live sessions, without their secrets", async () => {
    const { user } = await makeUser();
    const other = await makeUser();
    const now = new Date();
    const live = await startSession({ user, userAgent: "Firefox", ip: "192.0.2.1", now });
    const signedOut = await startSession({ user, now });
    await endSession({ secret: signedOut.secret });
    await startSession({ user, now: new Date(now.getTime() - 13 * 3600 * 1000) }); // past its lifetime
    await startSession({ user, now: new Date(now.getTime() - 2 * 3600 * 1000) }); // idle too long
    await startSession({ user: other.user, now });
    const sessions = await listSessions({ userId: user.id, now });
    expect(sessions.map((s) => s.id)).toEqual([live.sessionId]);
    expect(sessions[0]).toMatchObject({ userAgent: "Firefox", ip: "192.0.2.1" });
    expect(Object.keys(sessions[0]!)).not.toContain("secretHash");
  });
});
