// The attack suite's world, built once per spec file through the product's
// own APIs: two fresh organisations (sign-up), each with a developer and an
// approved app with a client secret and a gateway token; organisation A's
// app also has a client certificate and a pending second app, and an API
// restricted to organisation A. One API request context per role, signed in
// once (next-auth's credentials callback) and reused for every request.
// Ids a developer's browser gets from server-rendered pages (API version
// ids, sandbox account ids, token ids for compliance) are read from the
// suite's database, as the other e2e specs do.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwright, type APIRequestContext } from "@playwright/test";
import { getDb } from "../../../lib/db";
import { hashOpaqueSecret } from "../../../lib/secrets/opaque-secret";
import { makeTestCertificate } from "../../../lib/testing/make-test-certificate";
import { DEMO, DEMO_PASSWORD, verifyEmailThroughOutbox } from "../../support/users";

process.env.DATABASE_URL = process.env.E2E_DATABASE_URL ?? "file:data/e2e/portico.db";
process.env.PORTICO_DATA_DIR ??= process.env.E2E_DATA_DIR ?? "data/e2e";

export const PORTAL_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;
export const GATEWAY_URL = `http://localhost:${process.env.E2E_GATEWAY_PORT ?? 4100}`;
const PASSWORD = "attack-suite-password-1";

/** A context that sends the portal's Origin (the CSRF check on state-changing routes). */
export function newContext(): Promise<APIRequestContext> {
  // No keep-alive: a connection the server closes while idle would fail the next request (ECONNRESET).
  return playwright.newContext({ baseURL: PORTAL_URL, extraHTTPHeaders: { origin: PORTAL_URL, connection: "close" } });
}

/** Signs in through next-auth's credentials callback; the context keeps the session cookie. */
export async function apiSignIn(email: string, password: string): Promise<APIRequestContext> {
  const context = await newContext();
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: `${PORTAL_URL}/dashboard`, json: "true" },
    maxRedirects: 0,
  });
  expect(response.status(), `sign-in of ${email}`).toBeLessThan(400);
  const cookies = (await context.storageState()).cookies;
  expect(cookies.some((c) => c.name.endsWith("next-auth.session-token")), `session cookie for ${email}`).toBe(true);
  return context;
}

/** A fresh developer and organisation through POST /api/signup. */
export async function signUp(anonymous: APIRequestContext, prefix: string) {
  const id = randomBytes(4).toString("hex");
  const developer = { name: `Attack ${prefix} ${id}`, email: `${prefix}-${id}@attack.example`, organisation: `Attack ${prefix} ${id} Ltd`, password: PASSWORD };
  const response = await anonymous.post("/api/signup", { data: developer });
  expect(response.status(), await response.text()).toBe(201);
  // Unverified developers may not register apps: verify as the owner would.
  await verifyEmailThroughOutbox(anonymous, developer.email, developer.password);
  // Sign-up answers a new and a taken email alike (no ids: lib/accounts/sign-up.ts), so read the new user back.
  const user = await getDb().user.findUniqueOrThrow({ where: { email: developer.email }, select: { id: true, organisationId: true } });
  return { ...developer, userId: user.id, organisationId: user.organisationId! };
}

/** client_credentials with client_secret_basic (RFC 6749 §2.3.1, §4.4). */
export async function fetchToken(client: { clientId: string; secret: string }, scope: string) {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`).toString("base64");
  return fetch(`${GATEWAY_URL}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }),
  });
}

export const ACCOUNTS_SCOPES = "accounts:read transactions:read";

async function versionId(slug: string, version: string) {
  return (await getDb().apiVersion.findFirstOrThrow({ where: { version, api: { slug } }, select: { id: true } })).id;
}

/** Approves a submitted request: the admin, and the second admin too when maker-checker asks for one. */
export async function approve(staff: Staff, appId: string, requestId: string) {
  const first = await staff.admin.post(`/api/admin/apps/${appId}/requests/${requestId}/approve`);
  expect(first.status(), await first.text()).toBe(200);
  const app = (await (await staff.admin.get(`/api/apps/${appId}`)).json()) as { status: string };
  if (app.status !== "approved") {
    const second = await (await staff.checker()).post(`/api/admin/apps/${appId}/requests/${requestId}/approve`);
    expect(second.status(), await second.text()).toBe(200);
  }
}

