// `npm run bench:purge`: does purging a large request log stall the sandbox?
//   1. seeds a fresh SQLite file: the bench app (seed-bench-app.ts) and
//      --rows N (default 300,000) request-log rows 100 days old — past the
//      default 90-day retention — through the request-log writer's store, so
//      their rollups are written too;
//   2. starts the gateway in its own process (port BENCH_PURGE_PORT, default
//      0: a free one) and sends account GETs at a steady 400 req/s: first alone, then
//      while `purgeRequestLogs` (what `npm run logs:purge` runs, in this
//      process, as cron would in its own) deletes the old rows in its
//      bounded steps; prints p99 and max of both (target: p99 ≤ 20 ms during
//      the purge), the purge's steps and time.
// The request-log writer keeps writing the sandbox calls' logs throughout:
// the purge and the writer take turns at SQLite's write lock.
// Not part of `npm test`; speed belongs here, not in tests
// (lib/logs/logs.test.ts checks the bound itself: steps of at most N rows,
// other writers in between).
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { seedBenchApp } from "./seed-bench-app";

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(flag("--rows") ?? 300_000);
const SECONDS = Number(flag("--seconds") ?? 10);
const RATE = 400;
const PORT = Number(process.env.BENCH_PURGE_PORT ?? 0);
const DAY = 86_400_000;

async function serve(port: number) {
  const { startGateway } = await import("../gateway/server");
  const gateway = await startGateway({ port, host: "127.0.0.1", tls: null, siem: null, rateLimitPerMinute: 100_000_000, tokenRateLimits: { perIpPerMinute: 100_000_000, perClientPerMinute: 100_000_000 } });
  process.on("SIGTERM", () => void gateway.stop().then(() => process.exit(0)));
  process.stdout.write(`ready ${new URL(gateway.url).port}\n`);
}

function startGatewayProcess(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", __filename, "--serve", String(PORT)], { env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const ready = /ready (\d+)/.exec(chunk.toString());
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.once("exit", (code) => reject(new Error(`gateway exited (${code})`)));
  });
}

/** Old rows through the writer's store, in 10,000-row batches (with their rollups). */
async function seedOldLogs(app: { id: string; organisationId: string }) {
  const { requestLogStoreConfig } = await import("@/lib/logs/record-request-log");
  const { openRequestLogStore } = await import("@/lib/logs/request-log-store");
  const store = openRequestLogStore(requestLogStoreConfig());
  const start = Date.now() - 100 * DAY;
  const started = performance.now();
  for (let done = 0; done < ROWS; done += 10_000) {
    const n = Math.min(10_000, ROWS - done);
    await store.write(
      randomUUID(),
      Array.from({ length: n }, (_, i) => ({
        at: new Date(start + (done + i) * 1000),
        appId: app.id,
        organisationId: app.organisationId,
        apiSlug: "accounts",
        apiVersion: "1.0.0",
        operationId: ["listAccounts", "getAccount", "getBalances"][i % 3]!,
        method: "GET",
        path: "/sandbox/accounts/1.0.0/accounts/[redacted]",
        status: i % 10 ? 200 : 404,
        latencyMs: 1 + (i % 50),
        errorCode: null,
        detail: "{}",
        sourceIp: "127.0.0.1",
      })),
    );
  }
  await store.close();
  console.log(`seeded ${ROWS.toLocaleString("en-GB")} request-log rows 100 days old in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Account GETs at RATE req/s until `until` resolves (or for SECONDS): p99 and max latency. */
async function steadyLoad(url: string, headers: Record<string, string>, until?: Promise<unknown>) {
  const { default: autocannon } = await import("autocannon");
  return new Promise<{ p99: number; max: number; requests: number; non2xx: number }>((resolve, reject) => {
    const instance = autocannon({ url, headers, connections: 4, overallRate: RATE, duration: until ? 3600 : SECONDS }, (error, result) =>
      error ? reject(error) : resolve({ p99: result.latency.p99, max: result.latency.max, requests: result.requests.total, non2xx: result.non2xx }),
    );
    void until?.finally(() => instance.stop()).catch(() => undefined); // the purge's own error is thrown by main()
  });
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-purge-"));
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "bench.db")}`, PORTICO_DATA_DIR: dir, REDIS_URL: "", SIEM_URL: "" };
  Object.assign(process.env, env);
  let gateway: ChildProcess | undefined;
  try {
    const { slug, versionName, account, app } = await seedBenchApp();
    await seedOldLogs({ id: app.app.id, organisationId: app.app.organisationId });
    const started = await startGatewayProcess(env);
    gateway = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    const token = await fetch(`${base}/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const url = `${base}/sandbox/${slug}/${versionName}/accounts/${account.accountId}`;
    const headers = { authorization: `Bearer ${token.access_token}` };

    const { default: autocannon } = await import("autocannon");
    await autocannon({ url, headers, connections: 4, overallRate: RATE, duration: 2 }); // warm-up
    const alone = await steadyLoad(url, headers);

    const { purgeRequestLogs } = await import("@/lib/logs/purge-request-logs");
    const { systemActor } = await import("@/lib/authz/actor");
    const t = performance.now();
    const purge = purgeRequestLogs({ actor: systemActor("bench:purge") });
    const during = await steadyLoad(url, headers, purge);
    const result = await purge;
    const purgeSeconds = (performance.now() - t) / 1000;

    console.log(`\nsandbox account GET at ${RATE} req/s, ${os.cpus().length} CPUs, SQLite:`);
    console.log(`  alone (${SECONDS} s)${" ".repeat(22)} p99 ${String(alone.p99).padStart(3)} ms   max ${alone.max} ms   (${alone.requests} calls${alone.non2xx ? `, non-2xx ${alone.non2xx}` : ""})`);
    console.log(`  during the purge (${purgeSeconds.toFixed(1)} s)${" ".repeat(Math.max(1, 12 - purgeSeconds.toFixed(1).length))} p99 ${String(during.p99).padStart(3)} ms   max ${during.max} ms   (${during.requests} calls${during.non2xx ? `, non-2xx ${during.non2xx}` : ""})   target p99 ≤ 20 ms${during.p99 <= 20 ? "" : "  (over)"}`);
    console.log(`  purge: ${result.deleted.toLocaleString("en-GB")} request logs and ${result.rollupsDeleted.toLocaleString("en-GB")} rollup rows in ${result.steps} steps of at most 2,000 rows (${Math.round(result.deleted / purgeSeconds).toLocaleString("en-GB")} rows/s)`);
  } finally {
    if (gateway && gateway.exitCode === null) {
      gateway.kill("SIGTERM");
      await new Promise((r) => gateway!.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve") void serve(Number(process.argv[3]));
else
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
