// `npm run bench`: how fast is the sandbox gateway, against what?
//   (a) bare node:http returning a fixed JSON body — the ceiling;
//   (b) Prism's own standalone mock server (@stoplight/prism-http-server
//       createServer, routing over the whole spec, validating requests) on
//       the same spec;
//   (c) the gateway with a valid token: an account GET and a payment POST
//       (token check, scopes, rate limit, validation, account subset, Prism
//       response, request log — everything it does in production);
//   (d) the token endpoint (client_secret_basic; one row written per token);
//   (e) account GETs at a steady rate while large specs are published in the
//       gateway's own process (as under `npm start`, where the portal that
//       takes uploads shares the gateway's event loop), against the same
//       calls at the same rate without a publish: a catalogue change must
//       not stall the sandbox (target: p99 during the publishes ≤ 50 ms).
//   (f) the gateway on bound operations, answered from the sandbox data: the
//       bundled Accounts 2.1.0 getAccount (one indexed read) and Payments
//       createDomesticPayment (a new Idempotency-Key per request: a debit,
//       a transaction and a payment row in one transaction), and a 3-step
//       composite (POST /sandbox/composite: get the account, pay from it, get
//       the payment by reference — the three calls' checks and one
//       transaction; one composite counts as one request here).
// Each server runs in its own child process so it never shares an event
// loop with autocannon. One run each, 10 connections, BENCH_SECONDS (5) s
// after a 1 s warm-up. A fresh SQLite database in a temp dir holds the
// catalogue, organisation, accounts and app, made through lib/ and Prisma.
// Besides req/s and p99, each run prints the server's CPU time per request
// (user + system of its whole process, log thread included, from
// process.cpuUsage()): on a shared box it moves much less than req/s.
// `npm run bench -- --profile [--only "account GET"]` writes a V8 CPU profile of the gateway;
// `--only "(c),(f)"` runs only the runs whose names contain one of the comma-separated parts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { seedBenchApp } from "./seed-bench-app";

const CONNECTIONS = 10;
/** (e) runs at a fixed rate (well below saturation) so its latencies show stalls, not queueing behind a saturated CPU. */
const STEADY_RATE = 400;
/** Operations in each spec (e) publishes: a large real bank spec's worth (~1.2 MB of JSON). */
const LARGE_SPEC_OPERATIONS = 1000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/**
 * BENCH_PORT_BASE moves the three servers' ports, so two benches on one
 * machine do not collide; BENCH_PORT_BASE=0 lets each take a free port.
 */
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 5101);
const PORTS = PORT_BASE === 0 ? { bare: 0, prism: 0, gateway: 0 } : { bare: PORT_BASE, prism: PORT_BASE + 1, gateway: PORT_BASE + 2 };
type Kind = keyof typeof PORTS;

const ACCOUNT_EXAMPLE = { accountId: "acc_0000000000000001", iban: "GB33BUKB20201555555555", name: "Everyday", currency: "GBP", balance: "1250.40" };

