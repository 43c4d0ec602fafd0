// The sandbox customer's access dashboard (gateway/customer-dashboard.ts),
// driven as a browser would: a customer consents to an app (PAR → sign-in →
// consent → code → tokens, oauth4webapi unmodified), signs in on the
// dashboard, sees the app with what it may do and until when, and revokes
// it: the access token is then inactive at introspection and refused by the
// sandbox (401), the refresh token is refused (invalid_grant). Another
// customer sees nothing of it and cannot revoke it; a form without the
// session's CSRF token is refused. On PostgreSQL + Redis, the same revoke
// made at one gateway process is enforced by another at its next request
// once the change event reached it (a barrier, not a timer; the speed is
// bench:revocation's).
import path from "node:path";
import { performance } from "node:perf_hooks";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopChangeBus, type ChangeEvent } from "@/lib/broadcast/change-bus";
import { getDb } from "@/lib/db";
import { SANDBOX_CUSTOMER_PASSWORD } from "@/lib/oauth/sandbox-customer-password";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { freePort, startGatewayProcess, type GatewayProcess } from "@/lib/testing/gateway-processes";
import { startGateway, type Gateway } from "./server";

const REDIRECT_URI = "http://127.0.0.1:9/callback";
const insecure = { [oauth.allowInsecureRequests]: true } as const;

let gateway: Gateway;
let app: Awaited<ReturnType<typeof makeApprovedApp>>;
let org: Awaited<ReturnType<typeof makeOrganisationWithAccounts>>;
let customerRef: string;
let otherCustomerRef: string;
let slugPath: string;

beforeAll(async () => {
  const db = getDb();
  const { version, slug, versionName } = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "accounts-v2.yaml") });
  slugPath = `/sandbox/${slug}/${versionName}`;
  org = await makeOrganisationWithAccounts({ accounts: 2 });
  const otherOrg = await makeOrganisationWithAccounts({ accounts: 1 });
  app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"], accountIds: [org.accounts[0]!.id, org.accounts[1]!.id] });
  await db.app.update({ where: { id: app.app.id }, data: { redirectUris: [REDIRECT_URI] } });
  customerRef = (await db.sandboxCustomer.findUniqueOrThrow({ where: { id: org.accounts[0]!.customerId } })).customerRef;
  otherCustomerRef = (await db.sandboxCustomer.findUniqueOrThrow({ where: { id: otherOrg.accounts[0]!.customerId } })).customerRef;
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
});

afterAll(async () => {
  await gateway?.stop();
});

