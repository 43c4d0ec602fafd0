// `npm run bench:soak`: sustained mixed load, and the properties a bank
// needs from it (issue 14 item 8):
//   - no 5xx except the gateway's deliberate 503 push-back (counted);
//   - every answered sandbox call (other than a 503) is in the request log;
//   - resident memory grows less than 10 % after warm-up, and so does the
//     live heap (measured after a full GC with the load stopped: a leak
//     keeps growing there, a cache that has filled does not).
// Starts `scripts/start.ts` (portal + gateway in one process, as `npm start`
// runs them) in its own data folder on a fresh database (SQLite by default;
// a fresh schema when DATABASE_URL names PostgreSQL), seeds an organisation,
// an approved app and a developer through lib/, then drives autocannon on
// loopback: warm-up in rounds of WARMUP_SECONDS (10) until a round grows
// resident memory by less than 2 % (at most 9 rounds; the output says how
// many it took and whether memory levelled off), then SECONDS (60) measured, at
// CONNECTIONS (50) connections split over sandbox GETs and POSTs, token
// requests and portal pages as the signed-in developer. Prints the figures
// and exits 1 when a property fails.
//   --seconds N --warmup N --connections N   override the defaults (--warmup: seconds per warm-up round)
//   --max-warmup-rounds N                    cap on warm-up rounds (9)
//   --no-portal                              the gateway alone (gateway/main.ts), no portal build
//   --sandbox-only                           every connection on the sandbox (the gateway alone)
//   --heap-snapshots DIR                     write the server's heap after warm-up and at the end (compare them in Chrome DevTools)
// The server runs with --expose-gc and bench/memory-probe.ts preloaded, which
// answers memory questions over IPC.
// Ports: PORT / GATEWAY_PORT when set, else 5141 / 5142. The portal is built
// into NEXT_DIST_DIR (.next-soak) when its sources changed.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedBenchApp } from "./seed-bench-app";
import { signIn, waitFor } from "./portal-session";

const arg = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const SECONDS = arg("--seconds", 60);
const WARMUP_SECONDS = arg("--warmup", 10);
const MAX_WARMUP_ROUNDS = arg("--max-warmup-rounds", 9);
const CONNECTIONS = arg("--connections", 50);
const SANDBOX_ONLY = process.argv.includes("--sandbox-only");
const SNAPSHOT_DIR = process.argv.includes("--heap-snapshots") ? path.resolve(process.argv[process.argv.indexOf("--heap-snapshots") + 1]!) : undefined;
const PORTAL = !process.argv.includes("--no-portal") && !SANDBOX_ONLY;
const PORTAL_PORT = Number(process.env.PORT ?? 5141);
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 5142);
const MAX_RSS_GROWTH = 0.1;
/** Warm-up ends after the first round that grows resident memory by less than this (or after MAX_WARMUP_ROUNDS). */
const SETTLED_ROUND_GROWTH = 0.02;
const MAX_HEAP_GROWTH = 0.1;

type Tally = Record<string, number>;
const add = (into: Tally, from: Record<string, { count: number }>) => {
  for (const [status, { count }] of Object.entries(from)) into[status] = (into[status] ?? 0) + count;
};
const sum = (t: Tally, keep: (status: number) => boolean = () => true) => Object.entries(t).reduce((n, [s, c]) => (keep(Number(s)) ? n + c : n), 0);
const show = (t: Tally) => Object.keys(t).sort().map((s) => `${s}: ${t[s]}`).join(", ") || "none";

