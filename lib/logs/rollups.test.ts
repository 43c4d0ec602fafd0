import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { makeApprovedApp } from "@/lib/testing/compliance-fixtures";
import { storeRequestLogs, type TestLog } from "@/lib/testing/request-logs";
import { BOUNDS, BUCKET_COLUMNS, bucketOf, countsOf, percentileOf } from "./latency-histogram";
import { GRAINS } from "./request-log-store";
import { summarizeUsage } from "./summarize-usage";
import { exportUsageCsv } from "./export-usage";

/** A reproducible pseudo-random sequence (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Nearest-rank percentile of raw values. */
function exact(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

async function sample() {
  const dev = await makeUser({ role: "developer" });
  const organisationId = dev.user.organisationId!;
  const a = (await makeApprovedApp({ organisationId, ownerId: dev.user.id })).app;
  const b = (await makeApprovedApp({ organisationId, ownerId: dev.user.id })).app;
  const next = random(15);
  const day = 86_400_000;
  // Three days back to now, across day and hour boundaries; two apps, three
  // operations (one call in ten matched none), statuses of every class,
  // latencies spread log-uniformly over 0.05 ms … 60 s.
  const now = Date.now();
  const operations = [
    { apiSlug: "accounts", apiVersion: "1.0.0", operationId: "listAccounts" },
    { apiSlug: "accounts", apiVersion: "1.0.0", operationId: "getBalance" },
    { apiSlug: "payments", apiVersion: "2.1.0", operationId: "createPayment" },
  ];
  const statuses = [200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 503];
  const logs: TestLog[] = Array.from({ length: 3000 }, () => {
    const app = next() < 0.7 ? a : b;
    const op = next() < 0.1 ? { apiSlug: null, apiVersion: null, operationId: null } : operations[Math.floor(next() * operations.length)]!;
    return {
      at: new Date(now - Math.floor(next() * 3 * day)),
      appId: app.id,
      organisationId,
      ...op,
      status: statuses[Math.floor(next() * statuses.length)]!,
      latencyMs: Math.round(0.05 * Math.pow(1_200_000, next()) * 1000) / 1000,
    };
  });
  // A refused call names no app: it is logged but counted in no app's usage.
  logs.push({ at: new Date(now), status: 401, latencyMs: 1 });
  for (let i = 0; i < logs.length; i += 500) expect(await storeRequestLogs(logs.slice(i, i + 500))).toBe(true);
  return { dev, a, b, now: new Date(now) };
}

describe("usage rollups", () => {
  it("equal the aggregates of the raw rows: counts exactly, percentiles within one bucket, hours and days the sums of minutes", async () => {
    const { a, b } = await sample();
    const db = getDb();
    const raw = await db.requestLog.findMany({ where: { appId: { in: [a.id, b.id] } } });
    expect(raw).toHaveLength(3000);
    const rollups = await db.requestRollup.findMany({ where: { appId: { in: [a.id, b.id] } } });
    for (const [grain, ms] of GRAINS) {
      const expected = new Map<string, { calls: number; classes: number[]; sum: number; latencies: number[]; counts: number[] }>();
      for (const r of raw) {
        const key = `${r.appId}|${Math.floor(r.at.getTime() / ms) * ms}|${r.apiSlug ?? ""}|${r.apiVersion ?? ""}|${r.operationId ?? ""}`;
        const e = expected.get(key) ?? { calls: 0, classes: [0, 0, 0, 0], sum: 0, latencies: [], counts: BUCKET_COLUMNS.map(() => 0) };
        e.calls++;
        e.classes[r.status < 300 ? 0 : r.status < 400 ? 1 : r.status < 500 ? 2 : 3]!++;
        e.sum += r.latencyMs;
        e.latencies.push(r.latencyMs);
        e.counts[bucketOf(r.latencyMs)]!++;
        expected.set(key, e);
      }
      const ofGrain = rollups.filter((r) => r.grain === grain);
      expect(ofGrain).toHaveLength(expected.size);
      for (const r of ofGrain) {
        const e = expected.get(`${r.appId}|${r.start.getTime()}|${r.apiSlug}|${r.apiVersion}|${r.operationId}`);
        expect(e, `${grain} ${r.start.toISOString()} ${r.operationId}`).toBeDefined();
        expect([r.calls, r.s2xx, r.s3xx, r.s4xx, r.s5xx]).toEqual([e!.calls, ...e!.classes]);
        expect(countsOf(r)).toEqual(e!.counts);
        expect(r.latencySumMs).toBeCloseTo(e!.sum, 6);
        for (const p of [50, 95, 99]) {
          const reported = percentileOf(countsOf(r), p)!;
          const value = exact(e!.latencies, p);
          // The bucket of the exact value, or the one next to it.
          expect(Math.abs(BOUNDS.indexOf(reported) - bucketOf(value)), `p${p} of ${e!.latencies.length}: ${value} reported as ${reported}`).toBeLessThanOrEqual(1);
        }
      }
    }
    // Nothing is counted for the call without an app.
    expect(await db.requestRollup.count({ where: { appId: "" } })).toBe(0);
  });

  it("count every exact status code per app, operation, hour and day, equal to the raw rows", async () => {
    const { a, b } = await sample();
    const db = getDb();
    const raw = await db.requestLog.findMany({ where: { appId: { in: [a.id, b.id] } } });
    const stored = await db.requestRollupStatus.findMany({ where: { appId: { in: [a.id, b.id] } } });
    for (const [grain, ms] of GRAINS.filter(([g]) => g !== "minute")) {
      const expected = new Map<string, number>();
      for (const r of raw) {
        const key = `${r.appId}|${Math.floor(r.at.getTime() / ms) * ms}|${r.apiSlug ?? ""}|${r.apiVersion ?? ""}|${r.operationId ?? ""}|${r.status}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const ofGrain = stored.filter((r) => r.grain === grain);
      expect(new Map(ofGrain.map((r) => [`${r.appId}|${r.start.getTime()}|${r.apiSlug}|${r.apiVersion}|${r.operationId}|${r.status}`, r.calls]))).toEqual(expected);
    }
    expect(stored.filter((r) => r.grain === "minute")).toEqual([]);
  });

  it("the usage summary reads them: per app, per API, per operation and per day, in the developer's organisation only", async () => {
    const { dev, a, b, now } = await sample();
    const raw = await getDb().requestLog.findMany({ where: { appId: { in: [a.id, b.id] } } });
    const usage = await summarizeUsage({ actor: dev.actor, unverifiedOptions: { days: 7 }, now });
    expect(usage.apps.map((x) => x.appId).sort()).toEqual([a.id, b.id].sort());
    for (const app of usage.apps) {
      const mine = raw.filter((r) => r.appId === app.appId);
      const errors = mine.filter((r) => r.status >= 400).length;
      expect(app).toMatchObject({ calls: mine.length, errors });
      expect(app.days.reduce((n, d) => n + d.calls, 0)).toBe(mine.length);
      expect(app.operations.reduce((n, o) => n + o.calls, 0)).toBe(mine.length);
      expect(app.operations.find((o) => o.operationId === "createPayment")?.calls).toBe(mine.filter((r) => r.operationId === "createPayment").length);
      expect(app.apis.find((x) => x.apiSlug === "accounts")?.calls).toBe(mine.filter((r) => r.apiSlug === "accounts").length);
      const codes = new Map<number, number>();
      for (const r of mine) codes.set(r.status, (codes.get(r.status) ?? 0) + 1);
      expect(new Map(app.statusCodes.map((c) => [c.status, c.calls]))).toEqual(codes);
      expect(app.statusCodes.map((c) => c.calls)).toEqual([...app.statusCodes.map((c) => c.calls)].sort((x, y) => y - x));
      const today = now.toISOString().slice(0, 10);
      expect(app.days.find((d) => d.day === today)?.calls).toBe(mine.filter((r) => r.at.toISOString().slice(0, 10) === today).length);
      const p95 = exact(mine.map((r) => r.latencyMs), 95);
      expect(app.p95LatencyMs! / p95).toBeGreaterThan(1 / Math.SQRT2 - 0.01);
      expect(app.p95LatencyMs! / p95).toBeLessThan(2 + 0.01);
    }
    // Another organisation's developer sees neither app, even by id.
    const other = await makeUser({ role: "developer" });
    expect((await summarizeUsage({ actor: other.actor, unverifiedOptions: { appId: a.id }, now })).apps).toEqual([]);
    expect((await summarizeUsage({ actor: other.actor, unverifiedOptions: { organisationId: a.organisationId }, now })).apps).toEqual([]);
    // Staff see the organisation's totals.
    const compliance = await makeUser({ role: "compliance" });
    const all = await summarizeUsage({ actor: compliance.actor, now });
    expect(all.organisations?.find((o) => o.organisationId === a.organisationId)?.calls).toBe(raw.length);
  });

  it("stores a batch sent again once: neither logs nor rollups count it twice", async () => {
    const dev = await makeUser({ role: "developer" });
    const { app } = await makeApprovedApp({ organisationId: dev.user.organisationId!, ownerId: dev.user.id });
    const batchId = randomUUID();
    const at = new Date();
    const batch: TestLog[] = Array.from({ length: 40 }, (_, i) => ({ at, appId: app.id, organisationId: app.organisationId, operationId: "op", status: i % 4 ? 200 : 500, latencyMs: i }));
    expect(await storeRequestLogs(batch, batchId)).toBe(true);
    // The acknowledgement was lost; the writer sends the same batch again.
    expect(await storeRequestLogs(batch, batchId)).toBe(false);
    expect(await getDb().requestLog.count({ where: { appId: app.id } })).toBe(40);
    const rollups = await getDb().requestRollup.findMany({ where: { appId: app.id } });
    expect(rollups.map((r) => [r.grain, r.calls, r.s5xx])).toEqual(expect.arrayContaining([["minute", 40, 10], ["hour", 40, 10], ["day", 40, 10]]));
    expect(rollups).toHaveLength(3);
    const codes = await getDb().requestRollupStatus.findMany({ where: { appId: app.id }, orderBy: [{ grain: "asc" }, { status: "asc" }] });
    expect(codes.map((r) => [r.grain, r.status, r.calls])).toEqual([["day", 200, 30], ["day", 500, 10], ["hour", 200, 30], ["hour", 500, 10]]);
    // A new batch adds to the same rollup rows.
    expect(await storeRequestLogs(batch.slice(0, 4))).toBe(true);
    expect((await getDb().requestRollup.findMany({ where: { appId: app.id } })).map((r) => r.calls)).toEqual([44, 44, 44]);
  });
});

describe("usage CSV export", () => {
  it("exports a developer's organisation only, and audits staff exports", async () => {
    const { dev, a, now } = await sample();
    const raw = await getDb().requestLog.findMany({ where: { appId: a.id } });
    const mine = await exportUsageCsv({ actor: dev.actor, unverifiedOptions: { days: 7, appId: a.id }, now });
    const lines = mine.csv.trim().split("\r\n");
    expect(lines[0]).toBe("day,organisation,app,appId,api,version,operation,calls,errors,errorRatePercent,s2xx,s3xx,s4xx,s5xx,meanLatencyMs,p50LatencyMs,p95LatencyMs,p99LatencyMs,statusCodes");
    const calls = lines.slice(1).reduce((n, line) => n + Number(line.split(",")[7]), 0);
    expect(calls).toBe(raw.length);
    // Each line's status codes add up to its calls, and over all lines to the raw rows' codes.
    const codes = new Map<number, number>();
    for (const line of lines.slice(1)) {
      const cells = line.split(",");
      const pairs = cells[18]!.split(" ").map((pair) => pair.split(":").map(Number) as [number, number]);
      expect(pairs.reduce((n, [, c]) => n + c, 0)).toBe(Number(cells[7]));
      for (const [status, c] of pairs) codes.set(status, (codes.get(status) ?? 0) + c);
    }
    const rawCodes = new Map<number, number>();
    for (const r of raw) rawCodes.set(r.status, (rawCodes.get(r.status) ?? 0) + 1);
    expect(codes).toEqual(rawCodes);
    expect(await getDb().auditEvent.count({ where: { action: "usage.export", actorId: dev.user.id } })).toBe(0);

    const other = await makeUser({ role: "developer" });
    const theirs = await exportUsageCsv({ actor: other.actor, unverifiedOptions: { appId: a.id, organisationId: a.organisationId }, now });
    expect(theirs.rows).toBe(0);
    expect(theirs.csv).not.toContain(a.id);

    const compliance = await makeUser({ role: "compliance" });
    const staff = await exportUsageCsv({ actor: compliance.actor, unverifiedOptions: { organisationId: a.organisationId, days: 7 }, now });
    expect(staff.csv).toContain(a.id);
    const audit = await getDb().auditEvent.findFirst({ where: { action: "usage.export", actorId: compliance.user.id } });
    expect(audit).toMatchObject({ targetType: "organisation", targetId: a.organisationId });
    expect(audit!.details).toMatchObject({ days: 7, rows: staff.rows });
    await expect(exportUsageCsv({ actor: compliance.actor, unverifiedOptions: { days: 900 } })).rejects.toMatchObject({ code: "validation_failed" });
  });
});
