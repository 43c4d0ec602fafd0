// `npm run bench:store`: what the resource store costs per call, against
// Prism's (cached) mock of the same operation in the same run, on the
// gateway with a valid token (every check, the request log):
//   mocked GET   GET /pets/1 with Prefer: code=200 (Prism's answer, cached)
//   store GET    GET /pets/1 from the store (one indexed read, the response schema check)
//   mocked POST  POST /pets with Prefer: code=201
//   store POST   POST /pets creating a pet (the usage-row lock, the next sequence number,
//                the generated required fields, the schema check and the insert, one transaction)
//   store PATCH  PATCH /pets/1 (a JSON Merge Patch: lock, read, merge, check, update)
// The gateway runs in a child process (it never shares an event loop with
// autocannon); 10 connections, BENCH_SECONDS (5) s after a 1 s warm-up; a
// fresh SQLite database in a temp dir, or DATABASE_URL=postgresql://… as given.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SPEC = path.join(process.cwd(), "lib", "testing", "data", "pets-store.yaml");

async function serve() {
  const { startGateway } = await import("../gateway/server");
  const gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000_000, tokenRateLimits: { perIpPerMinute: 100_000_000, perClientPerMinute: 100_000_000 } });
  process.on("SIGTERM", () => void gateway.stop().then(() => process.exit(0)));
  process.stdout.write(`ready ${new URL(gateway.url).port}\n`);
}

function start(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", __filename, "--serve"], { env, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const ready = /ready (\d+)/.exec(chunk.toString());
      if (ready) resolve({ child, port: Number(ready[1]) });
    });
    child.once("exit", (code) => reject(new Error(`gateway exited (${code})`)));
  });
}

type Row = { name: string; rps: number; p99: number; non2xx: number };

async function measure(name: string, options: { url: string; method?: "GET" | "POST" | "PATCH"; headers: Record<string, string>; body?: string }): Promise<Row> {
  const { default: autocannon } = await import("autocannon");
  const base = { url: options.url, method: options.method ?? "GET", headers: options.headers, body: options.body, connections: CONNECTIONS };
  await autocannon({ ...base, duration: 1 });
  const result = await autocannon({ ...base, duration: SECONDS });
  const row = { name, rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx };
  console.log(`  ${name.padEnd(14)} ${row.rps.toFixed(0).padStart(7)} req/s   p99 ${String(row.p99).padStart(3)} ms${row.non2xx ? `   (non-2xx ${row.non2xx})` : ""}`);
  return row;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-store-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : `file:${path.join(dir, "bench.db")}`,
    PORTICO_DATA_DIR: dir,
    REDIS_URL: "",
    // Room for every pet a run creates.
    PORTICO_SANDBOX_STORE_MAX_RESOURCES: "100000000",
    PORTICO_SANDBOX_STORE_MAX_BYTES: "2000000000",
  };
  Object.assign(process.env, env);
  let gateway: ChildProcess | undefined;
  try {
    const { migrate } = await import("@/lib/db/migrate");
    const { closeDb } = await import("@/lib/db");
    const fixtures = await import("@/lib/testing/gateway-fixtures");
    await migrate();
    const { version, slug, versionName } = await fixtures.makeApiVersion({ file: SPEC });
    const org = await fixtures.makeOrganisationWithAccounts({ accounts: 1 });
    const app = await fixtures.makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["pets"], tokenLifetimeSeconds: 3600 });
    await closeDb();
    const started = await start(env);
    gateway = started.child;
    const origin = `http://127.0.0.1:${started.port}`;
    const token = await fixtures.clientCredentialsToken(origin, app);
    const base = `${origin}/sandbox/${slug}/${versionName}`;
    const bearer = { authorization: `Bearer ${token}` };
    const json = { ...bearer, "content-type": "application/json" };
    const created = await fetch(`${base}/pets`, { method: "POST", headers: json, body: JSON.stringify({ name: "Rex" }) });
    if (created.status !== 201) throw new Error(`creating the first pet answered ${created.status}`);

    console.log(`\nbench:store: ${CONNECTIONS} connections, ${SECONDS} s each, ${os.cpus().length} CPUs, Node ${process.version}, ${env.DATABASE_URL!.startsWith("file:") ? "SQLite" : "PostgreSQL"}\n`);
    const mockedGet = await measure("mocked GET", { url: `${base}/pets/1`, headers: { ...bearer, prefer: "code=200" } });
    const storeGet = await measure("store GET", { url: `${base}/pets/1`, headers: bearer });
    const mockedPost = await measure("mocked POST", { url: `${base}/pets`, method: "POST", headers: { ...json, prefer: "code=201" }, body: JSON.stringify({ name: "Tom" }) });
    const storePost = await measure("store POST", { url: `${base}/pets`, method: "POST", headers: json, body: JSON.stringify({ name: "Tom" }) });
    const storePatch = await measure("store PATCH", { url: `${base}/pets/1`, method: "PATCH", headers: { ...bearer, "content-type": "application/merge-patch+json" }, body: JSON.stringify({ tag: "bench" }) });
    const ratio = (x: number, y: number) => (x / y).toFixed(2);
    console.log(`\n  store/mocked  GET ${ratio(storeGet.rps, mockedGet.rps)}   POST ${ratio(storePost.rps, mockedPost.rps)}   (PATCH ${storePatch.rps.toFixed(0)} req/s)`);
  } finally {
    gateway?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve") {
  serve().catch((error) => {
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
