// npm run bench:revocation — revocation-to-refusal latency across gateway
// instances. Needs PostgreSQL (DATABASE_URL=postgresql://…) and Redis
// (REDIS_URL). Starts two gateway processes (ports 5200-5299) on a fresh
// PostgreSQL schema, then repeatedly: issues a token at instance A, warms
// instance B's cache with a sandbox call, revokes the token — through A's
// RFC 7009 endpoint, through the portal's lib function in this process, or
// (authorization-code tokens) by the sandbox customer on A's access dashboard
// — and polls B back to back until it answers 401. Prints p50/p99 of the time
// from the revocation's completion to B's first refusal (and from its start).
import { randomBytes } from "node:crypto";
import os from "node:os";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (values: number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms  p99 ${percentile(values, 99).toFixed(1)} ms  max ${Math.max(...values).toFixed(1)} ms`;

(async () => {
  const base = process.env.DATABASE_URL;
  if (!base || !/^postgres(ql)?:\/\//.test(base) || !process.env.REDIS_URL) {
    console.error("bench:revocation needs DATABASE_URL=postgresql://… and REDIS_URL=redis://… (two instances share them)");
    process.exit(2);
  }
  const schema = `bench_rev_${randomBytes(4).toString("hex")}`;
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  process.env.DATABASE_URL = url.toString();
  process.env.PORTICO_DATA_DIR ??= `${os.tmpdir()}/portico-bench-data`;

  const { migrate } = await import("../lib/db/migrate");
  const { closeDb, getDb } = await import("../lib/db");
  const { stopChangeBus } = await import("../lib/broadcast/change-bus");
  const { makeUser } = await import("../lib/testing/factories");
  const { fetchToken, makeLiveApp } = await import("../lib/testing/live-app-fixture");
  const { freePort, pollUntilRefused, startGatewayProcess } = await import("../lib/testing/gateway-processes");
  const { revokeToken } = await import("../lib/revocation/revoke-token");
  const { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts } = await import("../lib/testing/gateway-fixtures");
  const { consentAndToken, revokeOnAccessDashboard, signInAccessDashboard } = await import("../lib/testing/customer-consent");
  const { SANDBOX_CUSTOMER_PASSWORD } = await import("../lib/oauth/sandbox-customer-password");
  const nodePath = await import("node:path");

  await migrate();
  const live = await makeLiveApp();
  const compliance = await makeUser({ role: "compliance" });
  // The customer case: an app a sandbox customer consents to (authorization code), revoked on the dashboard.
  const REDIRECT_URI = "http://127.0.0.1:9/callback";
  const accountsApi = await makeApiVersion({ file: nodePath.join(process.cwd(), "openapi", "accounts-v2.yaml") });
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  const consentApp = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: accountsApi.version.id, scopes: ["accounts:read"], accountIds: [org.accounts[0]!.id] });
  await getDb().app.update({ where: { id: consentApp.app.id }, data: { redirectUris: [REDIRECT_URI] } });
  const customerRef = (await getDb().sandboxCustomer.findUniqueOrThrow({ where: { id: org.accounts[0]!.customerId } })).customerRef;
  const env = { ...process.env, PORTICO_SANDBOX_RATE_LIMIT: "1000000", PORTICO_TOKEN_RATE_LIMIT_PER_CLIENT: "1000000", PORTICO_TOKEN_RATE_LIMIT_PER_IP: "1000000" };
  const portA = await freePort({ from: 5200, to: 5249 });
  const portB = await freePort({ from: 5250, to: 5299 });
  const [a, b] = await Promise.all([startGatewayProcess({ port: portA, env }), startGatewayProcess({ port: portB, env })]);
  const basic = Buffer.from(`${encodeURIComponent(live.clientId)}:${encodeURIComponent(live.secret)}`).toString("base64");
  const sandboxPath = `/sandbox/${live.slug}/${live.version}/payments?accountId=${live.accounts[0]!.accountId}`;
  const accountsPath = `/sandbox/${accountsApi.slug}/${accountsApi.versionName}/accounts`;
  const call = (gatewayUrl: string, token: string, customer = false) => async () => {
    const response = await fetch(`${gatewayUrl}${customer ? accountsPath : sandboxPath}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  };

  const results = {
    rfc7009: { afterDone: [] as number[], afterStart: [] as number[], sentAfter: [] as number[] },
    portal: { afterDone: [] as number[], afterStart: [] as number[], sentAfter: [] as number[] },
    customer: { afterDone: [] as number[], afterStart: [] as number[], sentAfter: [] as number[] },
  };
  const PATHS = ["rfc7009", "portal", "customer"] as const;
  let refusedAtOnce = 0;
  try {
    console.log(`gateways: A ${a.url}, B ${b.url}; ${ITERATIONS} revocations per path`);
    const session = await signInAccessDashboard({ gatewayUrl: a.url, customerRef, password: SANDBOX_CUSTOMER_PASSWORD });
    for (let i = 0; i < ITERATIONS * PATHS.length; i++) {
      const path = PATHS[i % PATHS.length]!;
      const customer = path === "customer";
      const token = customer
        ? (await consentAndToken({ gatewayUrl: a.url, clientId: consentApp.clientId, clientSecret: consentApp.clientSecret, redirectUri: REDIRECT_URI, customerRef, password: SANDBOX_CUSTOMER_PASSWORD, accountId: org.accounts[0]!.accountId, scope: "accounts:read" })).accessToken
        : await fetchToken(a.url, live);
      const warm = await call(b.url, token, customer)();
      if (warm === 401) throw new Error("B refused a fresh token before revocation");
      const started = performance.now();
      if (path === "rfc7009") {
        const r = await fetch(`${a.url}/oauth2/revoke`, {
          method: "POST",
          headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ token }),
        });
        if (r.status !== 200) throw new Error(`revoke said ${r.status}`);
      } else if (customer) {
        await revokeOnAccessDashboard({ gatewayUrl: a.url, session, appId: consentApp.app.id });
      } else {
        const row = await getDb().accessToken.findFirstOrThrow({ where: { appId: live.appId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: { id: true } });
        await revokeToken({ actor: compliance.actor, tokenId: row.id, unverifiedReason: "benchmark revocation" });
      }
      const done = performance.now();
      const refused = await pollUntilRefused({ request: call(b.url, token, customer), refused: (s) => s === 401, sinceMs: done });
      results[path].afterDone.push(refused.answeredAfterMs);
      results[path].afterStart.push(refused.answeredAfterMs + (done - started));
      results[path].sentAfter.push(refused.sentAfterMs);
      if (refused.attempts === 1) refusedAtOnce++;
    }
    console.log("\nrevocation → first refusal on the OTHER instance (B), PostgreSQL + Redis pub/sub (response received):");
    console.log(`  via A's RFC 7009 endpoint   after the revocation returned: ${fmt(results.rfc7009.afterDone)}`);
    console.log(`                              after the revocation started:  ${fmt(results.rfc7009.afterStart)}`);
    console.log(`  via the portal (lib)        after the revocation returned: ${fmt(results.portal.afterDone)}`);
    console.log(`                              after the revocation started:  ${fmt(results.portal.afterStart)}`);
    console.log(`  via the customer's dashboard after the revocation returned: ${fmt(results.customer.afterDone)}`);
    console.log(`  (at A, one app's consent)    after the revocation started:  ${fmt(results.customer.afterStart)}`);
    console.log(`  the very next request to B was refused in ${refusedAtOnce} of ${ITERATIONS * PATHS.length} revocations`);
    console.log(`  latest send time of a first refused request: ${Math.max(...PATHS.flatMap((p) => results[p].sentAfter)).toFixed(1)} ms after the revocation returned`);
    const worst = Math.max(...PATHS.flatMap((p) => results[p].afterDone));
    console.log(worst < 100 ? `\nOK: every revocation enforced on the other instance within 100 ms (worst ${worst.toFixed(1)} ms)` : `\nOVER BUDGET: worst ${worst.toFixed(1)} ms`);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await stopChangeBus();
    await closeDb();
    const { Client } = await import("pg");
    const admin = new URL(base);
    admin.searchParams.delete("schema");
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
