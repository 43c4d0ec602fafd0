// A sandbox customer's consent end to end, with a standard client library
// (oauth4webapi, unmodified) on a gateway started in-process: PAR → the
// sign-in and consent pages, driven as a browser would (cookie, CSRF field,
// form posts, redirects) → code → token with PKCE → a sandbox call that sees
// only the consented account. Then each refusal the RFCs call for.
import path from "node:path";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { systemActor } from "@/lib/authz/actor";
import { purgeExpiredTokens } from "@/lib/oauth/purge-expired-tokens";
import { SANDBOX_CUSTOMER_PASSWORD } from "@/lib/oauth/sandbox-customer-password";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

const REDIRECT_URI = "http://127.0.0.1:9/callback";
const insecure = { [oauth.allowInsecureRequests]: true } as const;

let gateway: Gateway;
let as: oauth.AuthorizationServer;
let app: Awaited<ReturnType<typeof makeApprovedApp>>;
let org: Awaited<ReturnType<typeof makeOrganisationWithAccounts>>;
let otherOrg: Awaited<ReturnType<typeof makeOrganisationWithAccounts>>;
let customerRef: string;
let otherCustomerRef: string;
let accountsBase: string;
let client: oauth.Client;
let auth: oauth.ClientAuth;

beforeAll(async () => {
  const db = getDb();
  const { version, slug, versionName } = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "accounts-v2.yaml") });
  org = await makeOrganisationWithAccounts({ accounts: 3 });
  otherOrg = await makeOrganisationWithAccounts({ accounts: 1 });
  // The app's grant: the first two accounts; the third is the customer's but not the app's.
  app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read", "transactions:read"], accountIds: [org.accounts[0]!.id, org.accounts[1]!.id] });
  await db.app.update({ where: { id: app.app.id }, data: { redirectUris: [REDIRECT_URI] } });
  customerRef = (await db.sandboxCustomer.findUniqueOrThrow({ where: { id: org.accounts[0]!.customerId } })).customerRef;
  otherCustomerRef = (await db.sandboxCustomer.findUniqueOrThrow({ where: { id: otherOrg.accounts[0]!.customerId } })).customerRef;
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  accountsBase = `${gateway.url}/sandbox/${slug}/${versionName}`;
  const issuer = new URL(gateway.url);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
  client = { client_id: app.clientId };
  auth = oauth.ClientSecretBasic(app.clientSecret);
});

afterAll(async () => {
  await gateway?.stop();
});

/** Pushes a request with a fresh PKCE pair; returns what the client keeps. */
async function push(extra: Record<string, string> = {}) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const response = await oauth.pushedAuthorizationRequest(
    as,
    client,
    auth,
    { response_type: "code", redirect_uri: REDIRECT_URI, scope: "accounts:read", state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", ...extra },
    insecure,
  );
  const { request_uri, expires_in } = await oauth.processPushedAuthorizationResponse(as, client, response);
  return { requestUri: request_uri, expiresIn: expires_in, verifier, state };
}