/** Resident set size of a process (Linux /proc), in MiB. */
function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) / 1024;
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Asks the server's memory probe (bench/memory-probe.ts) and waits for the answer with the same id. */
let asked = 0;
const answers = new Map<number, (answer: Record<string, unknown>) => void>();
function ask<T>(child: ChildProcess, message: { kind: "memory"; gc: boolean } | { kind: "snapshot"; file: string }, field: string): Promise<T> {
  if (!child.listenerCount("message")) child.on("message", (answer: { id?: number }) => answers.get(answer?.id ?? -1)?.(answer));
  const id = ++asked;
  return new Promise((resolve) => {
    answers.set(id, (answer) => {
      answers.delete(id);
      resolve(answer[field] as T);
    });
    child.send({ ...message, id });
  });
}
/** The server's process.memoryUsage(), after a full GC when `gc`. */
const memory = (child: ChildProcess, gc: boolean) => ask<NodeJS.MemoryUsage>(child, { kind: "memory", gc }, "usage");
/** Writes a heap snapshot of the server (after a full GC) to `file`. */
const heapSnapshot = (child: ChildProcess, file: string) => ask<string>(child, { kind: "snapshot", file }, "file");
/** The live heap once the load has stopped: a second for answers still in flight, then a full GC. */
async function atRest(child: ChildProcess): Promise<NodeJS.MemoryUsage> {
  await new Promise((r) => setTimeout(r, 1000));
  return memory(child, true);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-soak-"));
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
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-soak",
    PORTICO_DEMO: "0",
    // The soak measures the request log, not the per-app rate limit.
    PORTICO_SANDBOX_RATE_LIMIT: "1000000000",
    // …nor the token endpoint's budgets: its token phase is one client from one address.
    PORTICO_TOKEN_RATE_LIMIT_PER_CLIENT: "1000000000",
    PORTICO_TOKEN_RATE_LIMIT_PER_IP: "1000000000",
    REDIS_URL: process.env.REDIS_URL ?? "",
  };
  const pg = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
  const schema = `soak_${randomBytes(4).toString("hex")}`;
  if (pg) {
    const url = new URL(pg);
    url.searchParams.set("schema", schema);
    env.DATABASE_URL = url.toString();
  } else env.DATABASE_URL = `file:${path.join(dir, "portico.db")}`;
  Object.assign(process.env, env);

  let server: ChildProcess | undefined;
  try {
    const { slug, versionName, org, account, app } = await seedBenchApp();
    const { closeDb, getDb } = await import("@/lib/db");

    const entry = PORTAL ? "scripts/start.ts" : "gateway/main.ts";
    // --expose-gc and the probe (bench/memory-probe.ts) let the soak read the server's heap after a full GC.
    server = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "--import", "./bench/memory-probe.ts", entry], { env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const gateway = `http://127.0.0.1:${GATEWAY_PORT}`;
    const portal = `http://127.0.0.1:${PORTAL_PORT}`;
    await waitFor(`${gateway}/healthz`, server);
    if (PORTAL) await waitFor(`${portal}/signin`, server);

    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
    const form = { authorization: basic, "content-type": "application/x-www-form-urlencoded" };
    const tokenResponse = await fetch(`${gateway}/oauth2/token`, { method: "POST", headers: form, body: "grant_type=client_credentials" });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const bearer = { authorization: `Bearer ${token}` };
    const payment = JSON.stringify({ debtorAccount: account.accountId, creditorIban: "DE89370400440532013000", amount: { value: "10.00", currency: "EUR" }, reference: "soak" });
    const sandbox = `/sandbox/${slug}/${versionName}`;
    const cookie = PORTAL ? await signIn(portal, org.owner.email, "gateway-fixture-pw") : "";

    // The mix: most connections on the sandbox (GET and POST alternating),
    // a few on the token endpoint (one durable row per token) and on portal
    // pages (server-rendered, reading the database).
    const portalConnections = PORTAL ? Math.max(1, Math.round(CONNECTIONS / 10)) : 0;
    const tokenConnections = SANDBOX_ONLY ? 0 : Math.max(1, Math.round(CONNECTIONS / 10));
    const sandboxConnections = CONNECTIONS - portalConnections - tokenConnections;
    const { default: autocannon } = await import("autocannon");
    const statuses = { sandbox: {} as Tally, token: {} as Tally, portal: {} as Tally };
    let errors = 0;
    const phase = async (seconds: number) => {
      const runs: Promise<readonly [keyof typeof statuses, Awaited<ReturnType<typeof autocannon>>]>[] = [
        autocannon({
          url: gateway,
          connections: sandboxConnections,
          duration: seconds,
          requests: [
            { method: "GET", path: `${sandbox}/accounts/${account.accountId}`, headers: bearer },
            { method: "POST", path: `${sandbox}/payments`, headers: { ...bearer, "content-type": "application/json" }, body: payment },
          ],
        }).then((r) => ["sandbox", r] as const),
      ];
      if (tokenConnections) {
        runs.push(autocannon({ url: `${gateway}/oauth2/token`, method: "POST", headers: form, body: "grant_type=client_credentials", connections: tokenConnections, duration: seconds }).then((r) => ["token", r] as const));
      }
      if (PORTAL) {
        runs.push(
          autocannon({
            url: portal,
            connections: portalConnections,
            duration: seconds,
            timeout: 30,
            requests: ["/dashboard", "/apis", "/apps", `/apis/${slug}`, "/logs"].map((p) => ({ method: "GET", path: p, headers: { cookie } })),
          }).then((r) => ["portal", r] as const),
        );
      }
      for (const [kind, result] of await Promise.all(runs)) {
        add(statuses[kind], result.statusCodeStats);
        errors += result.errors;
      }
    };

    console.log(`\nsoak: ${CONNECTIONS} connections (sandbox ${sandboxConnections}, token ${tokenConnections}, portal ${portalConnections}), warm-up in ${WARMUP_SECONDS} s rounds until memory levels off, then ${SECONDS} s, ${pg ? "PostgreSQL" : "SQLite"}, ${os.cpus().length} CPUs, Node ${process.version}`);
    const rssStart = rssMiB(server.pid!);
    // RSS every 5 s, to show whether memory levels off or keeps climbing.
    const samples: number[] = [];
    const heap: string[] = [];
    const sampler = setInterval(() => {
      samples.push(rssMiB(server!.pid!));
      void memory(server!, false).then((u) => heap.push(`${mib(u.heapUsed)}/${mib(u.heapTotal)}/${mib(u.external)}/${mib(u.arrayBuffers)}`));
    }, 5000);
    // Warm-up until memory levels off: the first requests load each page's
    // modules, JIT-compile the hot paths and fill the caches (access caches,
    // mock answers, compiled validators, Next.js's), and V8 grows its heap to
    // the working size of this load. Growth after that is what the check is about.
    let warmupRounds = 0;
    let settled = false;
    let rssWarm = rssStart;
    const warmup: string[] = [];
    for (;;) {
      await phase(WARMUP_SECONDS);
      warmupRounds++;
      const rss = rssMiB(server.pid!);
      const roundGrowth = (rss - rssWarm) / rssWarm;
      warmup.push(`${rss.toFixed(0)} MiB (${roundGrowth >= 0 ? "+" : ""}${(roundGrowth * 100).toFixed(1)} %)`);
      rssWarm = rss;
      settled = roundGrowth < SETTLED_ROUND_GROWTH;
      if (settled || warmupRounds >= MAX_WARMUP_ROUNDS) break;
    }
    console.log(`  warm-up: ${warmupRounds} × ${WARMUP_SECONDS} s until a round grew resident memory by less than ${SETTLED_ROUND_GROWTH * 100} %${settled ? "" : " (still growing at the cap)"}: ${warmup.join(", ")}`);
    const heapWarm = await atRest(server);
    if (SNAPSHOT_DIR) console.log(`  heap snapshot after warm-up: ${await heapSnapshot(server, path.join(SNAPSHOT_DIR, "soak-1-warm.heapsnapshot"))}`);
    await phase(SECONDS);
    const rssEnd = rssMiB(server.pid!);
    const heapEnd = await atRest(server);
    if (SNAPSHOT_DIR) console.log(`  heap snapshot at the end: ${await heapSnapshot(server, path.join(SNAPSHOT_DIR, "soak-2-end.heapsnapshot"))}`);

    clearInterval(sampler);

    // A clean stop writes what the request log still has queued.
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
    server = undefined;
    const rows = await getDb().requestLog.count();
    const sandbox503 = statuses.sandbox["503"] ?? 0;
    const sandboxAnswered = sum(statuses.sandbox, (s) => s !== 503);
    const other5xx = sum(statuses.sandbox, (s) => s >= 500 && s !== 503) + sum(statuses.token, (s) => s >= 500) + sum(statuses.portal, (s) => s >= 500);
    const growth = (rssEnd - rssWarm) / rssWarm;
    const heapGrowth = (heapEnd.heapUsed - heapWarm.heapUsed) / heapWarm.heapUsed;
    await closeDb();

    const checks = [
      { ok: other5xx === 0, text: `5xx other than 503 push-back: ${other5xx} (must be 0)` },
      { ok: rows >= sandboxAnswered, text: `request log: ${rows} rows for ${sandboxAnswered} answered sandbox calls (missing ${Math.max(0, sandboxAnswered - rows)}; must be 0)` },
      { ok: growth < MAX_RSS_GROWTH, text: `resident memory: ${rssStart.toFixed(0)} MiB at start, ${rssWarm.toFixed(0)} MiB after warm-up, ${rssEnd.toFixed(0)} MiB at the end: ${(growth * 100).toFixed(1)} % (must be < ${MAX_RSS_GROWTH * 100} %)` },
      {
        ok: heapGrowth < MAX_HEAP_GROWTH,
        text: `live heap (after a full GC, load stopped): ${mib(heapWarm.heapUsed)} MiB after warm-up, ${mib(heapEnd.heapUsed)} MiB at the end: ${(heapGrowth * 100).toFixed(1)} % (a leak keeps growing; must be < ${MAX_HEAP_GROWTH * 100} %); external ${mib(heapWarm.external)} → ${mib(heapEnd.external)} MiB`,
      },
    ];
    const total = warmupRounds * WARMUP_SECONDS + SECONDS;
    console.log(`\n  sandbox  ${show(statuses.sandbox)}  (${(sum(statuses.sandbox) / total).toFixed(0)} req/s)`);
    console.log(`  token    ${show(statuses.token)}  (${(sum(statuses.token) / total).toFixed(0)} req/s)`);
    if (PORTAL) console.log(`  portal   ${show(statuses.portal)}  (${(sum(statuses.portal) / total).toFixed(0)} req/s)`);
    console.log(`  503 push-back (Retry-After): ${sandbox503}   connection errors: ${errors}`);
    console.log(`  RSS every 5 s (MiB): ${samples.map((m) => m.toFixed(0)).join(" ")}\n`);
    console.log(`  heap used/total/external/arrayBuffers every 5 s (MiB): ${heap.join(" ")}\n`);
    for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"}  ${c.text}`);
    return checks.every((c) => c.ok);
  } finally {
    if (server) {
      server.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
    if (pg) {
      const { Client } = await import("pg");
      const client = new Client({ connectionString: pg });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
