import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { systemActor } from "@/lib/authz/actor";
import { makeUser } from "@/lib/testing/factories";
import { makeAccessToken, makeApprovedApp } from "@/lib/testing/compliance-fixtures";
import { purgeExpiredTokens } from "./purge-expired-tokens";

const HOUR = 3_600_000;

describe("purging expired access tokens", () => {
  it("deletes rows expired longer than the retention (revoked or not) and keeps live and recently expired ones", async () => {
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    const db = getDb();
    const live = await makeAccessToken(app.id);
    const revokedLive = await makeAccessToken(app.id);
    await db.accessToken.update({ where: { id: revokedLive.row.id }, data: { revokedAt: new Date() } });
    const recentlyExpired = await makeAccessToken(app.id, { expiresInSeconds: -3600 });
    await makeAccessToken(app.id, { expiresInSeconds: -25 * 3600 });
    const longExpiredRevoked = await makeAccessToken(app.id, { expiresInSeconds: -48 * 3600 });
    await db.accessToken.update({ where: { id: longExpiredRevoked.row.id }, data: { revokedAt: new Date(Date.now() - 49 * HOUR) } });

    const now = new Date();
    const result = await purgeExpiredTokens({ actor: systemActor("test purge"), now });

    const left = new Set((await db.accessToken.findMany({ where: { appId: app.id }, select: { id: true } })).map((t) => t.id));
    expect(left).toEqual(new Set([live.row.id, revokedLive.row.id, recentlyExpired.row.id]));
    expect(result.retentionHours).toBe(24);
    expect(result.cutoff.getTime()).toBe(now.getTime() - 24 * HOUR);
    expect(result.deleted).toBeGreaterThanOrEqual(2);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "token.purge" }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorRole: "system", targetType: "access_tokens", details: { retentionHours: 24, cutoff: result.cutoff.toISOString(), deleted: result.deleted } });

    // Nothing left to purge: no rows deleted and no record written.
    const before = await db.auditEvent.count({ where: { action: "token.purge" } });
    expect((await purgeExpiredTokens({ actor: systemActor("test purge"), now })).deleted).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "token.purge" } })).toBe(before);
  });

  it("is a system job: people cannot run it", async () => {
    const admin = await makeUser({ role: "admin" });
    await expect(purgeExpiredTokens({ actor: admin.actor })).rejects.toMatchObject({ code: "forbidden" });
  });
});
