// `npm run bench:portal`: how fast are the portal's pages for signed-in
// developers, against a trivial Next.js page in the same run?
// Starts `scripts/start.ts` (portal + gateway in one process, as `npm start`
// runs them; the production build in NEXT_DIST_DIR, default .next-bench,
// rebuilt only when sources changed) on a fresh embedded SQLite database with
// the demo data, plus 10 developers of the demo organisation Acme, each
// signed in through next-auth's credentials flow. Then autocannon, 10
// connections, each request carrying the next developer's session cookie in
// turn, BENCH_SECONDS (10) s per page after a 2 s warm-up (and 6 s over all
// pages before the first):
//   trivial    the landing page, anonymous: Next.js, the proxy's CSP nonce and
//              the root layout, no database; measured first and last, and
//              the ratios are against the mean of the two;
//   catalogue  /apis;
//   search     /apis/search?q=… (three queries in turn);
//   API page   /apis/payments (the API's overview and its operations);
//   docs       /apis/payments/1.2.0/docs (Elements with the resolved spec, try-it).
// Also prints the server's CPU time per page (from /proc: it depends far less
// on how busy the shared machine is than pages/s and latency do), the bytes
// of HTML and of the RSC payload (what a client-side navigation fetches) of
// each page, and the machine's load average. Not part of `npm test`; no figure here is asserted.
// Ports: PORT / GATEWAY_PORT when set, else 5161 / 5162.
//   --only <text>   just the pages whose name contains it (the trivial page always runs)
//   --profile       writes a V8 CPU profile of the server into the temp dir (kept)
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { signIn, waitFor } from "./portal-session";

const CONNECTIONS = 10;
const DEVELOPERS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
/** Before any measurement, every page in turn, so none is measured cold. */
const SETTLE_SECONDS = 6;
const PORTAL_PORT = Number(process.env.PORT ?? 5161);
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT ?? 5162);
const SEARCHES = ["creditorIban", "freeze card", "list transactions"];

type Row = { name: string; rps: number; p50: number; p99: number; bad: number; cpuMs: number };

