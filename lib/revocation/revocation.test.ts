import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { onChange, type ChangeEvent } from "@/lib/broadcast/change-bus";
import { resolveSession } from "@/lib/auth/resolve-session";
import { startSession } from "@/lib/auth/start-session";
import { makeUser } from "@/lib/testing/factories";
import { makeAccessToken, makeApprovedApp, makeCertificate } from "@/lib/testing/compliance-fixtures";
import { PorticoError } from "@/lib/errors";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { revokeToken } from "./revoke-token";
import { revokeAppTokens } from "./revoke-app-tokens";
import { suspendApp } from "./suspend-app";
import { approveAppReinstatement } from "./approve-app-reinstatement";
import { revokeCertificate } from "./revoke-certificate";
import { removeAppApi } from "./remove-app-api";
import { suspendDeveloper } from "./suspend-developer";
import { suspendOrganisation } from "./suspend-organisation";
import { reinstateDeveloper } from "./reinstate-developer";
import { reinstateOrganisation } from "./reinstate-organisation";

const REASON = "Traffic pattern matches credential stuffing";
let events: ChangeEvent[] = [];
let stop: () => void;
beforeEach(() => {
  events = [];
  stop = onChange((e) => events.push(e));
});
afterEach(() => stop());

async function setup() {
  const developer = await makeUser({ role: "developer" });
  const compliance = await makeUser({ role: "compliance" });
  const admin = await makeUser({ role: "admin" });
  const { app, version } = await makeApprovedApp({ organisationId: developer.user.organisationId!, ownerId: developer.user.id });
  return { developer, compliance, admin, app, version };
}

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "ok";
  } catch (e) {
    if (e instanceof PorticoError) return e.code;
    throw e;
  }
}

const auditFor = (targetId: string, action: string) => getDb().auditEvent.findMany({ where: { targetId, action } });