export type Staff = { admin: APIRequestContext; compliance: APIRequestContext; checker: () => Promise<APIRequestContext> };

async function makeOrganisation(anonymous: APIRequestContext, staff: Staff, prefix: string) {
  const developer = await signUp(anonymous, prefix);
  const context = await apiSignIn(developer.email, developer.password);
  // id: what a grant names; accountId: what sandbox paths and bodies carry.
  const accounts = await getDb().sandboxAccount.findMany({ where: { organisationId: developer.organisationId }, orderBy: { createdAt: "asc" }, select: { id: true, accountId: true } });
  expect(accounts.length, "sign-up gives the organisation sandbox accounts").toBeGreaterThanOrEqual(2);
  const appName = `Attack app ${prefix} ${randomBytes(3).toString("hex")}`;
  const created = await context.post("/api/apps", {
    data: {
      name: appName,
      description: "Made by the attack suite",
      apis: [{ apiVersionId: await versionId("accounts", "2.1.0"), scopes: ACCOUNTS_SCOPES.split(" ") }],
      accountIds: [accounts[0]!.id],
      justification: "The attack suite's target app",
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id: appId, requestId } = (await created.json()) as { id: string; requestId: string };
  expect((await context.post(`/api/apps/${appId}/submit`)).status()).toBe(200);
  await approve(staff, appId, requestId);
  const issued = await context.post(`/api/apps/${appId}/secrets`);
  expect(issued.status(), await issued.text()).toBe(201);
  const { id: secretId, clientId, clientSecret } = (await issued.json()) as { id: string; clientId: string; clientSecret: string };
  const tokenResponse = await fetchToken({ clientId, secret: clientSecret }, ACCOUNTS_SCOPES);
  expect(tokenResponse.status).toBe(200);
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
  const tokenId = (await getDb().accessToken.findFirstOrThrow({ where: { tokenHash: hashOpaqueSecret(token) }, select: { id: true } })).id;
  return { developer, context, accounts, appName, appId, requestId, secretId, clientId, secret: clientSecret, token, tokenId };
}

export type Organisation = Awaited<ReturnType<typeof makeOrganisation>>;

export type World = {
  anonymous: APIRequestContext;
  staff: Staff;
  /** Organisation A, with a certificate, a pending second app, a token with accounts:read only, and a callback URL with one delivery. */
  a: Organisation & { certificateId: string; pendingAppId: string; pendingRequestId: string; narrowToken: string; callbackEndpointId: string; callbackSecretHint: string; deliveryId: string; standingOrderId: string };
  b: Organisation;
  /** An API restricted to organisation A, published by the suite; `word` is in its name only. */
  restricted: { slug: string; version: string; name: string; word: string; apiVersionId: string };
  /** A valid certificate nobody registered. */
  spareCertificatePem: string;
  managementTokenId: string;
  /** Strings no refusal may ever contain: organisation A's names, credentials and restricted API. */
  secrets: string[];
  close(): Promise<void>;
};

export async function buildWorld(): Promise<World> {
  const anonymous = await newContext();
  let checker: APIRequestContext | undefined;
  const staff: Staff = {
    admin: await apiSignIn(DEMO.admin, DEMO_PASSWORD),
    compliance: await apiSignIn(DEMO.compliance, DEMO_PASSWORD),
    checker: async () => (checker ??= await apiSignIn(DEMO.checker, DEMO_PASSWORD)),
  };
  const a = await makeOrganisation(anonymous, staff, "atk-a");
  const b = await makeOrganisation(anonymous, staff, "atk-b");

  // Organisation A: a client certificate, and a second app waiting for review.
  const certificate = await a.context.post(`/api/apps/${a.appId}/certificates`, { data: { pem: makeTestCertificate({ commonName: "attack-suite-a" }).certPem } });
  expect(certificate.status(), await certificate.text()).toBe(201);
  const pending = await a.context.post("/api/apps", {
    data: { name: `Pending ${a.appName}`, apis: [{ apiVersionId: await versionId("accounts", "2.1.0"), scopes: ["accounts:read"] }], accountIds: [a.accounts[1]!.id], justification: "Waiting for review" },
  });
  expect(pending.status(), await pending.text()).toBe(201);
  const { id: pendingAppId, requestId: pendingRequestId } = (await pending.json()) as { id: string; requestId: string };
  expect((await a.context.post(`/api/apps/${pendingAppId}/submit`)).status()).toBe(200);

  // An API only organisation A may see.
  const suffix = randomBytes(3).toString("hex");
  const slug = `attack-restricted-${suffix}`;
  const name = `Attack Restricted ${suffix} API`;
  const spec = readFileSync(path.join(process.cwd(), "openapi", "fx-rates.yaml"), "utf8").replace("title: FX Rates API", `title: ${name}`).replace("x-portico-slug: fx-rates", `x-portico-slug: ${slug}`);
  const published = await staff.admin.post("/api/admin/catalog/specs", { headers: { "content-type": "application/yaml" }, data: spec });
  expect(published.status(), await published.text()).toBe(201);
  const organisationSlug = (await getDb().organisation.findUniqueOrThrow({ where: { id: a.developer.organisationId }, select: { slug: true } })).slug;
  const restrict = await staff.admin.put(`/api/admin/catalog/apis/${slug}/visibility`, { data: { visibility: "restricted", organisationSlugs: [organisationSlug] } });
  expect(restrict.status(), await restrict.text()).toBe(200);

  // Organisation A: a callback URL and one finished delivery to resend. The .invalid name never
  // resolves (RFC 2606), so nothing the suite triggers can send a callback anywhere.
  const callback = await a.context.post(`/api/apps/${a.appId}/callbacks`, { data: { url: "https://callbacks.invalid/portico", events: ["card.frozen"] } });
  expect(callback.status(), await callback.text()).toBe(201);
  const { id: callbackEndpointId, signingSecret } = (await callback.json()) as { id: string; signingSecret: string };
  const delivery = await getDb().callbackDelivery.create({
    data: {
      eventId: `evt_attack${suffix}`, organisationId: a.developer.organisationId, appId: a.appId, endpointId: callbackEndpointId, type: "card.frozen",
      payload: { type: "card.frozen", data: {} }, status: "failed", attempts: 8,
    },
  });

  // Organisation A: a standing order from its granted account, for the standing-order routes' cases.
  const order = await a.context.post("/api/sandbox/standing-orders", {
    data: { appId: a.appId, debtorAccountId: a.accounts[0]!.accountId, creditorName: "Attack Suite Payee", creditorIban: "GB29NWBK60161331926819", amount: "1.00", reference: "ATTACK SUITE", frequency: "monthly" },
  });
  expect(order.status(), await order.text()).toBe(201);
  const { standingOrderId } = (await order.json()) as { standingOrderId: string };

  const narrow = await fetchToken(a, "accounts:read");
  expect(narrow.status).toBe(200);
  const narrowToken = ((await narrow.json()) as { access_token: string }).access_token;

  const managementToken = await staff.admin.post("/api/admin/catalog/tokens", { data: { name: `attack suite ${suffix}` } });
  expect(managementToken.status(), await managementToken.text()).toBe(201);

  return {
    anonymous,
    staff,
    a: { ...a, certificateId: ((await certificate.json()) as { id: string }).id, pendingAppId, pendingRequestId, narrowToken, callbackEndpointId, callbackSecretHint: signingSecret.slice(-4), deliveryId: delivery.id, standingOrderId },
    b,
    restricted: { slug, version: "1.0.0", name, word: suffix, apiVersionId: await versionId(slug, "1.0.0") },
    spareCertificatePem: makeTestCertificate({ commonName: "attack-suite-spare" }).certPem,
    managementTokenId: ((await managementToken.json()) as { id: string }).id,
    secrets: [a.appName, a.clientId, a.secret, a.token, a.developer.email, a.developer.organisation, name, signingSecret],
    async close() {
      for (const context of [anonymous, staff.admin, staff.compliance, checker, a.context, b.context]) await context?.dispose();
    },
  };
}