/** A browser: keeps the gateway's cookie, reads the hidden fields of the page it got, posts forms, does not follow redirects to the app. */
class Browser {
  cookie = "";
  page = "";
  status = 0;
  private remember(res: Response) {
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
  }
  field(name: string) {
    return new RegExp(`name="${name}" value="([^"]*)"`).exec(this.page)?.[1]?.replace(/&amp;/g, "&") ?? "";
  }
  async open(requestUri: string) {
    const res = await fetch(`${as.authorization_endpoint}?${new URLSearchParams({ client_id: client.client_id, request_uri: requestUri })}`, { redirect: "manual" });
    this.remember(res);
    this.status = res.status;
    this.page = await res.text();
    return res;
  }
  async post(path: string, fields: [string, string][]) {
    const res = await fetch(`${gateway.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(res);
    this.status = res.status;
    this.page = await res.text();
    return res;
  }
  signIn(loginId: string, password = SANDBOX_CUSTOMER_PASSWORD) {
    return this.post("/oauth2/authorize/sign-in", [["request_uri", this.field("request_uri")], ["csrf", this.field("csrf")], ["login_id", loginId], ["password", password]]);
  }
  decide(decision: "approve" | "deny", accountIds: string[]) {
    return this.post("/oauth2/authorize/decide", [["request_uri", this.field("request_uri")], ["csrf", this.field("csrf")], ["decision", decision], ...accountIds.map((id): [string, string] => ["account", id])]);
  }
}

/** The whole consent, approving the given accounts; returns the callback URL the browser was sent to. */
async function consent(pushed: { requestUri: string }, accountIds: string[]) {
  const browser = new Browser();
  await browser.open(pushed.requestUri);
  expect(browser.status).toBe(200);
  await browser.signIn(customerRef);
  expect(browser.status).toBe(200);
  const res = await browser.decide("approve", accountIds);
  expect(res.status, browser.page).toBe(303);
  return new URL(res.headers.get("location")!);
}

describe("metadata (RFC 8414)", () => {
  it("advertises PAR (required), S256 PKCE, the authorization endpoint and the code grant", () => {
    expect(as).toMatchObject({
      authorization_endpoint: `${gateway.url}/oauth2/authorize`,
      pushed_authorization_request_endpoint: `${gateway.url}/oauth2/par`,
      require_pushed_authorization_requests: true,
      code_challenge_methods_supported: ["S256"],
      response_types_supported: ["code"],
      grant_types_supported: ["client_credentials", "authorization_code", "refresh_token"],
      authorization_response_iss_parameter_supported: true,
    });
  });
});

describe("PAR → sign-in → consent → code → token, with oauth4webapi", () => {
  it("gives a token for the customer that sees only the consented account", async () => {
    const pushed = await push();
    expect(pushed.requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:par_/);
    expect(pushed.expiresIn).toBe(90);

    const browser = new Browser();
    await browser.open(pushed.requestUri);
    expect(browser.cookie).toMatch(/^portico_authz=csrf_/);
    expect(browser.page).toContain(app.app.name);
    await browser.signIn(customerRef);
    expect(browser.page).toContain("Allow");
    expect(browser.page).toContain("Ada Customer");
    expect(browser.page).toContain(org.accounts[2]!.iban); // shown, not choosable
    expect(browser.page).not.toContain(`value="${org.accounts[2]!.accountId}"`);
    const redirect = await browser.decide("approve", [org.accounts[1]!.accountId]);
    expect(redirect.status).toBe(303);
    const callback = new URL(redirect.headers.get("location")!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("iss")).toBe(gateway.url);

    const params = oauth.validateAuthResponse(as, client, callback, pushed.state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure);
    const token = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(token.scope).toBe("accounts:read");
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token.access_token) } });
    expect(row).toMatchObject({ issuedVia: "authorization_code", customerId: org.accounts[0]!.customerId });
    const consentAudit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "sandbox.consent_approve", targetId: app.app.id }, orderBy: { seq: "desc" } });
    expect(consentAudit).toMatchObject({ actorRole: "system", actorLabel: `sandbox customer ${customerRef}`, details: { customerRef, scope: "accounts:read", accountIds: [org.accounts[1]!.accountId] } });
    expect(JSON.stringify(consentAudit)).not.toContain(org.accounts[1]!.iban);
    // The code is stored only as its hash.
    const request = await getDb().authorizationRequest.findUniqueOrThrow({ where: { id: row.authorizationRequestId! } });
    expect(JSON.stringify(request)).not.toContain(params.get("code")!);

    const list = await fetch(`${accountsBase}/accounts`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: { accountId: string }[] }).data.map((a) => a.accountId)).toEqual([org.accounts[1]!.accountId]);
    const refused = await fetch(`${accountsBase}/accounts/${org.accounts[0]!.accountId}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(refused.status).toBe(403);
  });

  it("sends access_denied when the customer denies", async () => {
    const pushed = await push();
    const browser = new Browser();
    await browser.open(pushed.requestUri);
    await browser.signIn(customerRef);
    const res = await browser.decide("deny", []);
    const callback = new URL(res.headers.get("location")!);
    expect(() => oauth.validateAuthResponse(as, client, callback, pushed.state)).toThrow(expect.objectContaining({ error: "access_denied" }));
  });
});

