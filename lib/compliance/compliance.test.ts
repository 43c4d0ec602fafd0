import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { storeRequestLogs } from "@/lib/testing/request-logs";
import { makeUser } from "@/lib/testing/factories";
import { makeAccessToken, makeApprovedApp } from "@/lib/testing/compliance-fixtures";
import { searchCompliance } from "./search-compliance";
import { getAppForCompliance } from "./get-app-for-compliance";
import { getDeveloperForCompliance } from "./get-developer-for-compliance";
import { getOrganisationForCompliance } from "./get-organisation-for-compliance";
import { suspendApp } from "@/lib/revocation/suspend-app";
import { approveAppReinstatement } from "@/lib/revocation/approve-app-reinstatement";

describe("compliance console queries", () => {
  it("finds apps by name and client id, developers by email, organisations by name (case-insensitive)", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id, name: `Zebra Payments ${Date.now()}` });
    const org = await getDb().organisation.findUniqueOrThrow({ where: { id: dev.user.organisationId! } });

    expect((await searchCompliance({ actor: compliance.actor, unverifiedQuery: "zebra payments" })).apps.map((a) => a.id)).toContain(app.id);
    expect((await searchCompliance({ actor: compliance.actor, unverifiedQuery: app.clientId })).apps.map((a) => a.id)).toEqual([app.id]);
    expect((await searchCompliance({ actor: compliance.actor, unverifiedQuery: dev.user.email.toUpperCase() })).developers.map((d) => d.id)).toEqual([dev.user.id]);
    expect((await searchCompliance({ actor: compliance.actor, unverifiedQuery: org.name })).organisations.map((o) => o.id)).toEqual([org.id]);
    // Staff are not listed as developers.
    expect((await searchCompliance({ actor: compliance.actor, unverifiedQuery: compliance.user.email })).developers).toEqual([]);
    await expect(searchCompliance({ actor: dev.actor, unverifiedQuery: "x" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("shows an app with its live tokens, traffic in the last 24 hours and reinstatement state", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const admin = await makeUser({ role: "admin" });
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    await makeAccessToken(app.id);
    const now = new Date();
    await storeRequestLogs([
      { appId: app.id, organisationId: app.organisationId, operationId: "getAccount", status: 200, latencyMs: 4, at: now },
      { appId: app.id, organisationId: app.organisationId, operationId: "getAccount", status: 401, latencyMs: 2, at: now },
      { appId: app.id, organisationId: app.organisationId, operationId: "getAccount", status: 200, latencyMs: 4, at: new Date(now.getTime() - 2 * 86_400_000) },
    ]);
    const detail = await getAppForCompliance({ actor: admin.actor, appId: app.id });
    expect(detail.tokens).toHaveLength(1);
    expect(detail.tokens[0]).not.toHaveProperty("tokenHash");
    // From the hourly rollups; p95 is the upper bound of the bucket of 4 ms, [4, 5.66).
    expect(detail.traffic).toMatchObject({ calls: 2, errors: 1, errorRate: 50, p95LatencyMs: 5.7 });
    expect(detail.traffic.hours.reduce((n, h) => n + h.calls, 0)).toBe(2);
    expect(detail.traffic.hours.at(-1)).toMatchObject({ hour: now.toISOString().slice(11, 13) + ":00", calls: 2, errors: 1 });
    expect(detail.traffic.operations).toMatchObject([{ operationId: "getAccount", calls: 2 }]);
    expect(detail.recentCalls).toHaveLength(3);
    expect(detail.reinstatement).toBeNull();

    await suspendApp({ actor: compliance.actor, appId: app.id, unverifiedReason: "Scraping customer data" });
    await approveAppReinstatement({ actor: admin.actor, appId: app.id, unverifiedReason: "Owner explained the traffic" });
    const suspended = await getAppForCompliance({ actor: compliance.actor, appId: app.id });
    expect(suspended.tokens).toEqual([]);
    expect(suspended.reinstatement?.approvedBy.map((a) => a.role)).toEqual(["admin"]);

    await expect(getAppForCompliance({ actor: dev.actor, appId: app.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getAppForCompliance({ actor: admin.actor, appId: "missing" })).rejects.toMatchObject({ code: "not_found" });
    expect((await getDeveloperForCompliance({ actor: compliance.actor, userId: dev.user.id })).apps.map((a) => a.id)).toEqual([app.id]);
    expect((await getOrganisationForCompliance({ actor: compliance.actor, organisationId: app.organisationId })).users.map((u) => u.id)).toEqual([dev.user.id]);
  });

  it("records every staff read of a developer, an organisation or an app (developer.read, organisation.read, app.read)", async () => {
    const compliance = await makeUser({ role: "compliance" });
    const admin = await makeUser({ role: "admin" });
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    const organisationId = dev.user.organisationId!;

    await getDeveloperForCompliance({ actor: compliance.actor, userId: dev.user.id });
    await getOrganisationForCompliance({ actor: admin.actor, organisationId });
    await getAppForCompliance({ actor: compliance.actor, appId: app.id });
    const reads = await getDb().auditEvent.findMany({ where: { action: { endsWith: ".read" }, targetId: { in: [dev.user.id, organisationId, app.id] } }, orderBy: { seq: "asc" } });
    expect(reads.map((r) => ({ action: r.action, targetType: r.targetType, targetId: r.targetId, actorId: r.actorId, sourceIp: r.sourceIp }))).toEqual([
      { action: "developer.read", targetType: "user", targetId: dev.user.id, actorId: compliance.user.id, sourceIp: "127.0.0.1" },
      { action: "organisation.read", targetType: "organisation", targetId: organisationId, actorId: admin.user.id, sourceIp: "127.0.0.1" },
      { action: "app.read", targetType: "app", targetId: app.id, actorId: compliance.user.id, sourceIp: "127.0.0.1" },
    ]);

    // Refused or not found: nothing was read, nothing is recorded.
    await expect(getDeveloperForCompliance({ actor: dev.actor, userId: dev.user.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(getOrganisationForCompliance({ actor: compliance.actor, organisationId: "missing" })).rejects.toMatchObject({ code: "not_found" });
    expect(await getDb().auditEvent.count({ where: { actorId: { in: [dev.user.id] }, action: { endsWith: ".read" } } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { action: "organisation.read", targetId: "missing" } })).toBe(0);
  });
});
