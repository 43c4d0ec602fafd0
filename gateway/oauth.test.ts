// The OAuth endpoints against a standard client library (oauth4webapi,
// unmodified) and raw requests for the error cases, on a gateway started
// in-process on an ephemeral port against this worker's test database.
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

let gateway: Gateway;
let as: oauth.AuthorizationServer;
let app: Awaited<ReturnType<typeof makeApprovedApp>>;
let other: Awaited<ReturnType<typeof makeApprovedApp>>;
const insecure = { [oauth.allowInsecureRequests]: true } as const;

beforeAll(async () => {
  const { version } = await makeApiVersion();
  const org = await makeOrganisationWithAccounts();
  app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read", "transactions:read"], accountIds: [org.accounts[0]!.id] });
  other = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"] });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  const issuer = new URL(gateway.url);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
});

afterAll(async () => {
  await gateway?.stop();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

describe("authorization server metadata (RFC 8414)", () => {
  it("describes the endpoints and auth methods", () => {
    expect(as.issuer).toBe(gateway.url);
    expect(as.token_endpoint).toBe(`${gateway.url}/oauth2/token`);
    expect(as.grant_types_supported).toEqual(["client_credentials", "authorization_code", "refresh_token"]);
    expect(as.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post"]);
    expect(as.scopes_supported).toEqual(expect.arrayContaining(["accounts:read", "payments:write", "transactions:read"]));
  });
});

describe("client credentials grant with oauth4webapi", () => {
  it("issues an opaque token with client_secret_basic, stored only as a hash, with the approved scopes by default", async () => {
    const client = { client_id: app.clientId };
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(app.clientSecret), new URLSearchParams(), insecure);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    expect(token.token_type).toBe("bearer");
    expect(token.access_token).toMatch(/^pat_[A-Za-z0-9_-]{43}$/);
    expect(token.scope).toBe("accounts:read transactions:read");
    expect(token.expires_in).toBe(300);
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token.access_token) } });
    expect(row).toMatchObject({ appId: app.app.id, scope: "accounts:read transactions:read", issuedVia: "client_credentials", certThumbprint: null });
    expect(JSON.stringify(row)).not.toContain(token.access_token);
  });

  it("issues a narrower token with client_secret_post", async () => {
    const client = { client_id: app.clientId };
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretPost(app.clientSecret), { scope: "transactions:read" }, insecure);
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    expect(token.scope).toBe("transactions:read");
  });

  it("refuses a scope outside the grant with invalid_scope", async () => {
    const client = { client_id: app.clientId };
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(app.clientSecret), { scope: "accounts:read payments:write" }, insecure);
    await expect(oauth.processClientCredentialsResponse(as, client, response)).rejects.toMatchObject({
      error: "invalid_scope",
      status: 400,
      cause: { error: "invalid_scope", error_description: "Scope not approved for this app: payments:write" },
    });
  });

  it("introspects its own tokens and revokes them (RFC 7662, RFC 7009)", async () => {
    const client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.clientSecret);
    const token = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, auth, {}, insecure));
    const active = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token.access_token, insecure));
    expect(active).toMatchObject({ active: true, client_id: app.clientId, scope: "accounts:read transactions:read", token_type: "Bearer", iss: gateway.url });
    expect(active.exp! - active.iat!).toBe(300);

    // Another client of the same organisation learns nothing about it.
    const otherClient = { client_id: other.clientId };
    const foreign = await oauth.processIntrospectionResponse(as, otherClient, await oauth.introspectionRequest(as, otherClient, oauth.ClientSecretBasic(other.clientSecret), token.access_token, insecure));
    expect(foreign).toEqual({ active: false });
    // …and cannot revoke it (still 200, RFC 7009 §2.2).
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, otherClient, oauth.ClientSecretBasic(other.clientSecret), token.access_token, insecure));
    expect((await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token.access_token) } })).revokedAt).toBeNull();

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token.access_token, insecure));
    const after = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token.access_token, insecure));
    expect(after).toEqual({ active: false });
    const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(token.access_token) } });
    expect(row.revokedAt).not.toBeNull();
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "token.revoke", targetId: row.id } });
    expect(audit).toMatchObject({ actorRole: "client", actorId: app.app.id, actorLabel: app.clientId });

    // Unknown tokens: 200 as well (RFC 7009 §2.2).
    const unknown = await post("/oauth2/revoke", "token=pat_unknown", { authorization: basic(app.clientId, app.clientSecret) });
    expect(unknown.status).toBe(200);
  });
});