// ─── child: one server ───────────────────────────────────────────────────────
async function serve(kind: Kind, port: number) {
  // The parent asks for the CPU time used so far, before and after each run.
  process.on("message", (message: { cpu?: true }) => {
    if (message.cpu) process.send!({ cpu: process.cpuUsage() });
  });
  if (kind === "bare") {
    const body = JSON.stringify(ACCOUNT_EXAMPLE);
    const server = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body));
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  } else if (kind === "prism") {
    const { getHttpOperationsFromSpec } = await import("@stoplight/prism-http");
    const { createServer } = await import("@stoplight/prism-http-server");
    const { silentPrismLogger } = await import("@/lib/sandbox/mock-response");
    const { TEST_SPEC } = await import("@/lib/testing/gateway-fixtures");
    const operations = await getHttpOperationsFromSpec(TEST_SPEC);
    const server = createServer(operations, {
      components: { logger: silentPrismLogger() },
      // `prism mock` defaults: security and request validation on, examples first.
      config: { checkSecurity: true, validateRequest: true, validateResponse: false, errors: false, mock: { dynamic: false }, isProxy: false, upstreamProxy: undefined },
      cors: false,
    });
    const address = await server.listen(port, "127.0.0.1");
    port = Number(/:(\d+)\/?$/.exec(String(address))?.[1] ?? port);
  } else {
    const { startGateway } = await import("../gateway/server");
    const gateway = await startGateway({ port, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000_000, tokenRateLimits: { perIpPerMinute: 100_000_000, perClientPerMinute: 100_000_000 } });
    process.on("SIGTERM", () => void gateway.stop().then(() => process.exit(0)));
    port = Number(new URL(gateway.url).port);
    // (e): the parent asks for a publish; it runs here, beside the sandbox.
    const { publishSpec } = await import("@/lib/catalog/publish-spec");
    const { systemActor } = await import("@/lib/authz/actor");
    process.on("message", (message: { publish?: string }) => {
      if (message.publish === undefined) return;
      const started = performance.now();
      publishSpec({ actor: systemActor("bench"), unverifiedSpec: message.publish, filename: "large.json" })
        .then(() => gateway.reloadRoutes())
        .then(
          () => process.send!({ publishedMs: performance.now() - started }),
          (error: unknown) => process.send!({ error: String(error) }),
        );
    });
  }
  process.stdout.write(`ready ${port}\n`);
}

// ─── parent: data, servers, measurements ────────────────────────────────────
function start(kind: Kind, env: NodeJS.ProcessEnv, profileDir?: string): Promise<ChildProcess> {
  const args = ["--import", "tsx", ...(profileDir && kind === "gateway" ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), __filename, "--serve", kind, String(PORTS[kind])];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const ready = /ready (\d+)/.exec(chunk.toString());
      if (ready) {
        PORTS[kind] = Number(ready[1]);
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
}

/** Every measured run, by name; (a) runs on the bare server, (b) on Prism, the rest on the gateway. */
const RUN_NAMES = [
  "(a) bare node:http, fixed JSON",
  "(b) Prism mock server, account GET",
  "(b) Prism mock server, payment POST",
  "(c) gateway, account GET",
  "(c) gateway, payment POST",
  "(d) token endpoint",
  "(e) account GET, publishing or not",
  "(f) gateway, data-backed account GET",
  "(f) gateway, data-backed payment POST",
  "(f) gateway, 3-step composite",
] as const;
type RunName = (typeof RUN_NAMES)[number];
const serverOf = (name: RunName): Kind => (name.startsWith("(a)") ? "bare" : name.startsWith("(b)") ? "prism" : "gateway");

/** rps counts every answer; okRps only the 2xx ones (a starved box answers 503 request_log_behind cheaply, which would flatter rps). */
type Row = { name: string; rps: number; okRps: number; p99: number; non2xx: number; errors: number; cpuMicrosPerRequest: number; statuses: string };

type Target = {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  uniqueHeader?: string;
  /** A body that must differ per request (a composite whose payment step needs its own Idempotency-Key), from a unique string. */
  uniqueBody?: (unique: string) => string;
};

/** The server's CPU time so far (µs, user + system, every thread of its process). */
function cpuOf(server: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const answer = (m: { cpu?: NodeJS.CpuUsage }) => {
      if (!m.cpu) return;
      server.off("message", answer);
      resolve(m.cpu.user + m.cpu.system);
    };
    server.on("message", answer);
    server.send({ cpu: true });
  });
}

