// The attack suite: the OWASP API Security Top 10 (2023) and the ASVS 5.0
// Level 2 session, OAuth and logging requirements that apply to Portico,
// as HTTP attacks on the running portal and gateway. First the access
// matrix: every route of app/api and of the gateway (listed from the code at
// test time) must have its anonymous, other-organisation and lower-role
// case, each a real request refused the way the code intends, with nothing
// of the victim's in the answer. SECURITY.md maps each category to its tests.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { getDb } from "../../lib/db";
import { GATEWAY_CASES, PORTAL_CASES, paramsOf, sandboxStatus, type Attack, type Case, type RouteCases, type Who } from "./support/access-cases";
import { gatewayRoutes, portalRoutes, type InventoryEntry } from "./support/route-inventory";
import { ACCOUNTS_SCOPES, GATEWAY_URL, apiSignIn, buildWorld, fetchToken, newContext, signUp, type World } from "./support/world";

const KINDS = ["anonymous", "otherOrganisation", "lowerRole"] as const;

let w: World;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  w = await buildWorld();
});
test.afterAll(async () => w?.close());

function contextOf(who: Who): APIRequestContext {
  return { anonymous: w.anonymous, developerA: w.a.context, developerB: w.b.context, admin: w.staff.admin, compliance: w.staff.compliance }[who];
}

/** A refusal: problem+json (or an RFC 6749 error) with nothing of organisation A's and no internals. */
async function expectNoLeak(response: APIResponse, label: string) {
  const text = await response.text();
  for (const secret of w.secrets) expect(text, `${label}: the answer names "${secret}"`).not.toContain(secret);
  expect(text, `${label}: internals in the answer`).not.toMatch(/node_modules|\bat \S+ \(|prisma|stack/i);
  // The sandbox bank's sign-in pages (gateway/authorize-pages.ts) refuse with an HTML page for the person in the browser.
  if (response.status() >= 400 && !response.headers()["content-type"]?.startsWith("text/html")) {
    const body = JSON.parse(text) as Record<string, unknown>;
    if ("error" in body) expect(Object.keys(body).every((k) => ["error", "error_description", "error_uri"].includes(k)), label).toBe(true);
    else {
      expect(response.headers()["content-type"], label).toContain("application/problem+json");
      // failedRequest: the composite sandbox request's failing step (gateway/composite-route.ts), itself a problem of these keys.
      expect(Object.keys(body).every((k) => ["type", "title", "status", "detail", "code", "violations", "failedRequest"].includes(k)), `${label}: ${text}`).toBe(true);
    }
  }
}

async function send(entry: InventoryEntry, attack: Attack, gateway: boolean): Promise<APIResponse> {
  const params = paramsOf(w);
  const path = attack.path?.(w) ?? entry.path.replace(/\[([^\]]+)\]/g, (_, name: string) => params[name] ?? `missing-${name}`);
  const headers: Record<string, string> = { ...attack.headers?.(w) };
  if (attack.client) {
    const { clientId, secret } = attack.client(w);
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
  }
  let data: string | undefined;
  if (attack.body) {
    const body = attack.body(w);
    data = typeof body === "string" ? body : JSON.stringify(body);
    headers["content-type"] = attack.contentType ?? "application/json";
  }
  const method = entry.method === "*" ? "GET" : entry.method;
  return contextOf(attack.as).fetch(gateway ? `${GATEWAY_URL}${path}` : path, {
    method,
    headers,
    ...(attack.form ? { form: attack.form(w) } : data !== undefined ? { data: Buffer.from(data) } : {}),
    maxRedirects: 0,
  });
}