describe("token endpoint errors (RFC 6749 §5.2)", () => {
  const cases: [string, string, Record<string, string>, number, object, Record<string, string>?][] = [
    ["wrong secret (basic)", "grant_type=client_credentials", { authorization: basic("pc_nobody", "pcs_wrong") }, 401, { error: "invalid_client", error_description: "Client authentication failed" }, { "www-authenticate": 'Basic realm="portico", charset="UTF-8"' }],
    ["no client authentication", "grant_type=client_credentials", {}, 401, { error: "invalid_client", error_description: "Authenticate the client: client_secret_basic, client_secret_post or mutual TLS with client_id" }, { "www-authenticate": 'Basic realm="portico", charset="UTF-8"' }],
    ["wrong secret (post)", "grant_type=client_credentials&client_id=pc_nobody&client_secret=pcs_wrong", {}, 401, { error: "invalid_client", error_description: "Client authentication failed" }, { "www-authenticate": 'Basic realm="portico", charset="UTF-8"' }],
    ["unsupported grant type", "grant_type=password&username=a&password=b", {}, 400, { error: "unsupported_grant_type", error_description: "Unsupported grant_type password; use one of client_credentials, authorization_code, refresh_token" }],
    // RFC 6749 §5.2: a missing required parameter is invalid_request.
    ["missing grant type", "scope=accounts%3Aread", {}, 400, { error: "invalid_request", error_description: "grant_type is required" }],
    // RFC 6749 §5.2: error_description stays within %x20-21 / %x23-5B / %x5D-7E even when it echoes input.
    ["grant type outside the description charset", `grant_type=${encodeURIComponent('pa"ss\\wörd\n€')}`, {}, 400, { error: "unsupported_grant_type", error_description: "Unsupported grant_type pa'ss/word??; use one of client_credentials, authorization_code, refresh_token" }],
    ["repeated parameter", "grant_type=client_credentials&scope=a&scope=b", {}, 400, { error: "invalid_request", error_description: "Parameter scope is repeated" }],
  ];
  it.each(cases)("%s", async (_name, body, headers, status, expected, expectedHeaders) => {
    const needsAuth = ["unsupported grant type", "missing grant type", "grant type outside the description charset"].includes(_name);
    const res = await post("/oauth2/token", body, needsAuth ? { authorization: basic(app.clientId, app.clientSecret) } : headers);
    expect(res.status).toBe(status);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual(expected);
    for (const [k, v] of Object.entries(expectedHeaders ?? {})) expect(res.headers.get(k)).toBe(v);
  });

  it("refuses form bodies of the wrong media type", async () => {
    const res = await fetch(`${gateway.url}/oauth2/token`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Send the parameters as application/x-www-form-urlencoded (RFC 6749 section 3.2)" });
  });

  it("refuses both Basic and client_secret at once (RFC 6749 §2.3)", async () => {
    const res = await post("/oauth2/token", `grant_type=client_credentials&client_secret=${app.clientSecret}`, { authorization: basic(app.clientId, app.clientSecret) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Use one client authentication method, not both Basic and client_secret" });
  });

  it("gives a suspended app no tokens", async () => {
    await getDb().app.update({ where: { id: other.app.id }, data: { status: "suspended" } });
    try {
      const { publishChange } = await import("@/lib/broadcast/change-bus");
      await publishChange({ kind: "app", appId: other.app.id });
      const res = await post("/oauth2/token", "grant_type=client_credentials", { authorization: basic(other.clientId, other.clientSecret) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "unauthorized_client", error_description: "This client may not obtain tokens: the app is suspended" });
    } finally {
      await getDb().app.update({ where: { id: other.app.id }, data: { status: "approved" } });
      const { publishChange } = await import("@/lib/broadcast/change-bus");
      await publishChange({ kind: "app", appId: other.app.id });
    }
  });

  it("refuses an expired (rotated-away) secret", async () => {
    await getDb().clientSecret.updateMany({ where: { appId: other.app.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await post("/oauth2/token", `grant_type=client_credentials&client_id=${other.clientId}&client_secret=${other.clientSecret}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });
    await getDb().clientSecret.updateMany({ where: { appId: other.app.id }, data: { expiresAt: null } });
  });

  it("refuses a revoked secret at once, even after it was cached", async () => {
    const org = await makeOrganisationWithAccounts({ accounts: 1 });
    const { version } = await makeApiVersion();
    const victim = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"] });
    const form = `grant_type=client_credentials&client_id=${victim.clientId}&client_secret=${victim.clientSecret}`;
    expect((await post("/oauth2/token", form)).status).toBe(200);
    await getDb().clientSecret.updateMany({ where: { appId: victim.app.id }, data: { revokedAt: new Date() } });
    const { publishChange } = await import("@/lib/broadcast/change-bus");
    await publishChange({ kind: "app", appId: victim.app.id });
    const res = await post("/oauth2/token", form);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });
  });

});

describe("one client-authentication chain for token, introspection and revocation", () => {
  const challenge = 'Basic realm="portico", charset="UTF-8"';
  it.each(["/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"])("%s refuses a wrong secret with the same 401 and challenge", async (path) => {
    const res = await post(path, "grant_type=client_credentials&token=pat_x", { authorization: basic(app.clientId, "pcs_wrong") });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(challenge);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });
  });

  it.each(["/oauth2/token", "/oauth2/introspect", "/oauth2/revoke"])("%s refuses two authentication methods at once", async (path) => {
    const res = await post(path, `grant_type=client_credentials&token=pat_x&client_secret=${app.clientSecret}`, { authorization: basic(app.clientId, app.clientSecret) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Use one client authentication method, not both Basic and client_secret" });
  });

  it("a suspended app gets no token, introspects its tokens as inactive and may still revoke them", async () => {
    const org = await makeOrganisationWithAccounts({ accounts: 1 });
    const { version } = await makeApiVersion();
    const held = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"] });
    const auth = { authorization: basic(held.clientId, held.clientSecret) };
    const issued = (await (await post("/oauth2/token", "grant_type=client_credentials", auth)).json()) as { access_token: string };
    await getDb().app.update({ where: { id: held.app.id }, data: { status: "suspended" } });
    const { publishChange } = await import("@/lib/broadcast/change-bus");
    await publishChange({ kind: "app", appId: held.app.id });

    const token = await post("/oauth2/token", "grant_type=client_credentials", auth);
    expect(token.status).toBe(400);
    expect(await token.json()).toEqual({ error: "unauthorized_client", error_description: "This client may not obtain tokens: the app is suspended" });
    const introspection = await post("/oauth2/introspect", `token=${issued.access_token}`, auth);
    expect(introspection.status).toBe(200);
    expect(await introspection.json()).toEqual({ active: false });
    expect((await post("/oauth2/revoke", `token=${issued.access_token}`, auth)).status).toBe(200);
    expect((await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(issued.access_token) } })).revokedAt).not.toBeNull();
  });

  it.each(["/oauth2/introspect", "/oauth2/revoke"])("%s refuses a JSON body like the token endpoint", async (path) => {
    const res = await fetch(`${gateway.url}${path}`, { method: "POST", body: "{}", headers: { "content-type": "application/json", authorization: basic(app.clientId, app.clientSecret) } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "invalid_request", error_description: "Send the parameters as application/x-www-form-urlencoded (RFC 6749 section 3.2)" });
  });
});

describe("wrong methods (RFC 9110 §15.5.6)", () => {
  const cases: [string, string, string][] = [
    ["GET", "/oauth2/token", "POST"],
    ["PUT", "/oauth2/introspect", "POST"],
    ["GET", "/oauth2/revoke", "POST"],
    ["POST", "/.well-known/oauth-authorization-server", "GET, HEAD"],
    ["DELETE", "/healthz", "GET, HEAD"],
  ];
  it.each(cases)("%s %s is 405 with Allow: %s", async (method, path, allow) => {
    const res = await fetch(`${gateway.url}${path}`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(allow);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({ type: "https://portico.dev/problems/method_not_allowed", title: "Method not allowed", status: 405, detail: `Use ${allow}`, code: "method_not_allowed" });
  });

  it("answers unknown paths with 404 whatever the method", async () => {
    const res = await fetch(`${gateway.url}/oauth2/device_authorization`, { method: "POST" });
    expect(res.status).toBe(404);
    expect(res.headers.get("allow")).toBeNull();
  });
});

describe("token endpoint budgets (RFC 6585 §4)", () => {
  it("answers 429 with Retry-After and an RFC 6749 error body once a client spends its budget; other clients still get tokens", async () => {
    // Fresh clients: with REDIS_URL the budgets are shared by every gateway instance, this file's included.
    const { version } = await makeApiVersion();
    const org = await makeOrganisationWithAccounts();
    const fresh = () => makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"] });
    const busy = await fresh();
    const quiet = await fresh();
    const limited = await startGateway({ port: 0, host: "127.0.0.1", tls: null, tokenRateLimits: { perIpPerMinute: 1_000_000, perClientPerMinute: 2 } });
    try {
      const token = (client: typeof busy) =>
        fetch(`${limited.url}/oauth2/token`, { method: "POST", body: "grant_type=client_credentials", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(client.clientId, client.clientSecret) } });
      expect((await token(busy)).status).toBe(200);
      expect((await token(busy)).status).toBe(200);
      const refused = await token(busy);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("cache-control")).toBe("no-store");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await refused.json()).toEqual({ error: "invalid_request", error_description: `Too many token requests for this client (at most 2 a minute); retry in ${retryAfter} s` });
      expect((await token(quiet)).status).toBe(200);

      // A standard client library reads it as an OAuth error with its status.
      const issuer = new URL(limited.url);
      const server = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
      const client = { client_id: busy.clientId };
      const response = await oauth.clientCredentialsGrantRequest(server, client, oauth.ClientSecretBasic(busy.clientSecret), new URLSearchParams(), insecure);
      await expect(oauth.processClientCredentialsResponse(server, client, response)).rejects.toMatchObject({ error: "invalid_request", status: 429 });
      expect(await getDb().accessToken.count({ where: { appId: busy.app.id } })).toBe(2);
    } finally {
      await limited.stop();
    }
  });

  it("counts requests per source address before authenticating the client, so secret guessing is throttled too", async () => {
    const limited = await startGateway({ port: 0, host: "127.0.0.1", tls: null, tokenRateLimits: { perIpPerMinute: 2, perClientPerMinute: 1_000_000 } });
    try {
      const guess = () =>
        fetch(`${limited.url}/oauth2/token`, { method: "POST", body: "grant_type=client_credentials", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(app.clientId, "pcs_guess") } });
      // With REDIS_URL this address's count is shared with other gateways of the run; by the third it is spent in any case.
      const statuses = [(await guess()).status, (await guess()).status];
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      const refused = await guess();
      expect(refused.status).toBe(429);
      expect(refused.headers.get("www-authenticate")).toBeNull();
      expect(await refused.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/^Too many token requests from this address \(at most 2 a minute\); retry in \d+ s$/) });
      // The right secret from the same address waits as well.
      const right = await fetch(`${limited.url}/oauth2/token`, { method: "POST", body: "grant_type=client_credentials", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(app.clientId, app.clientSecret) } });
      expect(right.status).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});