async function measure(name: string, options: Target, server: ChildProcess): Promise<Row> {
  const { default: autocannon } = await import("autocannon");
  let n = 0;
  const { uniqueHeader, uniqueBody } = options;
  // A header or body that must differ per request (an Idempotency-Key): set as each request is made.
  type Req = { headers?: Record<string, string>; method?: string; path?: string; body?: string };
  const setupRequest = (req: Req): Req => {
    const unique = `bench-${process.pid}-${Date.now()}-${n++}`;
    return { ...req, ...(uniqueHeader ? { headers: { ...req.headers, [uniqueHeader]: unique } } : {}), ...(uniqueBody ? { body: uniqueBody(unique) } : {}) };
  };
  const requests = uniqueHeader || uniqueBody ? [{ setupRequest }] : undefined;
  const base = { url: options.url, method: options.method ?? "GET", headers: options.headers, body: options.body, connections: CONNECTIONS, ...(requests ? { requests } : {}) };
  await autocannon({ ...base, duration: 1 }); // warm-up: JIT, caches, connections
  const cpuBefore = await cpuOf(server);
  const result = await autocannon({ ...base, duration: SECONDS });
  const cpu = (await cpuOf(server)) - cpuBefore;
  // Which answers were not 2xx (503 request_log_behind on a starved box, for one), so a rate is never read without them.
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, { count }]) => `${code}×${count}`)
    .join(" ");
  const okRps = (result.requests.total - result.non2xx) / result.duration;
  return { name, rps: result.requests.average, okRps, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, cpuMicrosPerRequest: cpu / Math.max(1, result.requests.total), statuses };
}

/**
 * What one durable SQLite commit costs on this disk right now: BEGIN
 * IMMEDIATE, a one-row INSERT, COMMIT, in WAL mode with synchronous=FULL (as
 * the gateway's connection runs: the WAL is fsynced at every commit).
 * better-sqlite3 commits on the event loop, and each of (f)'s payment POSTs
 * waits for one such commit there: the disk's state, to read the POST's rate
 * against (it moves from second to second with what else writes the disk).
 */
async function commitMs(dir: string): Promise<number> {
  const { default: Database } = await import("better-sqlite3");
  const file = path.join(dir, "commit-probe.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT)");
  const insert = db.prepare("INSERT INTO probe (body) VALUES (?)");
  const n = 200;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    db.exec("BEGIN IMMEDIATE");
    insert.run("x".repeat(300));
    db.exec("COMMIT");
  }
  const ms = (performance.now() - started) / n;
  db.close();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  return ms;
}

/** Steady-rate account GETs for `seconds`, with `during` running alongside (or not): p99 and max latency. */
async function measureSteady(options: { url: string; headers: Record<string, string>; seconds: number; during?: (stop: () => boolean) => Promise<number[]> }) {
  const { default: autocannon } = await import("autocannon");
  let over = false;
  const load = autocannon({ url: options.url, headers: options.headers, connections: 4, overallRate: STEADY_RATE, duration: options.seconds });
  const side = options.during ? options.during(() => over) : Promise.resolve([]);
  const result = await load;
  over = true;
  const sideResults = await side;
  return { p99: result.latency.p99, max: result.latency.max, requests: result.requests.total, non2xx: result.non2xx, sideResults };
}

/** Publishes a large generated spec in the gateway's process; resolves with how long it took there (until its routes were served). */
function publishInGateway(gateway: ChildProcess, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    gateway.once("message", (m: { publishedMs?: number; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.publishedMs!)));
    gateway.send({ publish: text });
  });
}