/** CPU time the server process has used so far (all its threads), in ms, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  // Fields after the command name: state is field 3, utime 14 and stime 15, in clock ticks (USER_HZ, 100 on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main() {
  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  const profile = process.argv.includes("--profile");
  const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bench-portal-"));
  const portal = `http://127.0.0.1:${PORTAL_PORT}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTICO_DATA_DIR: dir,
    DATABASE_URL: `file:${path.join(dir, "portico.db")}`,
    REDIS_URL: "",
    PORT: String(PORTAL_PORT),
    GATEWAY_PORT: String(GATEWAY_PORT),
    PORTAL_URL: portal,
    NEXTAUTH_URL: portal,
    GATEWAY_URL: `http://127.0.0.1:${GATEWAY_PORT}`,
    HOST: "127.0.0.1",
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-bench",
  };
  // The embedded default's session key: made on first start in the data folder.
  delete env.NEXTAUTH_SECRET;
  delete process.env.NEXTAUTH_SECRET;
  Object.assign(process.env, env);

  let server: ChildProcess | undefined;
  try {
    // The demo data, as the first `npm start` seeds it, and ten developers of Acme.
    const { migrate } = await import("@/lib/db/migrate");
    const { closeDb, getDb } = await import("@/lib/db");
    const { seedDemoIfEmpty } = await import("@/lib/seed/seed-demo");
    const { makeUser, TEST_PASSWORD } = await import("@/lib/testing/factories");
    await migrate();
    await seedDemoIfEmpty();
    const acme = await getDb().organisation.findUniqueOrThrow({ where: { slug: "acme-payments" } });
    const developers = [];
    for (let i = 0; i < DEVELOPERS; i++) developers.push((await makeUser({ organisationId: acme.id, email: `bench-${i}@acme.example` })).user);
    await closeDb();

    server = spawn(process.execPath, [...(profile ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : []), "--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
    await waitFor(`${portal}/signin`, server);
    const cookies = await Promise.all(developers.map((d) => signIn(portal, d.email, TEST_PASSWORD)));

    const { default: autocannon } = await import("autocannon");
    // Each request carries the next developer's cookie: ten sessions in use at once.
    let turn = 0;
    const signedIn = (paths: string[]) =>
      paths.map((p) => ({
        method: "GET",
        path: p,
        setupRequest: (request: { headers?: Record<string, string> }) => ({ ...request, headers: { ...request.headers, cookie: cookies[turn++ % cookies.length]! } }),
      }));
    const measure = async (name: string, requests: ReturnType<typeof signedIn> | { method: string; path: string }[]): Promise<Row> => {
      const base = { url: portal, connections: CONNECTIONS, timeout: 30, requests };
      await autocannon({ ...base, duration: WARMUP_SECONDS }); // warm-up: modules, JIT, caches
      const cpuBefore = cpuMsOf(server!.pid!);
      const result = await autocannon({ ...base, duration: SECONDS });
      const cpuMs = (cpuMsOf(server!.pid!) - cpuBefore) / Math.max(1, result.requests.total);
      const bad = Object.entries(result.statusCodeStats).reduce((n, [status, { count }]) => (status === "200" ? n : n + count), 0) + result.errors;
      const row = { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad, cpuMs };
      console.log(
        `  ${name.padEnd(12)} ${row.rps.toFixed(0).padStart(5)} pages/s   p50 ${String(row.p50).padStart(4)} ms   p99 ${String(row.p99).padStart(4)} ms   server CPU ${cpuMs.toFixed(1).padStart(5)} ms/page${bad ? `   (${bad} not 200)` : ""}`,
      );
      return row;
    };
    /** Bytes of the HTML page and of its RSC payload (the `RSC: 1` fetch of a client-side navigation). */
    const size = async (pagePath: string, cookie?: string) => {
      const headers: Record<string, string> = cookie ? { cookie } : {};
      const html = await (await fetch(`${portal}${pagePath}`, { headers, redirect: "manual" })).arrayBuffer();
      // Next.js answers a navigation fetch without the right `_rsc` cache-buster with a redirect to it.
      let rscResponse = await fetch(`${portal}${pagePath}`, { headers: { ...headers, rsc: "1" }, redirect: "manual" });
      const location = rscResponse.headers.get("location");
      if (rscResponse.status >= 300 && rscResponse.status < 400 && location) rscResponse = await fetch(new URL(location, portal), { headers: { ...headers, rsc: "1" }, redirect: "manual" });
      const rsc = await rscResponse.arrayBuffer();
      return `${(html.byteLength / 1024).toFixed(1)} KB HTML, ${(rsc.byteLength / 1024).toFixed(1)} KB RSC`;
    };

    const pages: { name: string; paths: string[] }[] = [
      { name: "catalogue", paths: ["/apis"] },
      { name: "search", paths: SEARCHES.map((q) => `/apis/search?q=${encodeURIComponent(q)}`) },
      { name: "API page", paths: ["/apis/payments"] },
      { name: "docs", paths: ["/apis/payments/1.2.0/docs"] },
    ].filter((p) => !only || p.name.includes(only));

    const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
    console.log(`\nbench:portal: ${CONNECTIONS} connections, ${DEVELOPERS} signed-in developers, ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up, ${os.cpus().length} CPUs, Node ${process.version}, SQLite`);
    console.log(`  load average at start: ${load()}\n`);
    // The first requests of each page load its modules and JIT-compile it: one round over every page first.
    await autocannon({ url: portal, connections: CONNECTIONS, duration: SETTLE_SECONDS, timeout: 30, requests: [{ method: "GET", path: "/" }, ...pages.flatMap((p) => signedIn(p.paths))] });
    const trivialFirst = await measure("trivial", [{ method: "GET", path: "/" }]);
    const rows: Row[] = [];
    for (const page of pages) rows.push(await measure(page.name, signedIn(page.paths)));
    const trivialLast = await measure("trivial", [{ method: "GET", path: "/" }]);
    const trivial = (trivialFirst.rps + trivialLast.rps) / 2;

    console.log(`\n  load average at end: ${load()}`);
    const trivialCpu = (trivialFirst.cpuMs + trivialLast.cpuMs) / 2;
    console.log(`  against the trivial page (mean ${trivial.toFixed(0)} pages/s): ${rows.map((r) => `${r.name} ${(r.rps / trivial).toFixed(2)}`).join(", ")}`);
    // Server CPU per page barely depends on how busy the shared machine is; one Node process runs its JavaScript on one core.
    console.log(`  server CPU per page against the trivial page (mean ${trivialCpu.toFixed(1)} ms): ${rows.map((r) => `${r.name} ${(r.cpuMs / trivialCpu).toFixed(2)}×`).join(", ")}`);
    console.log(`  one core's worth of pages at that CPU cost: ${[{ name: "trivial", cpuMs: trivialCpu }, ...rows].map((r) => `${r.name} ${(1000 / r.cpuMs).toFixed(0)}/s`).join(", ")}`);
    console.log(`  target: catalogue and search ≥ 150 pages/s with p50 ≤ 60 ms`);
    console.log(`\n  sizes: trivial ${await size("/")}`);
    for (const page of pages) console.log(`         ${page.name} ${await size(page.paths[0]!, cookies[0])}`);
    const bad = [trivialFirst, ...rows, trivialLast].filter((r) => r.bad);
    if (bad.length) console.log(`\n  warning: answers other than 200 in ${bad.map((r) => r.name).join(", ")}`);
  } finally {
    if (server) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    if (profile) console.log(`\nCPU profile in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