test("API9 inventory: every portal and gateway route has an anonymous, an other-organisation and a lower-role case", () => {
  const missing: string[] = [];
  const check = (entries: InventoryEntry[], table: Record<string, RouteCases>) => {
    for (const entry of entries) {
      const row = table[entry.key];
      for (const kind of KINDS) if (!row?.[kind]) missing.push(`${entry.key} (${entry.file}): no ${kind} case`);
    }
    const listed = new Set(entries.map((e) => e.key));
    for (const key of Object.keys(table)) if (!listed.has(key)) missing.push(`${key}: in the case table but no such route any more`);
  };
  const portal = portalRoutes();
  const gateway = gatewayRoutes();
  expect(portal.length).toBeGreaterThan(40);
  expect(gateway.map((g) => g.key)).toContain("POST /oauth2/token");
  check(portal, PORTAL_CASES);
  check(gateway, GATEWAY_CASES);
  expect(missing, "add one row per route to e2e/security/support/access-cases.ts").toEqual([]);
});

for (const [gateway, entries, table] of [
  [false, portalRoutes(), PORTAL_CASES],
  [true, gatewayRoutes(), GATEWAY_CASES],
] as const) {
  for (const entry of entries) {
    const row = table[entry.key];
    if (!row) continue; // the inventory test names it
    test(`access matrix: ${entry.key}`, async () => {
      for (const kind of KINDS) {
        const attack: Case = row[kind];
        if ("notApplicable" in attack) {
          test.info().annotations.push({ type: `${kind} not applicable`, description: attack.notApplicable });
          continue;
        }
        await test.step(`${kind} (${attack.as}) → ${attack.status}`, async () => {
          const response = await send(entry, attack, gateway);
          const label = `${kind}: ${entry.key}`;
          expect(response.status(), `${label}: ${await response.text()}`).toBe(attack.status);
          await expectNoLeak(response, label);
          await attack.check?.(response, w);
        });
      }
    });
  }
}

// ── OWASP API Security Top 10 (2023) ──────────────────────────────────────

test("API1 BOLA: another organisation's app, try-it and sandbox accounts are out of reach by id", async () => {
  expect((await w.b.context.get(`/api/apps/${w.a.appId}`)).status()).toBe(404);
  expect((await w.b.context.get(`/api/try/${w.a.appId}/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}`)).status()).toBe(404);
  // B's own app through try-it, asking for A's account: refused by the account subset.
  const viaOwnApp = await w.b.context.get(`/api/try/${w.b.appId}/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}`);
  expect(viaOwnApp.status()).toBe(403);
  await expectNoLeak(viaOwnApp, "try-it with B's app on A's account");
  // At the gateway: B's token on A's account by path.
  expect(await sandboxStatus(w.b.token, w)).toBe(403);
  const byQuery = await fetch(`${GATEWAY_URL}/sandbox/accounts/2.1.0/accounts/${w.b.accounts[0]!.accountId}/transactions?accountId=${w.a.accounts[0]!.accountId}`, { headers: { authorization: `Bearer ${w.b.token}` } });
  // An unknown query parameter naming A's account changes nothing: B gets nothing of A's.
  expect(byQuery.status).toBeLessThan(500);
  expect(await byQuery.text()).not.toContain(w.a.accounts[0]!.accountId);
  const list = await fetch(`${GATEWAY_URL}/sandbox/accounts/2.1.0/accounts`, { headers: { authorization: `Bearer ${w.b.token}` } });
  expect(list.status).toBe(200);
  expect(await list.text()).not.toContain(w.a.accounts[0]!.accountId);
  // B's app cannot be pointed at A's accounts.
  const grab = await w.b.context.patch(`/api/apps/${w.b.appId}`, { data: { accountIds: [w.a.accounts[0]!.id] } });
  expect(grab.status()).toBe(422);
});