async function main() {
  const profile = process.argv.includes("--profile");
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-"));
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "bench.db")}`, PORTICO_DATA_DIR: dir, REDIS_URL: "" };
  Object.assign(process.env, env);
  const children: ChildProcess[] = [];
  try {
    const { slug, versionName, account, app, bound } = await seedBenchApp();

    const onlyParts = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1]!.split(",").map((part) => part.trim()) : undefined;
    const selected = (name: string) => !onlyParts || onlyParts.some((part) => name.includes(part));
    // --only starts just the servers its runs need.
    const servers = (["bare", "prism", "gateway"] as const).filter((kind) => RUN_NAMES.some((name) => serverOf(name) === kind && selected(name)));
    const started = new Map<Kind, ChildProcess>();
    for (const kind of servers) {
      const child = await start(kind, env, profile ? dir : undefined);
      children.push(child);
      started.set(kind, child);
    }
    const basic = `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}`;
    const tokenResponse = await fetch(`http://127.0.0.1:${PORTS.gateway}/oauth2/token`, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
    const bearer = { authorization: `Bearer ${token}` };
    const payment = JSON.stringify({ debtorAccount: account.accountId, creditorIban: "DE89370400440532013000", amount: { value: "10.00", currency: "EUR" }, reference: "bench" });
    const json = { "content-type": "application/json" };
    const sandbox = `http://127.0.0.1:${PORTS.gateway}/sandbox/${slug}/${versionName}`;
    const prism = `http://127.0.0.1:${PORTS.prism}`;

    const rows: Row[] = [];
    const run = async (name: RunName, o: Target) => {
      // --only: just the selected runs (profiling one path); the rest report 0.
      if (!selected(name)) return { name, rps: 0, okRps: 0, p99: 0, non2xx: 0, errors: 0, cpuMicrosPerRequest: 0, statuses: "" };
      const row = await measure(name, o, started.get(serverOf(name))!);
      rows.push(row);
      console.log(
        `  ${name.padEnd(38)} ${row.rps.toFixed(0).padStart(7)} req/s   p99 ${String(row.p99).padStart(3)} ms   CPU ${row.cpuMicrosPerRequest.toFixed(0).padStart(4)} µs/req${row.non2xx || row.errors ? `   (non-2xx ${row.non2xx}: ${row.statuses}; errors ${row.errors}; 2xx ${row.okRps.toFixed(0)} req/s)` : ""}`,
      );
      return row;
    };
    console.log(`\nbench: ${CONNECTIONS} connections, ${SECONDS} s each, ${os.cpus().length} CPUs, Node ${process.version}\n`);
    const a = await run("(a) bare node:http, fixed JSON", { url: `http://127.0.0.1:${PORTS.bare}/` });
    const bGet = await run("(b) Prism mock server, account GET", { url: `${prism}/accounts/${account.accountId}`, headers: bearer });
    const bPost = await run("(b) Prism mock server, payment POST", { url: `${prism}/payments`, method: "POST", headers: { ...bearer, ...json }, body: payment });
    const cGet = await run("(c) gateway, account GET", { url: `${sandbox}/accounts/${account.accountId}`, headers: bearer });
    const cPost = await run("(c) gateway, payment POST", { url: `${sandbox}/payments`, method: "POST", headers: { ...bearer, ...json }, body: payment });
    const boundAccounts = `http://127.0.0.1:${PORTS.gateway}/sandbox/${bound.accounts.slug}/${bound.accounts.versionName}`;
    const boundPayments = `http://127.0.0.1:${PORTS.gateway}/sandbox/${bound.payments.slug}/${bound.payments.versionName}`;
    const boundPayment = JSON.stringify({ debtorAccountId: account.accountId, creditorName: "Bench Payee", creditorIban: "GB94BARC10201530093459", amount: { value: "10.00", currency: "GBP" }, reference: "bench" });
    const fGet = await run("(f) gateway, data-backed account GET", { url: `${boundAccounts}/accounts/${account.accountId}`, headers: bearer });
    const commit = selected(RUN_NAMES[8]) ? await commitMs(dir) : 0;
    const fPost = await run("(f) gateway, data-backed payment POST", { url: `${boundPayments}/payments`, method: "POST", headers: { ...bearer, ...json }, body: boundPayment, uniqueHeader: "idempotency-key" });
    if (commit) console.log(`      one durable SQLite commit (WAL fsync) on this disk just before: ${commit.toFixed(2)} ms; each payment waits for one on the event loop`);
    const boundPath = (api: { slug: string; versionName: string }) => `/sandbox/${api.slug}/${api.versionName}`;
    const compositeBody = (key: string) =>
      JSON.stringify({
        requests: [
          { id: "account", method: "GET", path: `${boundPath(bound.accounts)}/accounts/${account.accountId}` },
          { id: "pay", method: "POST", path: `${boundPath(bound.payments)}/payments`, headers: { "idempotency-key": key }, body: JSON.parse(boundPayment) as unknown },
          { id: "check", method: "GET", path: `${boundPath(bound.payments)}/payments/{{pay.body.paymentId}}` },
        ],
      });
    const fComposite = await run("(f) gateway, 3-step composite", { url: `http://127.0.0.1:${PORTS.gateway}/sandbox/composite`, method: "POST", headers: { ...bearer, ...json }, uniqueBody: compositeBody });
    const d = await run("(d) token endpoint", { url: `http://127.0.0.1:${PORTS.gateway}/oauth2/token`, method: "POST", headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });

    let e: { quiet: number; busy: number; publishes: number[] } | undefined;
    if (selected(RUN_NAMES[6])) {
      const { generateSpec } = await import("@/lib/catalog/generate-spec");
      const gateway = started.get("gateway")!;
      const target = { url: `${sandbox}/accounts/${account.accountId}`, headers: bearer, seconds: Math.max(SECONDS, 8) };
      await measureSteady({ ...target, seconds: 1 }); // warm-up
      const quiet = await measureSteady(target);
      const busy = await measureSteady({
        ...target,
        during: async (over) => {
          const times: number[] = [];
          for (let i = 0; !over(); i++) {
            const spec = generateSpec({ slug: `bench-large-${i}-${Date.now().toString(36)}`, operations: LARGE_SPEC_OPERATIONS, seed: i });
            times.push(await publishInGateway(gateway, JSON.stringify(spec)));
          }
          return times;
        },
      });
      e = { quiet: quiet.p99, busy: busy.p99, publishes: busy.sideResults };
      const kb = (JSON.stringify(generateSpec({ operations: LARGE_SPEC_OPERATIONS })).length / 1024).toFixed(0);
      console.log(`  ${"(e) account GET, no publish".padEnd(34)} ${STEADY_RATE} req/s   p99 ${String(quiet.p99).padStart(3)} ms   max ${quiet.max} ms${quiet.non2xx ? `   (non-2xx ${quiet.non2xx})` : ""}`);
      console.log(`  ${"(e) account GET, while publishing".padEnd(34)} ${STEADY_RATE} req/s   p99 ${String(busy.p99).padStart(3)} ms   max ${busy.max} ms${busy.non2xx ? `   (non-2xx ${busy.non2xx})` : ""}`);
      console.log(`      ${busy.sideResults.length} specs of ${LARGE_SPEC_OPERATIONS} operations (${kb} KB) published in the gateway's process, ${busy.sideResults.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s each (until served)`);
    }

    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    console.log("");
    // With --only, the comparisons whose runs were skipped are left out.
    if (a.rps && cGet.rps) console.log(`  c/a  account GET ${ratio(cGet.rps, a.rps)}   payment POST ${ratio(cPost.rps, a.rps)}   (target ≥ 0.6)`);
    if (bGet.rps && cGet.rps) console.log(`  c/b  account GET ${ratio(cGet.rps, bGet.rps)}   payment POST ${ratio(cPost.rps, bPost.rps)}   (target ≥ 2)`);
    if (cGet.rps) console.log(`  p99  account GET ${cGet.p99} ms   payment POST ${cPost.p99} ms   token ${d.p99} ms   (target ≤ 5 ms)`);
    if (e) console.log(`  p99  account GET during a publish ${e.busy} ms, without ${e.quiet} ms   (target ≤ 50 ms)`);
    if (fGet.rps && cGet.rps) {
      console.log(`  f/c  data-backed account GET ${ratio(fGet.okRps, cGet.okRps)} of the mocked one (2xx answers)   (target ≥ 0.5)`);
      console.log(`  CPU  per request: data-backed GET ${ratio(fGet.cpuMicrosPerRequest, cGet.cpuMicrosPerRequest)}× the mocked one's`);
    }
    if (fGet.rps) console.log(`  p99  data-backed account GET ${fGet.p99} ms   (target ≤ 10 ms)   payment POST ${fPost.okRps.toFixed(0)} req/s 2xx   (target ≥ 500 on SQLite)`);
    if (fComposite.rps && fPost.rps) console.log(`  composite  3 steps ${fComposite.okRps.toFixed(0)} req/s 2xx (${ratio(fComposite.okRps, fPost.okRps)} of a single payment POST)   p99 ${fComposite.p99} ms`);
    const bad = rows.filter((r) => r.non2xx || r.errors);
    if (bad.length) console.log(`\n  warning: non-2xx answers in ${bad.map((r) => r.name).join(", ")}`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500)); // let the profiled gateway write its profile
    if (profile) console.log(`\nCPU profile(s) in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve") {
  serve(process.argv[3] as Kind, Number(process.argv[4])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
