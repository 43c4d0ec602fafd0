// `npm start`: one process runs everything on the embedded default.
//  1. applies database migrations (creates data/portico.db on first start);
//  2. gives organisations that predate sandbox cards and FX rates theirs
//     (backfill-sandbox-products.ts), and seeds demo data into an empty
//     database (PORTICO_DEMO=0 to skip);
//  3. builds the portal if the sources changed since the last build, and
//     brotli/gzip-encodes the docs viewer's bundle into the build folder;
//  4. serves the portal (Next.js) and the gateway (bare node:http) side by side.
// `npm start -- --dev` runs the portal in Next.js dev mode instead;
// `--build` only does step 3 and exits (npm test builds while vitest runs).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { config } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { logServerError } from "../lib/errors/redact";
import { seedDemoIfEmpty } from "../lib/seed/seed-demo";
import { backfillSandboxProducts } from "../lib/sandbox-data/backfill-sandbox-products";
import { startGateway } from "../gateway/server";
import { compileTrustedProxies, setClientIpHeader } from "../lib/client-ip/client-ip";
import { startAuditCheckpoints } from "../lib/audit/audit-checkpoint-schedule";
import { redisCheckpointSink } from "../lib/audit/redis-checkpoint-sink";
import { startCallbackWorker } from "../lib/callbacks/deliver-callbacks";
import { startMailWorker } from "../lib/mail/deliver-mail";
import { elementsAssets } from "../lib/catalog/elements-assets";

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

const root = process.cwd();
const dev = process.argv.includes("--dev");
const buildOnly = process.argv.includes("--build");