test("API2 broken authentication: only valid credentials pass at the gateway, the management endpoint and the portal", async () => {
  const wrongSecret = await fetchToken({ clientId: w.a.clientId, secret: `${w.a.secret}x` }, ACCOUNTS_SCOPES);
  expect(wrongSecret.status).toBe(401);
  expect(((await wrongSecret.json()) as { error: string }).error).toBe("invalid_client");
  const tampered = `${w.a.token.slice(0, -2)}${w.a.token.endsWith("aa") ? "bb" : "aa"}`;
  expect(await sandboxStatus(tampered, w)).toBe(401);
  // The token in a query string is not accepted (RFC 6750 §2.3 not supported: it would land in logs).
  const inQuery = await fetch(`${GATEWAY_URL}/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}?access_token=${w.a.token}`);
  expect(inQuery.status).toBe(401);
  // A management token stops working the moment it is revoked.
  const made = await w.staff.admin.post("/api/admin/catalog/tokens", { data: { name: `revoked ${randomBytes(2).toString("hex")}` } });
  const { id, token } = (await made.json()) as { id: string; token: string };
  expect((await w.staff.admin.delete(`/api/admin/catalog/tokens/${id}`)).status()).toBe(200);
  const revoked = await w.anonymous.post("/api/management/specs", { headers: { authorization: `Bearer ${token}`, "content-type": "application/yaml" }, data: Buffer.from("openapi: 3.0.3\n") });
  expect(revoked.status()).toBe(401);
  // A forged session cookie is no session (V7.2.1: verified by the server).
  const forged = await newContext();
  await forged.storageState();
  const response = await forged.get("/api/apps", { headers: { cookie: "next-auth.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged" } });
  expect(response.status()).toBe(401);
  await forged.dispose();
  // A wrong password gives no session.
  const anonymous = await newContext();
  const { csrfToken } = (await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await anonymous.post("/api/auth/callback/credentials", { form: { csrfToken, email: w.a.developer.email, password: "wrong-password-123", json: "true" }, maxRedirects: 0 });
  expect((await anonymous.storageState()).cookies.some((c) => c.name.endsWith("session-token"))).toBe(false);
  expect((await anonymous.get("/api/apps")).status()).toBe(401);
  await anonymous.dispose();
});

test("API3 broken object property level authorization: no mass assignment, and no secret material in answers", async () => {
  for (const field of [{ status: "approved" }, { organisationId: w.b.developer.organisationId }, { clientId: "pc_chosen" }, { ownerId: w.b.developer.userId }]) {
    const r = await w.a.context.patch(`/api/apps/${w.a.pendingAppId}`, { data: { name: "Still mine", ...field } });
    expect(r.status(), JSON.stringify(field)).toBe(422);
  }
  const app = (await (await w.a.context.get(`/api/apps/${w.a.appId}`)).json()) as Record<string, unknown> & { status: string; certificates: object[]; secrets: object[] };
  expect(app.status).toBe("approved");
  const text = JSON.stringify(app);
  for (const property of ["secretHash", "passwordHash", "tokenHash", "\"pem\"", "BEGIN CERTIFICATE"]) expect(text, property).not.toContain(property);
  expect(text).not.toContain(w.a.secret);
  expect(app.certificates.length).toBe(1);
  // Sign-up: a role or organisation in the body is refused or ignored, never assigned.
  const id = randomBytes(3).toString("hex");
  const signup = await w.anonymous.post("/api/signup", { data: { name: "Mallory", email: `mallory-${id}@attack.example`, organisation: `Mallory ${id}`, password: "mallory-password-1", role: "admin" } });
  if (signup.status() === 201) {
    const user = await getDb().user.findUniqueOrThrow({ where: { email: `mallory-${id}@attack.example` } });
    expect(user.role).toBe("developer");
  } else expect(signup.status()).toBe(422);
  // The management token list shows no token values.
  const tokens = await (await w.staff.admin.get("/api/admin/catalog/tokens")).text();
  expect(tokens).not.toMatch(/pmt_[A-Za-z0-9_-]{16,}/);
});

test("API4 unrestricted resource consumption: oversized bodies are refused with 413", async () => {
  const form = await fetch(`${GATEWAY_URL}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=client_credentials&scope=${"a".repeat(64 * 1024)}`,
  });
  expect(form.status).toBe(413);
  const app = await w.a.context.patch(`/api/apps/${w.a.pendingAppId}`, { data: { description: "x".repeat(100 * 1024) } });
  expect(app.status()).toBe(413);
  const reason = await w.staff.compliance.post(`/api/compliance/apps/${w.b.appId}/suspend`, { data: { reason: "x".repeat(16 * 1024) } });
  expect(reason.status()).toBe(413);
  expect(await sandboxStatus(w.b.token, w, w.b.accounts[0]!.accountId)).toBe(200);
});