describe("revocation", () => {
  it("revokes one token with a reason, audits it and publishes its hash after commit", async () => {
    const { compliance, app } = await setup();
    const { token, row } = await makeAccessToken(app.id);
    const other = await makeAccessToken(app.id);
    const db = getDb();
    // What the row looked like when the event went out: read from another
    // connection at that moment, so an event sent before the commit would see it unrevoked.
    const seenAtPublish: Promise<Date | null>[] = [];
    const stopWatching = onChange((e) => {
      if (e.kind === "token") seenAtPublish.push(db.accessToken.findUniqueOrThrow({ where: { id: row.id } }).then((t) => t.revokedAt));
    });
    try {
      await revokeToken({ actor: compliance.actor, tokenId: row.id, unverifiedReason: REASON });
    } finally {
      stopWatching();
    }
    // The event names the token by the SHA-256 of the value the client holds, never the value itself.
    const published = events.filter((e) => e.kind === "token");
    expect(published).toEqual([{ kind: "token", tokenHash: hashOpaqueSecret(token) }]);
    expect(JSON.stringify(events)).not.toContain(token);
    expect(await Promise.all(seenAtPublish)).toEqual([expect.any(Date)]);
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: other.row.id } })).revokedAt).toBeNull();
    const [audit] = await auditFor(row.id, "token.revoke");
    expect(audit).toMatchObject({ actorId: compliance.user.id, actorRole: "compliance", reason: REASON, sourceIp: "127.0.0.1" });
    expect(JSON.stringify(audit!.details)).not.toContain(row.tokenHash);
    expect(events).toContainEqual({ kind: "token", tokenHash: row.tokenHash });
  });

  it("requires a reason and the compliance role; admins and developers may not revoke", async () => {
    const { compliance, admin, developer, app } = await setup();
    const { row } = await makeAccessToken(app.id);
    expect(await codeOf(revokeToken({ actor: compliance.actor, tokenId: row.id, unverifiedReason: "" }))).toBe("validation_failed");
    expect(await codeOf(revokeToken({ actor: compliance.actor, tokenId: row.id, unverifiedReason: "   no " }))).toBe("validation_failed");
    expect(await codeOf(revokeToken({ actor: admin.actor, tokenId: row.id, unverifiedReason: REASON }))).toBe("forbidden");
    expect(await codeOf(suspendApp({ actor: developer.actor, appId: app.id, unverifiedReason: REASON }))).toBe("forbidden");
    expect(await codeOf(revokeToken({ actor: compliance.actor, tokenId: "nope", unverifiedReason: REASON }))).toBe("not_found");
    expect((await getDb().accessToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).toBeNull();
    // Nothing about this app or token was announced. (With Redis, the bus also
    // carries other test workers' events, so the check names its own.)
    expect(events.filter((e) => ("appId" in e && e.appId === app.id) || ("tokenHash" in e && e.tokenHash === row.tokenHash))).toEqual([]);
  });

  it("revokes every live token of an app but leaves the app approved", async () => {
    const { compliance, app } = await setup();
    const a = await makeAccessToken(app.id);
    const b = await makeAccessToken(app.id);
    const result = await revokeAppTokens({ actor: compliance.actor, appId: app.id, unverifiedReason: REASON });
    expect(result.revoked).toBe(2);
    const live = await getDb().accessToken.count({ where: { appId: app.id, revokedAt: null } });
    expect(live).toBe(0);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("approved");
    expect(events).toEqual(expect.arrayContaining([{ kind: "app", appId: app.id }, { kind: "token", tokenHash: a.row.tokenHash }, { kind: "token", tokenHash: b.row.tokenHash }]));
    expect(await auditFor(app.id, "token.revoke_all")).toHaveLength(1);
  });

  it("suspends an app and reinstates it only after an admin and a compliance officer both approve", async () => {
    const { compliance, admin, app } = await setup();
    const { row } = await makeAccessToken(app.id);
    await suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: REASON });
    const db = getDb();
    const suspended = await db.app.findUniqueOrThrow({ where: { id: app.id } });
    expect(suspended).toMatchObject({ status: "suspended", suspendedReason: REASON });
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect(events).toContainEqual({ kind: "app", appId: app.id });
    expect(await codeOf(suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: REASON }))).toBe("conflict");

    const first = await approveAppReinstatement({ actor: admin.actor, appId: app.id, unverifiedReason: "Customer confirmed the keys were rotated" });
    expect(first).toMatchObject({ reinstated: false, status: "suspended" });
    // The same role twice is not two parties.
    const secondAdmin = await makeUser({ role: "admin" });
    expect(await codeOf(approveAppReinstatement({ actor: secondAdmin.actor, appId: app.id, unverifiedReason: "Looks fine to me too" }))).toBe("conflict");
    expect((await db.app.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("suspended");

    events = [];
    const second = await approveAppReinstatement({ actor: compliance.actor, appId: app.id, unverifiedReason: "Reviewed the incident report" });
    expect(second).toMatchObject({ reinstated: true, status: "approved" });
    expect(await db.app.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({ status: "approved", suspendedReason: null });
    expect(events).toContainEqual({ kind: "app", appId: app.id });
    // Reinstatement does not revive the token revoked at suspension.
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect(await auditFor(app.id, "app.reinstate")).toHaveLength(1);
  });

  it("approvals given before a new suspension do not count for it", async () => {
    const { compliance, admin, app } = await setup();
    await suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: REASON });
    await approveAppReinstatement({ actor: admin.actor, appId: app.id, unverifiedReason: "First approval here" });
    await approveAppReinstatement({ actor: compliance.actor, appId: app.id, unverifiedReason: "Second approval here" });
    await suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: "Misuse again, suspending" });
    const result = await approveAppReinstatement({ actor: compliance.actor, appId: app.id, unverifiedReason: "Only one party so far" });
    expect(result.reinstated).toBe(false);
  });

  it("revokes a client certificate and the tokens bound to it", async () => {
    const { compliance, app } = await setup();
    const cert = await makeCertificate(app.id);
    const bound = await makeAccessToken(app.id, { certThumbprint: cert.thumbprint });
    const unbound = await makeAccessToken(app.id);
    const result = await revokeCertificate({ actor: compliance.actor, certificateId: cert.id, unverifiedReason: REASON });
    expect(result.tokensRevoked).toBe(1);
    const db = getDb();
    expect((await db.clientCertificate.findUniqueOrThrow({ where: { id: cert.id } })).revokedAt).not.toBeNull();
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: bound.row.id } })).revokedAt).not.toBeNull();
    expect((await db.accessToken.findUniqueOrThrow({ where: { id: unbound.row.id } })).revokedAt).toBeNull();
    expect(events).toEqual(expect.arrayContaining([{ kind: "app", appId: app.id }, { kind: "token", tokenHash: bound.row.tokenHash }]));
    expect(await auditFor(cert.id, "certificate.revoke")).toHaveLength(1);
  });

  it("removes one API from an app's grant", async () => {
    const { compliance, app, version } = await setup();
    await removeAppApi({ actor: compliance.actor, appId: app.id, apiVersionId: version.id, unverifiedReason: REASON });
    expect(await getDb().appApi.count({ where: { appId: app.id } })).toBe(0);
    expect(events).toContainEqual({ kind: "app", appId: app.id });
    expect(await codeOf(removeAppApi({ actor: compliance.actor, appId: app.id, apiVersionId: version.id, unverifiedReason: REASON }))).toBe("not_found");
  });

  it("suspends a developer: sessions end, their apps are suspended", async () => {
    const { compliance, developer, app } = await setup();
    const { row } = await makeAccessToken(app.id);
    const laptop = await startSession({ user: developer.user });
    const phone = await startSession({ user: developer.user });
    expect(await resolveSession({ secret: laptop.secret })).not.toBeNull();
    const result = await suspendDeveloper({ actor: compliance.actor, userId: developer.user.id, unverifiedReason: REASON });
    expect(result.appsSuspended).toBe(1);
    expect(await resolveSession({ secret: laptop.secret })).toBeNull();
    expect(await resolveSession({ secret: phone.secret })).toBeNull();
    expect(await getDb().session.findMany({ where: { userId: developer.user.id }, select: { revokedReason: true } })).toEqual([
      { revokedReason: "user_suspended" },
      { revokedReason: "user_suspended" },
    ]);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("suspended");
    expect((await getDb().accessToken.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
    expect(events).toContainEqual({ kind: "app", appId: app.id });
    expect(await auditFor(developer.user.id, "user.suspend")).toHaveLength(1);
    // Lifting the person does not lift their apps: those need two parties.
    await reinstateDeveloper({ actor: compliance.actor, userId: developer.user.id, unverifiedReason: "Identity re-verified" });
    // The old sessions stay ended; a new sign-in works.
    expect(await resolveSession({ secret: laptop.secret })).toBeNull();
    expect(await resolveSession({ secret: (await startSession({ user: developer.user })).secret })).not.toBeNull();
    expect((await getDb().app.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("suspended");
    expect(await codeOf(reinstateDeveloper({ actor: compliance.actor, userId: developer.user.id, unverifiedReason: "Identity re-verified" }))).toBe("conflict");
    // Staff accounts are not "developers" here.
    expect(await codeOf(suspendDeveloper({ actor: compliance.actor, userId: compliance.user.id, unverifiedReason: REASON }))).toBe("not_found");
  });

  it("suspends an organisation: its users' sessions and all its apps", async () => {
    const { compliance, developer, app } = await setup();
    const colleague = await makeUser({ role: "developer", organisationId: developer.user.organisationId });
    const orgId = developer.user.organisationId!;
    const colleagueSession = await startSession({ user: colleague.user });
    const result = await suspendOrganisation({ actor: compliance.actor, organisationId: orgId, unverifiedReason: REASON });
    expect(result.appsSuspended).toBe(1);
    expect((await getDb().organisation.findUniqueOrThrow({ where: { id: orgId } })).status).toBe("suspended");
    expect(await resolveSession({ secret: colleagueSession.secret })).toBeNull();
    expect((await getDb().session.findFirstOrThrow({ where: { userId: colleague.user.id } })).revokedReason).toBe("organisation_suspended");
    expect((await getDb().app.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("suspended");
    expect(events).toEqual(expect.arrayContaining([{ kind: "organisation", organisationId: orgId }, { kind: "app", appId: app.id }]));
    // Reinstating an app of a suspended organisation is refused.
    const admin = await makeUser({ role: "admin" });
    expect(await codeOf(approveAppReinstatement({ actor: admin.actor, appId: app.id, unverifiedReason: "Too early for this" }))).toBe("conflict");
    await reinstateOrganisation({ actor: compliance.actor, organisationId: orgId, unverifiedReason: "Contract renewed" });
    expect(await resolveSession({ secret: colleagueSession.secret })).toBeNull();
    expect(await resolveSession({ secret: (await startSession({ user: colleague.user })).secret })).not.toBeNull();
    expect((await getDb().app.findUniqueOrThrow({ where: { id: app.id } })).status).toBe("suspended");
    expect(await auditFor(orgId, "organisation.reinstate")).toHaveLength(1);
  });
});
