// `npm run bench:analytics`: usage analytics, request logs and the
// compliance console with millions of request-log rows.
//   1. seeds BENCH_ROWS (or --rows N; default 10,000,000) request-log rows
//      over the last 30 days — one busy app with a third of the traffic, 49
//      others in 10 organisations, 12 operations on 3 APIs — through the
//      request-log store the gateway's writer uses (request-log-store.ts), so
//      the usage rollups are written with them, in batches of 10,000 rows;
//      prints the seeding time and what one batch's rollups cost;
//   2. starts the portal (NEXT_DIST_DIR, default .next-analytics; built if
//      its sources changed) on PORT (default 3202), signs in a developer of
//      the busy app's organisation and a compliance officer, and requests
//      /usage, /logs and the busy app's compliance page one at a time,
//      printing p50/p95/max of the server's answer time (target p95 ≤ 300 ms).
// `--cost-only` stops after the first measurement (what the rollups add to
// a writer batch). Runs on a fresh SQLite file, or on PostgreSQL when DATABASE_URL is
// postgresql://… (in a fresh schema). Not part of `npm test`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { signIn, waitFor } from "./portal-session";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(flag("--rows") ?? process.env.BENCH_ROWS ?? 10_000_000);
const SAMPLES = Number(flag("--samples") ?? process.env.BENCH_SAMPLES ?? 40);
const PORTAL_PORT = Number(process.env.PORT ?? 3202);
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 4202);
const BATCH = 10_000;
const SPAN_DAYS = 30;
const ORGANISATIONS = 10;
const APPS = 50;
const OPERATIONS = [
  ["accounts", "2.1.0", ["listAccounts", "getAccount", "getBalances", "listTransactions", "getTransaction"]],
  ["payments", "1.4.0", ["createPayment", "getPayment", "listPayments", "cancelPayment"]],
  ["fx", "1.0.0", ["getRates", "getQuote", "createTrade"]],
] as const;
const FLAT = OPERATIONS.flatMap(([slug, version, ops]) => ops.map((op) => ({ apiSlug: slug, apiVersion: version, operationId: op })));
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 204, 400, 401, 403, 404, 429, 500];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A reproducible pseudo-random sequence (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function seed() {
  const { migrate } = await import("@/lib/db/migrate");
  const { getDb, closeDb } = await import("@/lib/db");
  const { makeUser, TEST_PASSWORD } = await import("@/lib/testing/factories");
  const { requestLogStoreConfig } = await import("@/lib/logs/record-request-log");
  const { openRequestLogStore } = await import("@/lib/logs/request-log-store");
  await migrate();
  await rollupCost();
  if (process.argv.includes("--cost-only")) return null;
  const db = getDb();
  const developers = [];
  for (let i = 0; i < ORGANISATIONS; i++) developers.push(await makeUser({ role: "developer" }));
  const compliance = await makeUser({ role: "compliance" });
  const apps = [];
  for (let i = 0; i < APPS; i++) {
    const owner = developers[i % ORGANISATIONS]!;
    apps.push(
      await db.app.create({
        data: { organisationId: owner.user.organisationId!, ownerId: owner.user.id, name: i === 0 ? "Busy App" : `Bench App ${String(i).padStart(2, "0")}`, status: "approved", clientId: `pci_bench_${i}_${randomBytes(3).toString("hex")}` },
        select: { id: true, organisationId: true, name: true },
      }),
    );
  }
  await closeDb();

  const store = openRequestLogStore(requestLogStoreConfig());
  const next = random(2026);
  const end = Date.now();
  const start = end - SPAN_DAYS * 86_400_000;
  const step = (end - start) / ROWS;
  const started = performance.now();
  let batchMs = 0;
  let batches = 0;
  let lastPrint = started;
  for (let done = 0; done < ROWS; ) {
    const n = Math.min(BATCH, ROWS - done);
    const rows = new Array(n);
    for (let i = 0; i < n; i++) {
      const app = next() < 1 / 3 ? apps[0]! : apps[1 + Math.floor(next() * (APPS - 1))]!;
      const op = FLAT[Math.floor(next() * FLAT.length)]!;
      const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
      rows[i] = {
        at: new Date(start + (done + i) * step),
        appId: app.id,
        organisationId: app.organisationId,
        ...op,
        method: op.operationId.startsWith("create") ? "POST" : "GET",
        path: `/sandbox/${op.apiSlug}/${op.apiVersion}/${op.operationId}/[redacted]`,
        status,
        latencyMs: Math.round(Math.exp(Math.log(0.3) + next() * next() * Math.log(2000)) * 1000) / 1000,
        errorCode: status >= 400 ? "bench_error" : null,
        detail: "{}",
        sourceIp: "127.0.0.1",
      };
    }
    const t = performance.now();
    await store.write(randomUUID(), rows);
    batchMs += performance.now() - t;
    batches++;
    done += n;
    if (performance.now() - lastPrint > 15_000) {
      lastPrint = performance.now();
      console.log(`  seeded ${done.toLocaleString("en-GB")} rows (${Math.round(done / ((lastPrint - started) / 1000)).toLocaleString("en-GB")} rows/s)`);
    }
  }
  await store.close();
  const seconds = (performance.now() - started) / 1000;
  console.log(`seeded ${ROWS.toLocaleString("en-GB")} request-log rows and their rollups in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds).toLocaleString("en-GB")} rows/s; ${(batchMs / batches).toFixed(0)} ms per ${BATCH.toLocaleString("en-GB")}-row batch)`);
  return { developer: developers[0]!.user.email, compliance: compliance.user.email, password: TEST_PASSWORD, busy: apps[0]! };
}

/**
 * What the rollups add to one batch of the writer: the same gateway-like
 * batches (calls within a second or so, over a few apps and operations)
 * written by a store without rollups and by the real one, alternately; the
 * probe's rows are deleted afterwards.
 */
async function rollupCost() {
  const { requestLogStoreConfig } = await import("@/lib/logs/record-request-log");
  const { openRequestLogStore, aggregateRollups } = await import("@/lib/logs/request-log-store");
  const { getDb, closeDb } = await import("@/lib/db");
  const config = requestLogStoreConfig();
  const plain = openRequestLogStore(config, { withoutRollups: true });
  const full = openRequestLogStore(config);
  const next = random(7);
  const probe = `cost_probe_${randomBytes(3).toString("hex")}`;
  for (const size of [100, 1000]) {
    const batch = () => {
      const at = Date.now();
      return Array.from({ length: size }, (_, i) => ({
        at: new Date(at + i),
        appId: `${probe}_${Math.floor(next() * 5)}`,
        organisationId: probe,
        ...FLAT[Math.floor(next() * FLAT.length)]!,
        method: "GET",
        path: "/sandbox/accounts/2.1.0/accounts/[redacted]",
        status: STATUSES[Math.floor(next() * STATUSES.length)]!,
        latencyMs: next() * 100,
        errorCode: null,
        detail: "{}",
        sourceIp: "127.0.0.1",
      }));
    };
    // One store after the other (two connections taking turns would each
    // find its page cache stale after the other's write), 5 warm-up batches each.
    const times = { plain: [] as number[], full: [] as number[] };
    for (const [kind, store] of [["plain", plain], ["full", full], ["plain", plain], ["full", full]] as const) {
      for (let round = 0; round < 20; round++) {
        const rows = batch();
        const t = performance.now();
        await store.write(randomUUID(), rows);
        if (round >= 5) times[kind].push(performance.now() - t);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const keys = aggregateRollups(config.dialect, batch()).length;
    console.log(
      `a ${size}-call batch: ${median(times.plain).toFixed(1)} ms without rollups, ${median(times.full).toFixed(1)} ms with (${keys} rollup rows upserted): the rollups add ${(median(times.full) - median(times.plain)).toFixed(1)} ms (medians of 30 each)`,
    );
  }
  await plain.close();
  await full.close();
  const db = getDb();
  await db.requestLog.deleteMany({ where: { organisationId: probe } });
  await db.requestRollup.deleteMany({ where: { organisationId: probe } });
  await closeDb();
}

async function measure(portal: string, label: string, cookie: string, pathname: string) {
  const get = async () => {
    const t = performance.now();
    const response = await fetch(`${portal}${pathname}`, { headers: { cookie }, redirect: "manual" });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${body.slice(0, 200)}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) await get(); // warm-up: compile-on-first-use, caches
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await get());
  times.sort((a, b) => a - b);
  const p95 = percentile(times, 95);
  console.log(`${label.padEnd(44)} p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms · p95 ${p95.toFixed(0).padStart(5)} ms · max ${times.at(-1)!.toFixed(0).padStart(5)} ms ${p95 <= 300 ? "" : " (over the 300 ms target)"}`);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-analytics-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTICO_DATA_DIR: dir,
    PORT: String(PORTAL_PORT),
    GATEWAY_PORT: String(GATEWAY_PORT),
    PORTAL_URL: `http://127.0.0.1:${PORTAL_PORT}`,
    NEXTAUTH_URL: `http://127.0.0.1:${PORTAL_PORT}`,
    GATEWAY_URL: `http://127.0.0.1:${GATEWAY_PORT}`,
    HOST: "127.0.0.1",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-analytics",
    PORTICO_DEMO: "0",
    REDIS_URL: process.env.REDIS_URL ?? "",
  };
  const pg = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
  const schema = `analytics_${randomBytes(4).toString("hex")}`;
  if (pg) {
    const url = new URL(pg);
    url.searchParams.set("schema", schema);
    env.DATABASE_URL = url.toString();
  } else env.DATABASE_URL = `file:${path.join(dir, "portico.db")}`;
  Object.assign(process.env, env);
  console.log(`database: ${pg ? "PostgreSQL" : "SQLite"}; ${ROWS.toLocaleString("en-GB")} rows over ${SPAN_DAYS} days, ${APPS} apps in ${ORGANISATIONS} organisations, ${FLAT.length} operations`);

  let server: ChildProcess | undefined;
  try {
    const seeded = await seed();
    if (!seeded) return;
    server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "inherit", "inherit"] });
    const portal = `http://127.0.0.1:${PORTAL_PORT}`;
    await waitFor(`${portal}/signin`, server);
    const developer = await signIn(portal, seeded.developer, seeded.password);
    const compliance = await signIn(portal, seeded.compliance, seeded.password);
    console.log(`server time, ${SAMPLES} requests each, one at a time (target p95 ≤ 300 ms):`);
    await measure(portal, "/usage (developer, 14 days)", developer, "/usage");
    await measure(portal, "/usage?days=90 (developer)", developer, "/usage?days=90");
    await measure(portal, "/usage?days=90 (compliance, every organisation)", compliance, "/usage?days=90");
    await measure(portal, "/logs (developer, first page)", developer, "/logs");
    await measure(portal, "/logs?outcome=error (developer)", developer, "/logs?outcome=error");
    await measure(portal, "/logs?appId=busy (compliance)", compliance, `/logs?appId=${seeded.busy.id}`);
    await measure(portal, "/compliance/apps/busy (compliance)", compliance, `/compliance/apps/${seeded.busy.id}`);
    await measure(portal, "/api/usage/export?days=30 (developer)", developer, "/api/usage/export?days=30");
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
    if (pg) {
      const { closeDb } = await import("@/lib/db");
      await closeDb();
      const { Client } = await import("pg");
      const client = new Client({ connectionString: pg });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
