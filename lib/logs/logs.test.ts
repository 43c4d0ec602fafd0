import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { makeApprovedApp } from "@/lib/testing/compliance-fixtures";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";
import { listRequestLogs } from "./list-request-logs";
import { purgeRequestLogs } from "./purge-request-logs";
import { summarizeUsage } from "./summarize-usage";
import { storeRequestLogs } from "@/lib/testing/request-logs";
import { systemActor } from "@/lib/authz/actor";

async function logsFor(app: { id: string; organisationId: string }, entries: { at: Date; status: number; latencyMs: number }[]) {
  await getDb().requestLog.createMany({
    data: entries.map((e) => ({ ...e, appId: app.id, organisationId: app.organisationId, method: "GET", path: "/sandbox/accounts/1.0.0/accounts" })),
  });
}

async function twoOrganisations() {
  const alice = await makeUser({ role: "developer" });
  const bob = await makeUser({ role: "developer" });
  const a = await makeApprovedApp({ organisationId: alice.user.organisationId!, ownerId: alice.user.id });
  const b = await makeApprovedApp({ organisationId: bob.user.organisationId!, ownerId: bob.user.id });
  const now = new Date();
  await logsFor(a.app, [{ at: now, status: 200, latencyMs: 5 }, { at: now, status: 403, latencyMs: 2 }]);
  await logsFor(b.app, [{ at: now, status: 200, latencyMs: 7 }]);
  return { alice, bob, a: a.app, b: b.app };
}

describe("request logs", () => {
  it("developers read only their organisation's logs; staff read all; every read is audited", async () => {
    const { alice, a, b } = await twoOrganisations();
    const mine = await listRequestLogs({ actor: alice.actor, unverifiedFilter: {} });
    expect(mine.logs.every((l) => l.appId === a.id)).toBe(true);
    expect(mine.logs).toHaveLength(2);
    expect(mine.logs[0]!.appName).toBe(a.name);
    // Another organisation's app is "not found", like an app that does not exist.
    await expect(listRequestLogs({ actor: alice.actor, unverifiedFilter: { appId: b.id } })).rejects.toMatchObject({ code: "not_found" });
    const errors = await listRequestLogs({ actor: alice.actor, unverifiedFilter: { outcome: "error" } });
    expect(errors.logs.map((l) => l.status)).toEqual([403]);

    const compliance = await makeUser({ role: "compliance" });
    const admin = await makeUser({ role: "admin" });
    const staff = await listRequestLogs({ actor: compliance.actor, unverifiedFilter: { appId: b.id } });
    expect(staff.logs).toHaveLength(1);
    expect((await listRequestLogs({ actor: admin.actor, unverifiedFilter: { appId: a.id } })).logs).toHaveLength(2);

    const reads = await getDb().auditEvent.findMany({ where: { action: "logs.read", actorId: { in: [alice.user.id, compliance.user.id] } }, orderBy: { seq: "asc" } });
    expect(reads).toHaveLength(3);
    expect(reads[1]).toMatchObject({ targetType: "request_logs", actorRole: "developer", sourceIp: "127.0.0.1" });
    expect(reads[1]!.details).toMatchObject({ filter: { outcome: "error" }, rows: 1, scope: "organisation" });
    expect(reads[2]).toMatchObject({ targetType: "request_logs", targetId: b.id, actorRole: "compliance" });
  });

  it("pages with a cursor", async () => {
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    const t = Date.now();
    await logsFor(app, Array.from({ length: 5 }, (_, i) => ({ at: new Date(t - i * 1000), status: 200, latencyMs: i })));
    const first = await listRequestLogs({ actor: dev.actor, unverifiedFilter: { take: 3 } });
    expect(first.logs.map((l) => l.latencyMs)).toEqual([0, 1, 2]);
    const second = await listRequestLogs({ actor: dev.actor, unverifiedFilter: { take: 3, before: first.nextBefore } });
    expect(second.logs.map((l) => l.latencyMs)).toEqual([3, 4]);
    expect(second.nextBefore).toBeNull();
  });

  it("purges raw logs and minute rollups past the log retention, hours and days past the rollup retention, in bounded steps, audited", async () => {
    const admin = await makeUser({ role: "admin" });
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    const now = new Date();
    await expect(updateBankSettings({ actor: admin.actor, unverifiedChanges: { logRetentionDays: 30, rollupRetentionDays: 20 } })).rejects.toMatchObject({ code: "validation_failed" });
    await updateBankSettings({ actor: admin.actor, unverifiedChanges: { logRetentionDays: 30, rollupRetentionDays: 60 } });
    const day = 86_400_000;
    const ago = (days: number) => ({ at: new Date(now.getTime() - days * day), appId: app.id, organisationId: app.organisationId, status: 200, latencyMs: 1 });
    await storeRequestLogs([ago(61), ago(31), ago(31.5), ago(29)]);
    const before = await getDb().requestLog.count();
    const result = await purgeRequestLogs({ actor: systemActor("logs:purge"), now, batchSize: 1, pauseMs: 0 });
    expect(result).toMatchObject({ retentionDays: 30, rollupRetentionDays: 60 });
    expect((await getDb().requestLog.findMany({ where: { appId: app.id } })).map((l) => l.at)).toEqual([ago(29).at]);
    expect(result.deleted).toBe(before - (await getDb().requestLog.count()));
    expect(result.deleted).toBeGreaterThanOrEqual(3);
    expect(result.steps).toBeGreaterThanOrEqual(3);
    // Minutes went with the raw logs; hours and days stay 60 days.
    const rollups = await getDb().requestRollup.findMany({ where: { appId: app.id } });
    const days = (grain: string) => rollups.filter((r) => r.grain === grain).reduce((n, r) => n + r.calls, 0);
    expect([days("minute"), days("hour"), days("day")]).toEqual([1, 3, 3]);
    const codes = await getDb().requestRollupStatus.findMany({ where: { appId: app.id } });
    expect(["hour", "day"].map((grain) => codes.filter((r) => r.grain === grain).reduce((n, r) => n + r.calls, 0))).toEqual([3, 3]);
    const audit = await getDb().auditEvent.findFirst({ where: { action: "logs.purge" }, orderBy: { seq: "desc" } });
    expect(audit!.details).toMatchObject({ retentionDays: 30, rollupRetentionDays: 60, deleted: result.deleted, rollupsDeleted: result.rollupsDeleted });
    await expect(purgeRequestLogs({ actor: dev.actor, now })).rejects.toMatchObject({ code: "forbidden" });
    await updateBankSettings({ actor: admin.actor, unverifiedChanges: { logRetentionDays: 90, rollupRetentionDays: 396 } });
  });
});