/** A fingerprint of everything that goes into the portal build. */
function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.test\.tsx?$/.test(entry.name)) continue; // tests are not part of the portal: editing one needs no rebuild
      else {
        const s = statSync(full);
        hash.update(`${full}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "components", "lib", "public", "openapi"]) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of ["next.config.js", "proxy.ts", "package.json", "postcss.config.mjs"]) {
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  if (existsSync("tsconfig.json")) hash.update(tsconfigForFingerprint(readFileSync("tsconfig.json", "utf8")));
  return hash.digest("hex");
}

/**
 * tsconfig.json as the build sees it. `next build` into a NEXT_DIST_DIR other
 * than .next adds that folder's generated types to `include` (and reformats
 * the file) after the fingerprint was taken: without this the next start
 * would find the sources "changed" and build all over again.
 */
function tsconfigForFingerprint(text: string): string {
  try {
    const tsconfig = JSON.parse(text) as { include?: unknown };
    if (Array.isArray(tsconfig.include)) tsconfig.include = tsconfig.include.filter((entry) => !(typeof entry === "string" && /^\.next[^/]*\/(dev\/)?types\//.test(entry)));
    return JSON.stringify(tsconfig);
  } catch {
    return text; // not plain JSON (comments): hashed as written
  }
}

async function buildIfNeeded() {
  const distDir = path.join(root, process.env.NEXT_DIST_DIR || ".next");
  const stamp = path.join(distDir, "portico-source-fingerprint");
  const fingerprint = sourceFingerprint();
  if (existsSync(path.join(distDir, "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint) return;
  console.log("building the portal (first start or sources changed)…");
  execFileSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  // Elements' bundle, brotli- and gzip-encoded into the fresh build folder (next build empties it).
  const started = performance.now();
  const { hash, assets } = elementsAssets();
  const sizes = await Promise.all(Object.entries(assets).map(async ([name, a]) => `${name} ${kb(a.identity.length)} → br ${kb((await a.encoded.br).length)}, gzip ${kb((await a.encoded.gzip).length)}`));
  console.log(`docs viewer assets ${hash}: ${sizes.join("; ")} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  writeFileSync(stamp, fingerprint);
}

async function main() {
  if (buildOnly) return buildIfNeeded();
  // Where start-up time goes, printed once both servers listen (the e2e suite waits for this).
  const steps: string[] = [];
  let mark = 0; // performance.now() counts from the start of the process
  const step = (name: string) => {
    const now = performance.now();
    steps.push(`${name} ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  step("loading");
  const ran = await migrate();
  if (ran.length) console.log(`database: applied ${ran.join(", ")}`);
  const backfilled = await backfillSandboxProducts();
  if (backfilled.fxRateOrganisations || backfilled.cards) console.log(`sandbox: FX rates for ${backfilled.fxRateOrganisations} organisations and ${backfilled.cards} cards that predate them`);
  if (process.env.PORTICO_DEMO !== "0") {
    const seeded = await seedDemoIfEmpty();
    if (seeded.length) console.log(`demo data:\n  ${seeded.join("\n  ")}`);
  }
  step("database");
  if (!dev) await buildIfNeeded();
  step("build check");

  const { default: next } = await import("next");
  const app = next({ dev, dir: root, hostname: config.host, port: config.portalPort });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Imported once Next.js has set up its request storage, which the session code needs.
  const { serveElementsAssetOverNode } = await import("../lib/catalog/serve-elements-asset");
  // Read the encodings the build made before the first docs page asks (made afresh in dev, in the background).
  const encodings = Object.values(elementsAssets().assets).flatMap((a) => [a.encoded.br, a.encoded.gzip]);
  if (!dev) await Promise.all(encodings);
  // Route handlers do not see the socket: the client's address reaches them
  // in a header this server sets, overwriting any a client sent (lib/client-ip).
  const trustedProxies = compileTrustedProxies(config.trustedProxies); // a bad TRUSTED_PROXIES stops the start, not a request
  const portal = http.createServer((req, res) => {
    setClientIpHeader(req, trustedProxies);
    // Elements' bundle, brotli-encoded: Next.js would drop the encoding (lib/catalog/serve-elements-asset.ts).
    if (serveElementsAssetOverNode(req, res, config.portalUrl)) return;
    void handle(req, res);
  });
  await new Promise<void>((resolve) => portal.listen(config.portalPort, config.host, resolve));
  step("portal");
  const gateway = await startGateway({ port: config.gatewayPort, host: config.host });
  step("gateway");

  // Audit checkpoints: this process is the one writer per deployment (extra
  // gateway instances, `npm run gateway`, write none).
  const settings = config.auditCheckpoints;
  const redisSink = config.redisUrl ? await redisCheckpointSink({ redisUrl: config.redisUrl, stream: settings.redisStream }) : undefined;
  const checkpoints = await startAuditCheckpoints({ settings, sinks: redisSink ? [redisSink.sink] : [] });

  // Event callbacks: the outbox worker. Safe in every process (rows are claimed by a conditional update).
  const callbacks = config.callbackWorkerIntervalMs > 0 ? startCallbackWorker({ intervalMs: config.callbackWorkerIntervalMs }) : undefined;
  // Mail: sent over SMTP_URL by the same kind of outbox worker; without it mails wait on /outbox.
  const mail = config.smtpUrl && config.mailWorkerIntervalMs > 0 ? startMailWorker({ intervalMs: config.mailWorkerIntervalMs, smtpUrl: config.smtpUrl }) : undefined;

  console.log(`portal   ${config.portalUrl}`);
  console.log(`gateway  ${config.gatewayUrl}`);
  console.log(`mail     ${config.smtpUrl ? "sent over SMTP_URL" : `not sent (no SMTP_URL): read it on ${config.portalUrl}/outbox`}`);
  console.log(`audit checkpoints → ${settings.file}${redisSink ? ` and Redis stream ${settings.redisStream}` : ""}`);
  console.log(`started: ${steps.join(", ")}`);
  // Stop accepting, write the queued request logs and a last audit
  // checkpoint (after the logs: nothing else is written once they are in), then exit.
  const stop = () => {
    portal.close();
    void gateway
      .stop()
      .then(() => callbacks?.stop())
      .then(() => mail?.stop())
      .then(() => checkpoints.stop())
      .then(() => redisSink?.close())
      .finally(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  logServerError("start:", error);
  process.exit(1);
});