describe("refusals", () => {
  const post = (path: string, body: Record<string, string>) =>
    fetch(`${gateway.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
      body: new URLSearchParams(body).toString(),
    });

  it("the authorization endpoint takes only pushed requests", async () => {
    const res = await fetch(`${as.authorization_endpoint}?${new URLSearchParams({ client_id: app.clientId, response_type: "code", redirect_uri: REDIRECT_URI })}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("must be pushed first");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("refuses plain PKCE and a missing challenge at PAR", async () => {
    const plain = await post("/oauth2/par", { response_type: "code", redirect_uri: REDIRECT_URI, code_challenge: "x".repeat(43), code_challenge_method: "plain" });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toEqual({ error: "invalid_request", error_description: "code_challenge_method must be S256 (plain is not accepted)" });
    const none = await post("/oauth2/par", { response_type: "code", redirect_uri: REDIRECT_URI });
    expect(((await none.json()) as { error: string }).error).toBe("invalid_request");
  });

  it("refuses an unregistered redirect URI at PAR, and an unauthenticated client", async () => {
    const res = await post("/oauth2/par", { response_type: "code", redirect_uri: "https://evil.example/cb", code_challenge: "x".repeat(43), code_challenge_method: "S256" });
    expect(await res.json()).toEqual({ error: "invalid_request", error_description: "redirect_uri is not one of the app's registered redirect URIs" });
    const anonymous = await fetch(`${gateway.url}/oauth2/par`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `client_id=${app.clientId}&response_type=code` });
    expect(anonymous.status).toBe(401);
  });

  it("a request_uri opens once", async () => {
    const pushed = await push();
    expect((await new Browser().open(pushed.requestUri)).status).toBe(200);
    const again = await new Browser().open(pushed.requestUri);
    expect(again.status).toBe(400);
  });

  it("refuses a form without the CSRF cookie or field", async () => {
    const pushed = await push();
    const browser = new Browser();
    await browser.open(pushed.requestUri);
    const noCookie = await fetch(`${gateway.url}/oauth2/authorize/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ request_uri: pushed.requestUri, csrf: browser.field("csrf"), login_id: customerRef, password: SANDBOX_CUSTOMER_PASSWORD }).toString(),
    });
    expect(noCookie.status).toBe(400);
    await browser.post("/oauth2/authorize/sign-in", [["request_uri", pushed.requestUri], ["login_id", customerRef], ["password", SANDBOX_CUSTOMER_PASSWORD]]);
    expect(browser.status).toBe(400);
    expect(browser.page).toContain("was not sent from this sign-in page");
  });

  it("another organisation's customer, or a wrong password, cannot sign in for this app", async () => {
    const pushed = await push();
    const browser = new Browser();
    await browser.open(pushed.requestUri);
    await browser.signIn(otherCustomerRef);
    expect(browser.status).toBe(401);
    expect(browser.page).toContain("The login id or password is not recognised.");
    await browser.signIn(customerRef, "wrong-password");
    expect(browser.status).toBe(401);
    await browser.signIn(customerRef);
    expect(browser.status).toBe(200);
  });

  it("refuses a wrong code_verifier and a redirect_uri mismatch with invalid_grant", async () => {
    const pushed = await push();
    const params = oauth.validateAuthResponse(as, client, await consent(pushed, [org.accounts[0]!.accountId]), pushed.state);
    const wrongVerifier = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, oauth.generateRandomCodeVerifier(), insecure);
    await expect(oauth.processAuthorizationCodeResponse(as, client, wrongVerifier)).rejects.toMatchObject({ error: "invalid_grant", cause: { error_description: "code_verifier does not match the code_challenge" } });
    const wrongRedirect = await oauth.authorizationCodeGrantRequest(as, client, auth, params, "http://127.0.0.1:9/other", pushed.verifier, insecure);
    await expect(oauth.processAuthorizationCodeResponse(as, client, wrongRedirect)).rejects.toMatchObject({ error: "invalid_grant", cause: { error_description: "redirect_uri does not match the one of the authorization request" } });
  });

  it("a reused code is refused and revokes the token issued from it (RFC 6749 §4.1.2)", async () => {
    const pushed = await push();
    const params = oauth.validateAuthResponse(as, client, await consent(pushed, [org.accounts[0]!.accountId]), pushed.state);
    const token = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure));
    const call = () => fetch(`${accountsBase}/accounts`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect((await call()).status).toBe(200);
    const again = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure);
    await expect(oauth.processAuthorizationCodeResponse(as, client, again)).rejects.toMatchObject({ error: "invalid_grant" });
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token.access_token) } });
    expect(row.revokedAt).not.toBeNull();
    await expect.poll(async () => (await call()).status).toBe(401);
  });

  it("a reused code also revokes the refresh token issued from it", async () => {
    const pushed = await push();
    const params = oauth.validateAuthResponse(as, client, await consent(pushed, [org.accounts[0]!.accountId]), pushed.state);
    const token = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure));
    await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure);
    const refreshed = await oauth.refreshTokenGrantRequest(as, client, auth, token.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(as, client, refreshed)).rejects.toMatchObject({ error: "invalid_grant" });
  });
});

describe("refresh tokens: rotated on use; a spent one revokes the chain (RFC 9700 §4.14.2)", () => {
  async function customerToken() {
    const pushed = await push();
    const params = oauth.validateAuthResponse(as, client, await consent(pushed, [org.accounts[1]!.accountId]), pushed.state);
    return oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure));
  }
  const listed = async (accessToken: string) => {
    const res = await fetch(`${accountsBase}/accounts`, { headers: { authorization: `Bearer ${accessToken}` } });
    return res.status === 200 ? ((await res.json()) as { data: { accountId: string }[] }).data.map((a) => a.accountId) : res.status;
  };

  it("rotates: the new access token keeps the customer's accounts, the new refresh token differs", async () => {
    const first = await customerToken();
    expect(first.refresh_token).toMatch(/^prt_/);
    const second = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, insecure));
    expect(second.refresh_token).toMatch(/^prt_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const introspected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, second.access_token, insecure));
    expect(introspected).toMatchObject({ active: true, sub: customerRef, scope: "accounts:read" });
    expect(await listed(second.access_token)).toEqual([org.accounts[1]!.accountId]);
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(second.access_token) } });
    expect(row.customerId).toBe(org.accounts[1]!.customerId);
  });

  it("a spent refresh token is refused and revokes every token of the consent", async () => {
    const first = await customerToken();
    const second = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, insecure));
    const replay = await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(as, client, replay)).rejects.toMatchObject({ error: "invalid_grant" });
    await expect.poll(() => listed(second.access_token)).toBe(401);
    await expect.poll(() => listed(first.access_token)).toBe(401);
    const next = await oauth.refreshTokenGrantRequest(as, client, auth, second.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(as, client, next)).rejects.toMatchObject({ error: "invalid_grant" });
  });

  it("revoking a refresh token (RFC 7009) revokes its access tokens; another client cannot use it", async () => {
    const first = await customerToken();
    const otherApp = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: (await getDb().appApi.findFirstOrThrow({ where: { appId: app.app.id } })).apiVersionId, scopes: ["accounts:read"] });
    const other = { client_id: otherApp.clientId };
    const stolen = await oauth.refreshTokenGrantRequest(as, other, oauth.ClientSecretBasic(otherApp.clientSecret), first.refresh_token!, insecure);
    await expect(oauth.processRefreshTokenResponse(as, other, stolen)).rejects.toMatchObject({ error: "invalid_grant" });
    expect(await listed(first.access_token)).toEqual([org.accounts[1]!.accountId]);
    const revoked = await oauth.revocationRequest(as, client, auth, first.refresh_token!, insecure);
    await oauth.processRevocationResponse(revoked);
    await expect.poll(() => listed(first.access_token)).toBe(401);
  });
});

describe("purging (lib/oauth/purge-expired-tokens.ts)", () => {
  it("deletes a long-expired request with nothing alive, and keeps one whose refresh token still lives", async () => {
    const denied = await push();
    const browser = new Browser();
    await browser.open(denied.requestUri);
    await browser.signIn(customerRef);
    await browser.decide("deny", []);
    const kept = await push();
    const params = oauth.validateAuthResponse(as, client, await consent(kept, [org.accounts[0]!.accountId]), kept.state);
    await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, kept.verifier, insecure));
    const ofApp = () => getDb().authorizationRequest.findMany({ where: { appId: app.app.id, requestUriHash: { in: [hashOpaqueSecret(denied.requestUri), hashOpaqueSecret(kept.requestUri)] } }, select: { requestUriHash: true } });
    expect(await ofApp()).toHaveLength(2);
    // A day and a bit later: both request_uris are past the 24 h retention; only the redeemed consent has a live refresh token.
    await purgeExpiredTokens({ actor: systemActor("test purge"), now: new Date(Date.now() + 25 * 3600_000) });
    expect((await ofApp()).map((r) => r.requestUriHash)).toEqual([hashOpaqueSecret(kept.requestUri)]);
  });
});