/** A browser on one gateway: keeps its cookies, reads hidden fields, posts forms, does not follow redirects. */
class Browser {
  cookies = new Map<string, string>();
  page = "";
  status = 0;
  constructor(readonly base: string) {}
  private remember(res: Response) {
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  private get cookieHeader() {
    return [...this.cookies].filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join("; ");
  }
  field(name: string) {
    return new RegExp(`name="${name}" value="([^"]*)"`).exec(this.page)?.[1]?.replace(/&amp;/g, "&") ?? "";
  }
  async get(pathAndQuery: string) {
    const res = await fetch(`${this.base}${pathAndQuery}`, { redirect: "manual", headers: this.cookieHeader ? { cookie: this.cookieHeader } : {} });
    this.remember(res);
    this.status = res.status;
    this.page = await res.text();
    return res;
  }
  async post(pathname: string, fields: [string, string][]) {
    const res = await fetch(`${this.base}${pathname}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(this.cookieHeader ? { cookie: this.cookieHeader } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(res);
    this.status = res.status;
    this.page = await res.text();
    return res;
  }
}

/** The customer consents to `app` on the gateway at `base` (first account only); returns the tokens. */
async function connect(base: string) {
  const issuer = new URL(base);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
  const client = { client_id: app.clientId };
  const auth = oauth.ClientSecretBasic(app.clientSecret);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pushedResponse = await oauth.pushedAuthorizationRequest(
    as,
    client,
    auth,
    { response_type: "code", redirect_uri: REDIRECT_URI, scope: "accounts:read", state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256" },
    insecure,
  );
  const { request_uri } = await oauth.processPushedAuthorizationResponse(as, client, pushedResponse);
  const browser = new Browser(base);
  await browser.get(`/oauth2/authorize?${new URLSearchParams({ client_id: app.clientId, request_uri })}`);
  await browser.post("/oauth2/authorize/sign-in", [["request_uri", browser.field("request_uri")], ["csrf", browser.field("csrf")], ["login_id", customerRef], ["password", SANDBOX_CUSTOMER_PASSWORD]]);
  const decided = await browser.post("/oauth2/authorize/decide", [["request_uri", browser.field("request_uri")], ["csrf", browser.field("csrf")], ["decision", "approve"], ["account", org.accounts[0]!.accountId]]);
  expect(decided.status, browser.page).toBe(303);
  const params = oauth.validateAuthResponse(as, client, new URL(decided.headers.get("location")!), state);
  const token = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier, insecure));
  const refresh = async () => oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, token.refresh_token!, insecure));
  const introspect = async () => (await (await oauth.introspectionRequest(as, client, auth, token.access_token, insecure)).json()) as { active: boolean };
  return { accessToken: token.access_token, refreshToken: token.refresh_token!, refresh, introspect };
}

/** Signs `loginId` in on the dashboard at `base`; the browser is on the dashboard page after. */
async function dashboard(base: string, loginId: string) {
  const browser = new Browser(base);
  await browser.get("/sandbox-bank/access");
  expect(browser.status).toBe(200);
  expect(browser.cookies.get("portico_access_csrf")).toBeTruthy();
  const signedIn = await browser.post("/sandbox-bank/access/sign-in", [["csrf", browser.field("csrf")], ["login_id", loginId], ["password", SANDBOX_CUSTOMER_PASSWORD]]);
  expect(signedIn.status, browser.page).toBe(303);
  expect(signedIn.headers.get("location")).toBe("/sandbox-bank/access");
  await browser.get("/sandbox-bank/access");
  expect(browser.status).toBe(200);
  return browser;
}

const sandboxStatus = async (base: string, token: string) => {
  const res = await fetch(`${base}${slugPath}/accounts`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
};

describe("the customer's access dashboard", () => {
  it("shows the session cookie as HttpOnly, SameSite=Strict and scoped to the dashboard, and refuses a wrong password with one message", async () => {
    const browser = new Browser(gateway.url);
    await browser.get("/sandbox-bank/access");
    expect(browser.page).toContain("Sign in");
    const res = await browser.post("/sandbox-bank/access/sign-in", [["csrf", browser.field("csrf")], ["login_id", customerRef], ["password", "wrong"]]);
    expect(res.status).toBe(401);
    expect(browser.page).toContain("The login id or password is not recognised.");
    await browser.get("/sandbox-bank/access");
    const ok = await browser.post("/sandbox-bank/access/sign-in", [["csrf", browser.field("csrf")], ["login_id", customerRef], ["password", SANDBOX_CUSTOMER_PASSWORD]]);
    const session = ok.headers.getSetCookie().find((c) => c.startsWith("portico_access="))!;
    expect(session).toMatch(/; Path=\/sandbox-bank\/access; HttpOnly; SameSite=Strict; Max-Age=900/);
    // Stored only as its hash.
    const token = session.split(";")[0]!.split("=")[1]!;
    const sessionRow = await getDb().sandboxCustomerSession.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token) } });
    expect(await getDb().auditEvent.count({ where: { action: "sandbox.customer_session_start", targetId: sessionRow.id, actorRole: "customer", actorLabel: `sandbox customer ${customerRef}` } })).toBe(1);
    const page = await fetch(`${gateway.url}/sandbox-bank/access`, { headers: { cookie: browser.cookies.size ? [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") : "" } });
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });

  it("lists the connected app; another customer sees nothing and cannot revoke it; a form without the CSRF token is refused; revoking refuses the tokens", async () => {
    const tokens = await connect(gateway.url);
    expect(await sandboxStatus(gateway.url, tokens.accessToken)).toBe(200);

    const browser = await dashboard(gateway.url, customerRef);
    expect(browser.page).toContain(app.app.name);
    expect(browser.page).toContain(org.organisation.name);
    expect(browser.page).toContain("(accounts:read)");
    expect(browser.page).toContain(`ending ${org.accounts[0]!.iban.slice(-4)}`);
    expect(browser.page).not.toContain(org.accounts[0]!.iban);
    const refreshRow = await getDb().refreshToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(tokens.refreshToken) } });
    expect(browser.page).toContain(`until ${refreshRow.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`);

    // Another customer (another organisation): not listed, and revoking it by id is refused with nothing revoked.
    const other = await dashboard(gateway.url, otherCustomerRef);
    expect(other.page).not.toContain(app.app.name);
    expect(other.page).toContain("No app can access your accounts.");
    const foreign = await other.post("/sandbox-bank/access/revoke", [["csrf", other.field("csrf")], ["app_id", app.app.id]]);
    expect(foreign.status).toBe(400);
    expect(other.page).toContain("That app is not connected to your accounts.");
    expect(await sandboxStatus(gateway.url, tokens.accessToken)).toBe(200);

    // CSRF: missing, or another session's token, refused.
    const missing = await browser.post("/sandbox-bank/access/revoke", [["app_id", app.app.id]]);
    expect(missing.status).toBe(400);
    const crossed = await browser.post("/sandbox-bank/access/revoke", [["csrf", other.field("csrf")], ["app_id", app.app.id]]);
    expect(crossed.status).toBe(400);
    expect(await sandboxStatus(gateway.url, tokens.accessToken)).toBe(200);
    await browser.get("/sandbox-bank/access");

    const revoked = await browser.post("/sandbox-bank/access/revoke", [["csrf", browser.field("csrf")], ["app_id", app.app.id]]);
    expect(revoked.status, browser.page).toBe(200);
    expect(browser.page).toContain(`${app.app.name} can no longer access your accounts.`);
    expect(browser.page).not.toContain(`value="${app.app.id}"`);

    expect(await tokens.introspect()).toEqual({ active: false });
    expect(await sandboxStatus(gateway.url, tokens.accessToken)).toBe(401);
    await expect(tokens.refresh()).rejects.toMatchObject({ error: "invalid_grant" });

    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "sandbox.consent_revoke", targetId: app.app.id }, orderBy: { seq: "desc" } });
    expect(audit).toMatchObject({ actorRole: "customer", actorId: org.accounts[0]!.customerId, actorLabel: `sandbox customer ${customerRef}`, details: { customerRef } });
    const tokenRow = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(tokens.accessToken) } });
    expect(await getDb().auditEvent.count({ where: { action: "token.revoke", targetId: tokenRow.id, actorRole: "customer" } })).toBe(1);
  });

  it("signs out: the session is gone and the page asks to sign in again", async () => {
    const browser = await dashboard(gateway.url, customerRef);
    const session = browser.cookies.get("portico_access")!;
    const row = await getDb().sandboxCustomerSession.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(session) } });
    await browser.post("/sandbox-bank/access/sign-out", [["csrf", browser.field("csrf")]]);
    expect(browser.page).toContain('action="/sandbox-bank/access/sign-in"');
    expect(await getDb().sandboxCustomerSession.count({ where: { id: row.id } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { action: "sandbox.customer_session_end", targetId: row.id, actorRole: "customer" } })).toBe(1);
    // The old cookie no longer opens the dashboard.
    const again = await fetch(`${gateway.url}/sandbox-bank/access`, { headers: { cookie: `portico_access=${session}` } });
    expect(await again.text()).toContain('action="/sandbox-bank/access/sign-in"');
  });
});

const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const redisUrl = process.env.REDIS_URL;

/** Resolves when `gateway` prints that it received `event` (listen BEFORE causing it). */
function received(gatewayProcess: GatewayProcess, event: ChangeEvent): Promise<number> {
  const line = `change received ${JSON.stringify(event)}`;
  return new Promise((resolve) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      if (buffered.split("\n").includes(line)) {
        gatewayProcess.child.stdout!.off("data", onData);
        resolve(performance.now());
      }
    };
    gatewayProcess.child.stdout!.on("data", onData);
  });
}

describe.skipIf(!onPostgres || !redisUrl)("a customer's revoke across gateway instances (PostgreSQL + Redis)", () => {
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    const env = { ...process.env, REDIS_URL: redisUrl, PORTICO_SANDBOX_RATE_LIMIT: "1000000", PORTICO_TOKEN_RATE_LIMIT_PER_CLIENT: "1000000", PORTICO_TOKEN_RATE_LIMIT_PER_IP: "1000000", PORTICO_LOG_CHANGES: "1" };
    [a, b] = await Promise.all([startGatewayProcess({ port: await freePort(), env }), startGatewayProcess({ port: await freePort(), env })]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await stopChangeBus();
  });

  it("an app revoked on instance A's dashboard has its token refused by instance B's next request once B has the event", async () => {
    const tokens = await connect(a.url);
    for (let i = 0; i < 3; i++) expect(await sandboxStatus(b.url, tokens.accessToken)).toBe(200);
    const atB = received(b, { kind: "token", tokenHash: hashOpaqueSecret(tokens.accessToken) });
    const browser = await dashboard(a.url, customerRef);
    const revoked = await browser.post("/sandbox-bank/access/revoke", [["csrf", browser.field("csrf")], ["app_id", app.app.id]]);
    expect(revoked.status, browser.page).toBe(200);
    const done = performance.now();
    const receivedAt = await atB;
    console.log(`customer revoke at A → event at B ${(receivedAt - done).toFixed(1)} ms after the revoke returned (informational; bench:revocation measures it)`);
    expect(await sandboxStatus(b.url, tokens.accessToken)).toBe(401);
    await expect(tokens.refresh()).rejects.toMatchObject({ error: "invalid_grant" });
  }, 60_000);
});