test("API5 broken function level authorization: a developer cannot approve its own app, read the audit trail or change the bank's settings", async () => {
  expect((await w.a.context.post(`/api/admin/apps/${w.a.pendingAppId}/requests/${w.a.pendingRequestId}/approve`)).status()).toBe(404);
  expect(((await (await w.a.context.get(`/api/apps/${w.a.pendingAppId}`)).json()) as { status: string }).status).toBe("pending");
  expect((await w.a.context.get("/api/compliance/audit/export")).status()).toBe(404);
  expect((await w.a.context.patch("/api/admin/settings", { data: { makerChecker: false } })).status()).toBe(404);
  expect((await w.a.context.post(`/api/compliance/apps/${w.b.appId}/suspend`, { data: { reason: "a competitor" } })).status()).toBe(404);
  // An admin is not compliance: no suspending; compliance is not an admin: no approving.
  expect((await w.staff.admin.post(`/api/compliance/apps/${w.b.appId}/suspend`, { data: { reason: "not my role" } })).status()).toBe(404);
  expect((await w.staff.compliance.post(`/api/admin/apps/${w.a.pendingAppId}/requests/${w.a.pendingRequestId}/approve`)).status()).toBe(404);
  expect(await sandboxStatus(w.b.token, w, w.b.accounts[0]!.accountId)).toBe(200);
});

test("API6 unrestricted access to sensitive business flows: a change request grants nothing until the bank approves it", async () => {
  const payments = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug: "payments" }, lifecycle: "published" }, orderBy: { createdAt: "desc" }, select: { id: true } });
  const accounts = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug: "accounts" }, version: "2.1.0" }, select: { id: true } });
  const change = await w.a.context.patch(`/api/apps/${w.a.appId}`, {
    data: { apis: [{ apiVersionId: accounts.id, scopes: ACCOUNTS_SCOPES.split(" ") }, { apiVersionId: payments.id, scopes: ["payments:read"] }], justification: "More, please" },
  });
  expect(change.status(), await change.text()).toBe(200);
  expect((await w.a.context.post(`/api/apps/${w.a.appId}/submit`)).status()).toBe(200);
  try {
    const early = await fetchToken(w.a, `${ACCOUNTS_SCOPES} payments:read`);
    expect(early.status).toBe(400);
    expect(((await early.json()) as { error: string }).error).toBe("invalid_scope");
    // The grant in force is unchanged: the old token still works.
    expect(await sandboxStatus(w.a.token, w)).toBe(200);
  } finally {
    expect((await w.a.context.post(`/api/apps/${w.a.appId}/withdraw`)).status()).toBe(200);
  }
});

