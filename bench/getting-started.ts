// `npm run bench:getting-started`: what the dashboard's getting-started
// checklist (lib/apps/getting-started.ts, one query) costs per dashboard
// view, against two baselines measured in the same run on the same
// database: a bare `SELECT 1` round trip (the floor) and the obvious
// alternative, four Prisma reads (apps, secrets, 2xx rollups, payments).
// Seeds BENCH_ORGS organisations (default 50), each with an app, a secret
// and BENCH_LOGS request logs in total (default 200,000) over 30 days written
// through the gateway's request-log store, so the rollups are real; one
// "busy" organisation has a third of them, all 4xx (the worst case for the
// first-call check: no 2xx row to stop at). Fresh SQLite file, or PostgreSQL
// when DATABASE_URL is postgresql://… (a fresh schema). Not part of `npm test`.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const ORGS = Number(process.env.BENCH_ORGS ?? 50);
const LOGS = Number(process.env.BENCH_LOGS ?? 200_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const BATCH = 10_000;

const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-gs-"));
process.env.PORTICO_DATA_DIR = dir;
if (process.env.DATABASE_URL?.startsWith("postgresql://")) {
  const url = new URL(process.env.DATABASE_URL);
  url.searchParams.set("schema", `bench_gs_${randomBytes(4).toString("hex")}`);
  process.env.DATABASE_URL = url.toString();
} else {
  process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const figures = { p50: percentile(times, 50), p95: percentile(times, 95) };
  console.log(`${label.padEnd(48)} p50 ${figures.p50.toFixed(3)} ms   p95 ${figures.p95.toFixed(3)} ms`);
  return figures;
}

async function main() {
  const { migrate } = await import("../lib/db/migrate");
  const { getDb, sqlParam, closeDb } = await import("../lib/db");
  const { makeUser } = await import("../lib/testing/factories");
  const { storeRequestLogs } = await import("../lib/testing/request-logs");
  const { getGettingStarted } = await import("../lib/apps/getting-started");
  await migrate();
  const db = getDb();

  let t = performance.now();
  const developers: { dev: Awaited<ReturnType<typeof makeUser>>; appId: string; organisationId: string }[] = [];
  for (let i = 0; i < ORGS; i++) {
    const dev = await makeUser({ role: "developer" });
    const app = await db.app.create({ data: { organisationId: dev.user.organisationId!, ownerId: dev.user.id, name: `Bench ${i}`, status: "approved", clientId: `pc_bench${i}_${randomBytes(4).toString("hex")}` } });
    await db.clientSecret.create({ data: { appId: app.id, secretHash: randomBytes(32).toString("hex"), hint: "abcd" } });
    developers.push({ dev, appId: app.id, organisationId: dev.user.organisationId! });
  }
  const busy = developers[0]!;
  const now = Date.now();
  for (let written = 0; written < LOGS; written += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, LOGS - written) }, (_, k) => {
      const n = written + k;
      const who = n % 3 === 0 ? busy : developers[1 + (n % (developers.length - 1))]!;
      return {
        appId: who.appId,
        organisationId: who.organisationId,
        apiSlug: "payments",
        apiVersion: "1.2.0",
        operationId: ["listPayments", "getPayment", "createDomesticPayment"][n % 3]!,
        at: new Date(now - (n % (30 * 1440)) * 60_000),
        status: who === busy ? 403 : 200,
        latencyMs: 2 + (n % 40),
      };
    });
    await storeRequestLogs(rows);
  }
  const rollups = await db.requestRollup.count();
  console.log(`seeded ${ORGS} organisations, ${LOGS} request logs (${rollups} rollup rows) in ${((performance.now() - t) / 1000).toFixed(1)} s on ${process.env.DATABASE_URL!.startsWith("file:") ? "SQLite" : "PostgreSQL"}`);

  const fresh = await makeUser({ role: "developer" });
  const quiet = developers[1]!;
  t = performance.now();
  const floor = await time("baseline: SELECT 1", () => db.$queryRawUnsafe(`SELECT 1 AS one WHERE 1 = ${sqlParam(1)}`, 1));
  const naive = await time("baseline: four Prisma reads (busy org)", () =>
    Promise.all([
      db.app.findFirst({ where: { organisationId: busy.organisationId }, select: { id: true } }),
      db.clientSecret.findFirst({ where: { app: { organisationId: busy.organisationId } }, select: { id: true } }),
      db.requestRollup.findFirst({ where: { organisationId: busy.organisationId, grain: "day", s2xx: { gt: 0 } }, select: { calls: true } }),
      db.sandboxPayment.findFirst({ where: { debtorAccount: { organisationId: busy.organisationId } }, select: { id: true } }),
    ]),
  );
  const busyFigures = await time("checklist query: busy org (all 4xx)", () => getGettingStarted({ actor: busy.dev.actor }));
  await time("checklist query: org with 2xx calls", () => getGettingStarted({ actor: quiet.dev.actor }));
  await time("checklist query: new org (nothing yet)", () => getGettingStarted({ actor: fresh.actor }));
  // p50 is the steady figure on a shared machine; p95 carries whatever else ran meanwhile.
  for (const p of ["p50", "p95"] as const) {
    console.log(`checklist (busy org) ${p}: ${(busyFigures[p] / floor[p]).toFixed(1)}× a SELECT 1 round trip, ${(busyFigures[p] / naive[p]).toFixed(2)}× the four-read baseline`);
  }
  const schema = new URL(process.env.DATABASE_URL!).searchParams.get("schema");
  if (schema?.startsWith("bench_gs_")) await db.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
  await closeDb();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