describe("purge while serving", () => {
  it("deletes in steps of at most batchSize rows (default 2,000), each its own transaction, and other writers store their batches between steps", async () => {
    const admin = await makeUser({ role: "admin" });
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    await updateBankSettings({ actor: admin.actor, unverifiedChanges: { logRetentionDays: 30, rollupRetentionDays: 396 } });
    try {
      const now = new Date();
      const old = Array.from({ length: 5000 }, (_, i) => ({ at: new Date(now.getTime() - 40 * 86_400_000 + i * 1000), appId: app.id, organisationId: app.organisationId, status: 200, latencyMs: 1 }));
      for (let i = 0; i < old.length; i += 500) await storeRequestLogs(old.slice(i, i + 500));
      const steps: number[] = [];
      const result = await purgeRequestLogs({
        actor: systemActor("logs:purge"),
        now,
        pauseMs: 0,
        onStep: async (step) => {
          steps.push(step.logs);
          // The request-log writer's own store (another connection) writes a batch between two steps.
          // On SQLite (one writer at a time) this proves the step's transaction has ended: were the
          // purge still holding the write lock, this write would fail on its busy timeout.
          expect(await storeRequestLogs(Array.from({ length: 10 }, () => ({ at: new Date(), appId: app.id, organisationId: app.organisationId, status: 201, latencyMs: 2 })))).toBe(true);
        },
      });
      expect(Math.max(...steps)).toBeLessThanOrEqual(2000);
      expect(steps.length).toBeGreaterThanOrEqual(3); // 5,000 rows in steps of 2,000
      expect(result.deleted).toBeGreaterThanOrEqual(5000);
      // Every old row is gone; every row written between the steps is kept.
      expect(await getDb().requestLog.count({ where: { appId: app.id, status: 200 } })).toBe(0);
      expect(await getDb().requestLog.count({ where: { appId: app.id, status: 201 } })).toBe(10 * steps.length);
    } finally {
      await updateBankSettings({ actor: admin.actor, unverifiedChanges: { logRetentionDays: 90, rollupRetentionDays: 396 } });
    }
  });
});

describe("usage analytics", () => {
  it("summarises calls per day, error rate and latency per app within the actor's scope", async () => {
    const { alice, a, b } = await twoOrganisations();
    const day = 86_400_000;
    const now = new Date();
    const store = (app: typeof a, entries: { at: Date; status: number; latencyMs: number }[]) =>
      storeRequestLogs(entries.map((e) => ({ ...e, appId: app.id, organisationId: app.organisationId })));
    await store(a, [{ at: now, status: 200, latencyMs: 5 }, { at: now, status: 403, latencyMs: 2 }]);
    await store(b, [{ at: now, status: 200, latencyMs: 7 }]);
    await store(a, [
      ...Array.from({ length: 18 }, (_, i) => ({ at: new Date(now.getTime() - day), status: 200, latencyMs: i + 1 })),
      { at: new Date(now.getTime() - day), status: 500, latencyMs: 100 },
      { at: new Date(now.getTime() - day), status: 429, latencyMs: 200 },
    ]);
    const usage = await summarizeUsage({ actor: alice.actor, unverifiedOptions: { days: 7 }, now });
    expect(usage.apps.map((x) => x.appId)).toEqual([a.id]);
    const app = usage.apps[0]!;
    expect(app.days).toHaveLength(7);
    expect(app.days[6]!.day).toBe(now.toISOString().slice(0, 10));
    expect(app.days[6]).toMatchObject({ calls: 2, errors: 1, errorRate: 50 });
    // The exact p95 is 100 ms; the histogram reports the upper bound of its bucket [90.5, 128) ms.
    expect(app.days[5]).toMatchObject({ calls: 20, errors: 2, errorRate: 10, p95LatencyMs: 128, statusClasses: { s2xx: 18, s3xx: 0, s4xx: 1, s5xx: 1 } });
    expect(app).toMatchObject({ calls: 22, errors: 3 });
    const admin = await makeUser({ role: "admin" });
    const all = await summarizeUsage({ actor: admin.actor, now });
    expect(all.apps.map((x) => x.appId)).toEqual(expect.arrayContaining([a.id, b.id]));
    // A developer asking for another organisation's app by id gets nothing.
    expect((await summarizeUsage({ actor: alice.actor, unverifiedOptions: { appId: b.id }, now })).apps).toEqual([]);
  });
});