test("API7 server-side request forgery: try-it reaches only the sandbox, and publishing fetches no external $ref", async () => {
  const hits: string[] = [];
  const probe: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    res.end("{}");
  });
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  try {
    for (const path of [
      `..%2F..%2F..%2Foauth2%2Ftoken`,
      `http:%2F%2F127.0.0.1:${port}%2Fx`,
      `%2F%2F127.0.0.1:${port}%2Fx`,
      `..%2F..%2F..%2F..%2F127.0.0.1:${port}`,
    ]) {
      const r = await w.a.context.get(`/api/try/${w.a.appId}/accounts/2.1.0/${path}`);
      const body = (await r.json()) as { status?: number };
      expect(r.status() === 404 || body.status === 404, `${path}: ${JSON.stringify(body)}`).toBe(true);
    }
    const id = randomBytes(3).toString("hex");
    const spec = probeSpec(id, `http://127.0.0.1:${port}/schema.json`);
    const published = await w.staff.admin.post("/api/admin/catalog/specs", { headers: { "content-type": "application/yaml" }, data: Buffer.from(spec) });
    expect(published.status()).toBe(422);
    expect(await published.text()).toContain("only references inside the document");
    expect(hits).toEqual([]);
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
});

test("API8 security misconfiguration: no-store, nosniff, no framework fingerprint, and errors without internals", async () => {
  const r = await w.a.context.get("/api/apps");
  expect(r.headers()).toMatchObject({ "cache-control": "no-store", "x-content-type-options": "nosniff" });
  expect(r.headers()["x-powered-by"]).toBeUndefined();
  const malformed = await w.a.context.patch(`/api/apps/${w.a.pendingAppId}`, { headers: { "content-type": "application/json" }, data: Buffer.from('{"name": ') });
  expect(malformed.status()).toBe(400);
  await expectNoLeak(malformed, "malformed JSON");
  const wrongType = await w.a.context.patch(`/api/apps/${w.a.pendingAppId}`, { headers: { "content-type": "text/plain" }, data: Buffer.from("name=x") });
  expect(wrongType.status()).toBe(415);
  const unknownGateway = await fetch(`${GATEWAY_URL}/admin`);
  expect(unknownGateway.status).toBe(404);
  expect(unknownGateway.headers.get("content-type")).toContain("application/problem+json");
  const wrongMethod = await fetch(`${GATEWAY_URL}/oauth2/token`);
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get("allow")).toBe("POST");
  const metadata = await fetch(`${GATEWAY_URL}/.well-known/oauth-authorization-server`);
  expect(((await metadata.json()) as { grant_types_supported: string[] }).grant_types_supported).toEqual(["client_credentials", "authorization_code", "refresh_token"]);
});

test("API10 unsafe consumption of APIs: a published spec cannot make the portal read local files", async () => {
  for (const ref of ["file:///etc/passwd", "/etc/passwd", "../../package.json#/name"]) {
    const published = await w.staff.admin.post("/api/admin/catalog/specs", { headers: { "content-type": "application/yaml" }, data: Buffer.from(probeSpec(randomBytes(3).toString("hex"), ref)) });
    expect(published.status(), ref).toBe(422);
    const text = await published.text();
    expect(text).not.toContain("root:");
    expect(text).not.toContain('"portico"');
  }
});

// ── ASVS 5.0 Level 2: sessions (V7, cookies V3.3), OAuth (V10), logging (V16) ──

test("ASVS V7.2.4, V3.3.2, V3.3.4: each sign-in issues a new HttpOnly, SameSite session cookie", async () => {
  const first = await apiSignIn(w.b.developer.email, w.b.developer.password);
  const second = await apiSignIn(w.b.developer.email, w.b.developer.password);
  const cookieOf = async (c: APIRequestContext) => (await c.storageState()).cookies.find((k) => k.name.endsWith("next-auth.session-token"))!;
  const [one, two] = [await cookieOf(first), await cookieOf(second)];
  expect(one.value).not.toBe(two.value);
  expect(one.httpOnly).toBe(true);
  expect(["Lax", "Strict"]).toContain(one.sameSite);
  expect(one.path).toBe("/");
  // The CSRF and callback cookies carry no session either.
  await Promise.all([first.dispose(), second.dispose()]);
});

test("ASVS V7.4.2: suspending a developer ends their live session at the next request", async () => {
  const developer = await signUp(w.anonymous, "atk-c");
  const session = await apiSignIn(developer.email, developer.password);
  expect((await session.get("/api/apps")).status()).toBe(200);
  const suspended = await w.staff.compliance.post(`/api/compliance/developers/${developer.userId}/suspend`, { data: { reason: "attack suite: session must end" } });
  expect(suspended.status(), await suspended.text()).toBe(200);
  expect((await session.get("/api/apps")).status()).toBe(401);
  await session.dispose();
});

test("ASVS V10.4.10, V10.4.4: confidential clients authenticate at every OAuth endpoint, and no grant type beyond the supported ones is granted", async () => {
  for (const endpoint of ["/oauth2/token", "/oauth2/par", "/oauth2/introspect", "/oauth2/revoke"]) {
    const r = await fetch(`${GATEWAY_URL}${endpoint}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", token: w.a.token, client_id: w.a.clientId }) });
    expect(r.status, endpoint).toBe(401);
    expect(((await r.json()) as { error: string }).error, endpoint).toBe("invalid_client");
  }
  const basic = Buffer.from(`${encodeURIComponent(w.a.clientId)}:${encodeURIComponent(w.a.secret)}`).toString("base64");
  for (const grant of ["password", "urn:ietf:params:oauth:grant-type:jwt-bearer"]) {
    const r = await fetch(`${GATEWAY_URL}/oauth2/token`, { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: grant, username: "u", password: "p", code: "c", refresh_token: "r" }) });
    expect(r.status, grant).toBe(400);
    expect(((await r.json()) as { error: string }).error, grant).toBe("unsupported_grant_type");
  }
  // The customer-consent grants exist (gateway/authorization-code.test.ts), but a code or refresh token never issued grants nothing.
  const forged = { code: "pac_forged", redirect_uri: "https://app.example/cb", code_verifier: "v".repeat(43), refresh_token: "prt_forged" };
  for (const grant of ["authorization_code", "refresh_token"]) {
    const r = await fetch(`${GATEWAY_URL}/oauth2/token`, { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: grant, ...forged }) });
    expect(r.status, grant).toBe(400);
    expect(((await r.json()) as { error: string }).error, grant).toBe("invalid_grant");
  }
});

test("ASVS V10.4.11, V10.3.2: a token carries only granted scopes, and the resource server enforces them", async () => {
  const tooMuch = await fetchToken(w.b, `${ACCOUNTS_SCOPES} fx:read`);
  expect(tooMuch.status).toBe(400);
  expect(((await tooMuch.json()) as { error: string }).error).toBe("invalid_scope");
  const narrow = await fetch(`${GATEWAY_URL}/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}/transactions`, { headers: { authorization: `Bearer ${w.a.narrowToken}` } });
  expect(narrow.status).toBe(403);
  expect(narrow.headers.get("www-authenticate") ?? "").toContain("insufficient_scope");
  // B's token works only on B's grant: the restricted API it was never granted.
  const other = await fetch(`${GATEWAY_URL}/sandbox/${w.restricted.slug}/1.0.0/rates`, { headers: { authorization: `Bearer ${w.b.token}` } });
  expect([403, 404]).toContain(other.status);
});

test("ASVS V10.4.9 (revocation is immediate): a token revoked by its client or by compliance is refused at the next call", async () => {
  const issue = async () => ((await (await fetchToken(w.b, ACCOUNTS_SCOPES)).json()) as { access_token: string }).access_token;
  const byClient = await issue();
  expect(await sandboxStatus(byClient, w, w.b.accounts[0]!.accountId)).toBe(200);
  const basic = Buffer.from(`${encodeURIComponent(w.b.clientId)}:${encodeURIComponent(w.b.secret)}`).toString("base64");
  const revoked = await fetch(`${GATEWAY_URL}/oauth2/revoke`, { method: "POST", headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: byClient }) });
  expect(revoked.status).toBe(200);
  expect(await sandboxStatus(byClient, w, w.b.accounts[0]!.accountId)).toBe(401);

  const byCompliance = await issue();
  expect(await sandboxStatus(byCompliance, w, w.b.accounts[0]!.accountId)).toBe(200);
  const { hashOpaqueSecret } = await import("../../lib/secrets/opaque-secret");
  const row = await getDb().accessToken.findUniqueOrThrow({ where: { tokenHash: hashOpaqueSecret(byCompliance) }, select: { id: true } });
  const r = await w.staff.compliance.post(`/api/compliance/tokens/${row.id}/revoke`, { data: { reason: "attack suite: leaked token" } });
  expect(r.status(), await r.text()).toBe(200);
  expect(await sandboxStatus(byCompliance, w, w.b.accounts[0]!.accountId)).toBe(401);
  // Tokens are stored as hashes only.
  expect(await getDb().accessToken.count({ where: { tokenHash: byCompliance } })).toBe(0);
});

test("ASVS V16.2.1, V16.3.1, V16.4.2: sign-ins, failures and changes are in the audit trail with who, what, when and where; developers cannot read it", async () => {
  const anonymous = await newContext();
  const { csrfToken } = (await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string };
  await anonymous.post("/api/auth/callback/credentials", { form: { csrfToken, email: w.b.developer.email, password: "wrong-password-456", json: "true" }, maxRedirects: 0 });
  await anonymous.dispose();
  const csv = await (await w.staff.compliance.get(`/api/compliance/audit/export?actor=${encodeURIComponent(w.b.developer.email)}`)).text();
  const lines = csv.split(/\r?\n/);
  const header = lines[0]!.toLowerCase();
  for (const column of ["at", "action", "actor", "ip"]) expect(header, column).toContain(column);
  expect(csv).toContain("user.sign_in");
  expect(csv).toContain("app.create");
  const failures = await (await w.staff.compliance.get(`/api/compliance/audit/export?action=user.sign_in_failed&targetId=${w.b.developer.userId}`)).text();
  expect(failures.split(/\r?\n/).filter((l) => l.includes("user.sign_in_failed")).length).toBeGreaterThanOrEqual(1);
  // The password tried is not in the trail.
  expect(failures).not.toContain("wrong-password-456");
  expect((await w.b.context.get("/api/compliance/audit/export")).status()).toBe(404);
});

test("ASVS V16.5.1: unexpected input gives a generic problem, never a stack trace", async () => {
  for (const [path, body] of [
    [`/api/apps/${w.a.pendingAppId}`, "[1,2,3]"],
    [`/api/apps/${w.a.pendingAppId}`, '{"apis": "not-a-list"}'],
    [`/api/apps/${"x".repeat(300)}`, "{}"],
  ] as const) {
    const r = await w.a.context.patch(path, { headers: { "content-type": "application/json" }, data: Buffer.from(body) });
    expect(r.status(), path).toBeGreaterThanOrEqual(400);
    expect(r.status(), path).toBeLessThan(500);
    await expectNoLeak(r, path);
  }
  const r = await fetch(`${GATEWAY_URL}/sandbox/accounts/2.1.0/accounts/%E0%A4%A`, { headers: { authorization: `Bearer ${w.a.token}` } });
  expect(r.status).toBeLessThan(500);
});

/** A minimal spec whose one response schema is the given $ref. */
function probeSpec(id: string, ref: string) {
  return `openapi: 3.0.3
info:
  title: Probe ${id} API
  version: 1.0.0
  x-portico-slug: probe-${id}
  x-portico-category: Testing
paths:
  /things:
    get:
      operationId: listThings
      summary: List things
      security: [{ bankOAuth: ["things:read"] }]
      responses:
        "200":
          description: The things
          content:
            application/json:
              schema: { $ref: "${ref}" }
components:
  securitySchemes:
    bankOAuth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: http://localhost:4000/oauth2/token
          scopes:
            things:read: Read things
`;
}
