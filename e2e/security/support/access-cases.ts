// The access matrix: for every portal and gateway route (route-inventory.ts)
// three attacks, each a real request with the refusal the code intends:
//   anonymous          no session / no client credentials / no token
//   otherOrganisation  organisation B's developer or client against organisation A's objects
//   lowerRole          a signed-in role the action does not allow (a developer on staff
//                      routes, compliance on admin-only routes, staff on developer-only routes)
// Portal refusals: 401 unauthenticated; 404 for a role or organisation that may
// not see the thing (lib/auth/route-handler.ts: it learns nothing about it).
// Where a case does not apply, `notApplicable` says why.
// Adding a route = adding one row here.
import { expect, type APIResponse } from "@playwright/test";
import { getDb } from "../../../lib/db";
import { ACCOUNTS_SCOPES, GATEWAY_URL, type World } from "./world";
import { SANDBOX_KEY } from "./route-inventory";

export type Who = "anonymous" | "developerA" | "developerB" | "admin" | "compliance";

export type Attack = {
  as: Who;
  /** The request path; default: the route's path with its [params] from the world (organisation A's objects). */
  path?: (w: World) => string;
  /** JSON body (or a raw string with `contentType`). */
  body?: (w: World) => unknown;
  contentType?: string;
  headers?: (w: World) => Record<string, string>;
  /** Gateway only: form fields, and Basic client credentials. */
  form?: (w: World) => Record<string, string>;
  client?: (w: World) => { clientId: string; secret: string };
  status: number;
  /** What must hold besides the status and the no-leak check (e.g. nothing changed, nothing listed). */
  check?: (response: APIResponse, w: World) => Promise<void>;
};
export type Case = Attack | { notApplicable: string };
export type RouteCases = { anonymous: Case; otherOrganisation: Case; lowerRole: Case };

const STAFF = "staff route: admins and compliance act bank-wide, not for an organisation; any developer is the lower-role case";
const REASON = { reason: "attack suite: must be refused" };

/** Values of a route's [params]: organisation A's objects. */
export function paramsOf(w: World): Record<string, string> {
  return {
    appId: w.a.appId,
    requestId: w.a.requestId,
    secretId: w.a.secretId,
    certificateId: w.a.certificateId,
    id: w.managementTokenId,
    slug: w.restricted.slug,
    version: w.restricted.version,
    apiVersionId: w.restricted.apiVersionId,
    userId: w.a.developer.userId,
    organisationId: w.a.developer.organisationId,
    tokenId: w.a.tokenId,
    endpointId: w.a.callbackEndpointId,
    deliveryId: w.a.deliveryId,
    standingOrderId: w.a.standingOrderId,
    changeId: "no-such-change",
    asset: "web-components.min.js",
    "...path": "rates",
    "...nextauth": "session",
  };
}

/** Developer-only routes on organisation A's app. */
const developerOwned = (extra: Partial<Attack> = {}): RouteCases => ({
  anonymous: { as: "anonymous", status: 401, ...extra },
  otherOrganisation: { as: "developerB", status: 404, ...extra },
  lowerRole: { as: "admin", status: 404, ...extra },
});

/** Staff routes: anonymous 401, the lower role 404. */
const staffOnly = (lower: Who, extra: Partial<Attack> = {}): RouteCases => ({
  anonymous: { as: "anonymous", status: 401, ...extra },
  otherOrganisation: { notApplicable: STAFF },
  lowerRole: { as: lower, status: 404, ...extra },
});

/** Catalogue reads open to every signed-in role; organisation B must not see A's restricted API. */
const catalogRead = (): RouteCases => ({
  anonymous: { as: "anonymous", status: 401 },
  otherOrganisation: { as: "developerB", status: 404 },
  lowerRole: { notApplicable: "open to every signed-in role; what each sees is the visibility rule, the other-organisation case" },
});

const json = async (r: APIResponse) => (await r.json()) as unknown;
/** A composite sandbox request of one GET step. */
const compositeOf = (path: string) => ({ requests: [{ id: "s1", method: "GET", path }] });

/** Organisation A's callbacks, as A sees them. */
async function callbacksOfA(w: World) {
  const r = await w.a.context.get(`/api/apps/${w.a.appId}/callbacks`);
  expect(r.status()).toBe(200);
  return (await r.json()) as { signingSecretHint: string; endpoints: { id: string; url: string }[]; deliveries: { id: string }[] };
}
const clockRowsOfA = (w: World) => getDb().sandboxClock.count({ where: { organisationId: w.a.developer.organisationId } });
const standingOrdersOfA = (w: World) => getDb().sandboxStandingOrder.count({ where: { debtorAccount: { organisationId: w.a.developer.organisationId } } });
const resetsOfA = (w: World) => getDb().auditEvent.count({ where: { action: "sandbox.reset", targetId: w.a.developer.organisationId } });

export const PORTAL_CASES: Record<string, RouteCases> = {
  "POST /api/admin/apps/[appId]/requests/[requestId]/approve": staffOnly("developerA", {
    path: (w) => `/api/admin/apps/${w.a.pendingAppId}/requests/${w.a.pendingRequestId}/approve`,
    check: async (_r, w) => expect(((await (await w.staff.admin.get(`/api/apps/${w.a.pendingAppId}`)).json()) as { status: string }).status).toBe("pending"),
  }),
  "POST /api/admin/apps/[appId]/requests/[requestId]/reject": staffOnly("developerB", {
    path: (w) => `/api/admin/apps/${w.a.pendingAppId}/requests/${w.a.pendingRequestId}/reject`,
    body: () => ({ reason: "a competitor tries to reject it" }),
  }),
  "PUT /api/admin/apps/[appId]/token-lifetime": staffOnly("developerA", { body: () => ({ tokenLifetimeSeconds: 86_400 }) }),
  "PUT /api/admin/catalog/apis/[slug]/versions/[version]/lifecycle": staffOnly("developerA", { body: () => ({ lifecycle: "retired" }) }),
  "PUT /api/admin/catalog/apis/[slug]/visibility": staffOnly("developerB", {
    body: () => ({ visibility: "registered" }),
    check: async (_r, w) => expect((await w.b.context.get(`/api/catalog/apis/${w.restricted.slug}`)).status()).toBe(404),
  }),
  "POST /api/admin/catalog/specs": staffOnly("developerA", { body: () => "openapi: 3.0.3\ninfo: { title: Attack, version: 1.0.0 }\npaths: {}\n", contentType: "application/yaml" }),
  "POST /api/admin/catalog/specs/preview": staffOnly("developerA", { body: () => "openapi: 3.0.3\ninfo: { title: Attack, version: 1.0.0 }\npaths: {}\n", contentType: "application/yaml" }),
  // Drafts are the admins' alone: compliance is the lower role; refused before any draft is looked up.
  "DELETE /api/admin/catalog/drafts/[id]": staffOnly("compliance"),
  "POST /api/admin/catalog/drafts/[id]/publish": staffOnly("compliance", { body: () => ({ overlay: {} }) }),
  "DELETE /api/admin/catalog/tokens/[id]": staffOnly("compliance"),
  "GET /api/admin/catalog/tokens": staffOnly("compliance"),
  "POST /api/admin/catalog/tokens": staffOnly("compliance", { body: () => ({ name: "attack" }) }),
  "GET /api/admin/settings": staffOnly("compliance"),
  // Maker-checker changes need two admins (lib/settings/*-maker-checker-change.ts); the role check
  // comes before the change is looked up, so a change id that does not exist serves.
  "POST /api/admin/settings/maker-checker": staffOnly("compliance", { body: () => ({ makerChecker: false }) }),
  "POST /api/admin/settings/maker-checker/[changeId]/approve": staffOnly("compliance"),
  "POST /api/admin/settings/maker-checker/[changeId]/reject": staffOnly("developerA"),
  "PATCH /api/admin/settings": staffOnly("compliance", { body: () => ({ makerChecker: false }) }),

  "DELETE /api/apps/[appId]/certificates/[certificateId]": developerOwned(),
  "POST /api/apps/[appId]/certificates": developerOwned({ body: (w) => ({ pem: w.spareCertificatePem }) }),
  "GET /api/apps/[appId]": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: { as: "developerB", status: 404 },
    lowerRole: { notApplicable: "every role may read an app: staff bank-wide, a developer only its own organisation's (the other-organisation case)" },
  },
  "PATCH /api/apps/[appId]": developerOwned({
    body: () => ({ name: "Taken over" }),
    check: async (_r, w) => expect(((await (await w.a.context.get(`/api/apps/${w.a.appId}`)).json()) as { name: string }).name).toBe(w.a.appName),
  }),
  "DELETE /api/apps/[appId]/secrets/[secretId]": developerOwned({ check: async (_r, w) => expect((await fetchTokenStatus(w))).toBe(200) }),
  "POST /api/apps/[appId]/secrets": developerOwned({ check: async (_r, w) => expect((await fetchTokenStatus(w))).toBe(200) }),
  "POST /api/apps/[appId]/submit": developerOwned(),
  "GET /api/apps/[appId]/callbacks": developerOwned(),
  "POST /api/apps/[appId]/callbacks": developerOwned({
    body: () => ({ url: "https://attacker.invalid/steal", events: ["access.revoked"] }),
    check: async (_r, w) => expect((await callbacksOfA(w)).endpoints.map((e) => e.url)).toEqual(["https://callbacks.invalid/portico"]),
  }),
  "DELETE /api/apps/[appId]/callbacks/[endpointId]": developerOwned({
    check: async (_r, w) => expect((await callbacksOfA(w)).endpoints.map((e) => e.id)).toEqual([w.a.callbackEndpointId]),
  }),
  "POST /api/apps/[appId]/callbacks/signing-secret": developerOwned({
    check: async (_r, w) => expect((await callbacksOfA(w)).signingSecretHint).toBe(w.a.callbackSecretHint),
  }),
  "POST /api/apps/[appId]/callbacks/deliveries/[deliveryId]/resend": developerOwned({
    check: async (_r, w) => expect((await callbacksOfA(w)).deliveries.map((d) => d.id)).toEqual([w.a.deliveryId]),
  }),
  // The sandbox's own data: each acts on the caller's organisation only, which no path or body names.
  "POST /api/sandbox/customers": {
    anonymous: { as: "anonymous", status: 401, body: () => ({ persona: "overdrawn" }) },
    // Organisation B names A in the body: refused as an unknown field, and A's sandbox is unchanged.
    otherOrganisation: {
      as: "developerB",
      status: 422,
      body: (w) => ({ persona: "overdrawn", organisationId: w.a.developer.organisationId }),
      check: async (_r, w) => expect(await getDb().sandboxCustomer.count({ where: { organisationId: w.a.developer.organisationId, persona: { not: null } } })).toBe(0),
    },
    lowerRole: { as: "compliance", status: 404, body: () => ({ persona: "overdrawn" }) },
  },
  "POST /api/sandbox/reset": {
    anonymous: { as: "anonymous", status: 401, check: async (_r, w) => expect(await resetsOfA(w)).toBe(0) },
    otherOrganisation: { notApplicable: "acts on the caller's own organisation, which the request cannot name: B resetting resets only B (lib/sandbox-data/reset-sandbox.ts)" },
    lowerRole: { as: "admin", status: 404, check: async (_r, w) => expect(await resetsOfA(w)).toBe(0) },
  },
  "GET /api/sandbox/clock": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: { notApplicable: "reads the caller's own organisation's clock, which the request cannot name" },
    lowerRole: { as: "admin", status: 404 },
  },
  "POST /api/sandbox/clock/advance": {
    anonymous: { as: "anonymous", status: 401, body: () => ({ days: 1 }), check: async (_r, w) => expect(await clockRowsOfA(w)).toBe(0) },
    otherOrganisation: { notApplicable: "advances the caller's own organisation's clock, which the request cannot name: B advancing moves only B's" },
    lowerRole: { as: "admin", status: 404, body: () => ({ days: 1 }), check: async (_r, w) => expect(await clockRowsOfA(w)).toBe(0) },
  },
  // A list of the caller's own organisation's orders (appId only filters it): B naming A's app sees none of A's.
  "GET /api/sandbox/standing-orders": {
    ...developerOwned({ path: (w) => `/api/sandbox/standing-orders?appId=${w.a.appId}` }),
    otherOrganisation: { as: "developerB", status: 200, path: (w) => `/api/sandbox/standing-orders?appId=${w.a.appId}`, check: async (r) => expect(await json(r)).toEqual([]) },
  },
  // B (or staff) names A's app and A's account: nothing is created in A's sandbox.
  "POST /api/sandbox/standing-orders": developerOwned({
    body: (w) => ({ appId: w.a.appId, debtorAccountId: w.a.accounts[0]!.accountId, creditorName: "Attacker", creditorIban: "GB29NWBK60161331926819", amount: "9.99", reference: "ATTACK", frequency: "daily" }),
    check: async (_r, w) => expect(await standingOrdersOfA(w)).toBe(1),
  }),
  "DELETE /api/sandbox/standing-orders/[standingOrderId]": developerOwned({ check: async (_r, w) => expect(await standingOrdersOfA(w)).toBe(1) }),
  "PUT /api/admin/catalog/apis/[slug]/self-service": staffOnly("compliance", { body: () => ({ selfService: true }) }),
  "GET /api/catalog/apis/[slug]/versions/[version]/collection": {
    ...catalogRead(),
    otherOrganisation: { as: "developerB", status: 404, path: (w) => `/api/catalog/apis/${w.restricted.slug}/versions/${w.restricted.version}/collection?format=postman` },
  },
  "POST /api/apps/[appId]/withdraw": developerOwned({ path: (w) => `/api/apps/${w.a.pendingAppId}/withdraw` }),
  "GET /api/apps": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: {
      as: "developerB",
      status: 200,
      check: async (r, w) => {
        const ids = ((await json(r)) as { id: string }[]).map((a) => a.id);
        expect(ids).toContain(w.b.appId);
        expect(ids).not.toContain(w.a.appId);
      },
    },
    lowerRole: { notApplicable: "every role lists apps: staff bank-wide, a developer its own organisation's (the other-organisation case)" },
  },
  "POST /api/apps": {
    anonymous: { as: "anonymous", status: 401, body: () => ({ name: "Anonymous app" }) },
    // Organisation B asks for A's sandbox account and A's restricted API: refused as unavailable choices.
    otherOrganisation: {
      as: "developerB",
      status: 422,
      body: (w) => ({ name: "Grab", apis: [{ apiVersionId: w.restricted.apiVersionId, scopes: ["fx:read"] }], accountIds: [w.a.accounts[0]!.id] }),
    },
    lowerRole: { as: "admin", status: 404, body: () => ({ name: "Staff app" }) },
  },
  "GET /api/auth/[...nextauth]": {
    // next-auth's own endpoints (csrf, providers, session): public by design; an anonymous session is empty.
    anonymous: { as: "anonymous", status: 200, check: async (r) => expect(await json(r)).toEqual({}) },
    otherOrganisation: { notApplicable: "public: next-auth's sign-in endpoints hold no organisation data" },
    lowerRole: { notApplicable: "public: next-auth's sign-in endpoints" },
  },
  "POST /api/auth/[...nextauth]": {
    // A sign-in without next-auth's CSRF token makes no session.
    anonymous: {
      as: "anonymous",
      path: () => "/api/auth/callback/credentials",
      form: (w) => ({ email: w.a.developer.email, password: w.a.developer.password }),
      status: 302,
      check: async (r) => expect(r.headers()["set-cookie"] ?? "").not.toContain("session-token"),
    },
    otherOrganisation: { notApplicable: "public: next-auth's sign-in endpoints hold no organisation data" },
    lowerRole: { notApplicable: "public: next-auth's sign-in endpoints" },
  },
  "GET /api/catalog/apis/[slug]": catalogRead(),
  "GET /api/catalog/apis/[slug]/versions/[version]": catalogRead(),
  "GET /api/catalog/apis/[slug]/versions/[version]/spec": catalogRead(),
  "GET /api/catalog/apis": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: {
      as: "developerB",
      status: 200,
      check: async (r, w) => {
        const slugs = ((await json(r)) as { data: { slug: string }[] }).data.map((a) => a.slug);
        expect(slugs).toContain("accounts");
        expect(slugs).not.toContain(w.restricted.slug);
      },
    },
    lowerRole: { notApplicable: "open to every signed-in role; what each sees is the visibility rule, the other-organisation case" },
  },
  "GET /api/catalog/elements/[asset]": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: { notApplicable: "the same vendor file (Stoplight Elements) for everyone: no organisation data" },
    lowerRole: { notApplicable: "the same vendor file for every signed-in role" },
  },
  "GET /api/catalog/search": {
    anonymous: { as: "anonymous", status: 401, path: () => "/api/catalog/search?q=rates" },
    otherOrganisation: {
      as: "developerB",
      status: 200,
      // A word only the restricted API's name has (the answer echoes the query, which is no leak).
      path: (w) => `/api/catalog/search?q=${w.restricted.word}`,
      check: async (r, w) => expect(JSON.stringify(await json(r))).not.toContain(w.restricted.slug),
    },
    lowerRole: { notApplicable: "open to every signed-in role; what each finds is the visibility rule, the other-organisation case" },
  },

  "POST /api/compliance/apps/[appId]/apis/[apiVersionId]/remove": staffOnly("developerB", { body: () => REASON }),
  "POST /api/compliance/apps/[appId]/reinstate": staffOnly("developerA", { body: () => REASON }),
  "POST /api/compliance/apps/[appId]/revoke-tokens": staffOnly("developerB", { body: () => REASON, check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200) }),
  "POST /api/compliance/apps/[appId]/suspend": staffOnly("developerB", { body: () => REASON, check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200) }),
  "GET /api/compliance/audit/export": staffOnly("developerA"),
  "POST /api/compliance/certificates/[certificateId]/revoke": staffOnly("developerB", { body: () => REASON }),
  "POST /api/compliance/developers/[userId]/reinstate": staffOnly("developerA", { body: () => REASON }),
  "POST /api/compliance/developers/[userId]/suspend": staffOnly("developerB", { body: () => REASON, check: async (_r, w) => expect((await w.a.context.get("/api/apps")).status()).toBe(200) }),
  "POST /api/compliance/organisations/[organisationId]/reinstate": staffOnly("developerA", { body: () => REASON }),
  "POST /api/compliance/organisations/[organisationId]/suspend": staffOnly("developerB", { body: () => REASON }),
  // Compliance only: an admin is the lower role; the looked-up token (A's) must keep working.
  "POST /api/compliance/tokens/lookup": staffOnly("admin", { body: (w) => ({ query: w.a.token }), check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200) }),
  "POST /api/compliance/tokens/[tokenId]/revoke": staffOnly("developerB", { body: () => REASON, check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200) }),

  "POST /api/management/specs": {
    anonymous: { as: "anonymous", status: 401, body: () => "openapi: 3.0.3\n", contentType: "application/yaml" },
    otherOrganisation: { notApplicable: "management tokens belong to the bank (an admin makes them), not to an organisation" },
    // A signed-in session is not a management token.
    lowerRole: { as: "admin", status: 401, body: () => "openapi: 3.0.3\n", contentType: "application/yaml" },
  },
  "POST /api/signup": {
    anonymous: { notApplicable: "public: sign-up (mass assignment and enumeration are tested under API3)" },
    otherOrganisation: { notApplicable: "public: sign-up makes a new organisation" },
    lowerRole: { notApplicable: "public: sign-up" },
  },
  // The account's own routes: each acts on the signed-in user only (the request cannot name anyone else),
  // or on whoever holds a single-use link (the token is the proof).
  "POST /api/account/verify-email": {
    anonymous: { as: "anonymous", body: () => ({ token: "pve_not-a-real-token" }), status: 400 },
    otherOrganisation: { notApplicable: "the mailed single-use token names the user; a guessed token is refused (400)" },
    lowerRole: { notApplicable: "public: opened from the mail, signed in or not" },
  },
  "POST /api/account/password-reset": {
    anonymous: { notApplicable: "public: answers the same whether or not the email has an account (lib/accounts/request-password-reset.ts)" },
    otherOrganisation: { notApplicable: "public: the link goes to the address's owner only" },
    lowerRole: { notApplicable: "public" },
  },
  "POST /api/account/password": {
    anonymous: { as: "anonymous", body: () => ({ token: "ppr_not-a-real-token", password: "violet tractor sings quietly" }), status: 400 },
    otherOrganisation: { notApplicable: "the mailed single-use token names the user; a guessed token is refused (400)" },
    lowerRole: { notApplicable: "public: opened from the mail" },
  },
  "POST /api/account/verification-email": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: { notApplicable: "acts on the signed-in user only; the request cannot name another" },
    lowerRole: { notApplicable: "every role has an email address to verify" },
  },
  "POST /api/account/sign-out-everywhere": {
    anonymous: { as: "anonymous", status: 401 },
    otherOrganisation: { notApplicable: "ends the signed-in user's own sessions only; the request cannot name another" },
    lowerRole: { notApplicable: "every role may sign itself out" },
  },
  "PUT /api/account/mail-preferences": {
    anonymous: { as: "anonymous", body: () => ({ app_decision: false, compliance_action: false, breaking_change: false }), status: 401 },
    otherOrganisation: { notApplicable: "sets the signed-in user's own choices only; the request cannot name another" },
    lowerRole: { notApplicable: "every role may choose its mail" },
  },
  "GET /api/usage/export": {
    anonymous: { as: "anonymous", status: 401 },
    // B asks for A's app and A's organisation by id: the export holds only B's own organisation's lines.
    otherOrganisation: {
      as: "developerB",
      path: (w) => `/api/usage/export?appId=${w.a.appId}&organisationId=${w.a.developer.organisationId}`,
      status: 200,
      check: async (r, w) => {
        const csv = await r.text();
        expect(csv.split("\r\n")[0]).toMatch(/^day,organisation,app,appId,/);
        expect(csv).not.toContain(w.a.appId);
      },
    },
    lowerRole: { notApplicable: "every role exports usage: staff bank-wide (audited), a developer its own organisation's (the other-organisation case)" },
  },
};

// The try-it proxy: every method it exports, against organisation A's app.
for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
  PORTAL_CASES[`${method} /api/try/[appId]/[slug]/[version]/[...path]`] = developerOwned({
    path: (w) => `/api/try/${w.a.appId}/accounts/2.1.0/accounts`,
    ...(method === "GET" ? {} : { body: () => ({}) }),
  });
}

async function fetchTokenStatus(w: World) {
  const basic = Buffer.from(`${encodeURIComponent(w.a.clientId)}:${encodeURIComponent(w.a.secret)}`).toString("base64");
  const r = await fetch(`${GATEWAY_URL}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: ACCOUNTS_SCOPES }),
  });
  await r.body?.cancel();
  return r.status;
}

export async function sandboxStatus(token: string, w: World, account = w.a.accounts[0]!.accountId) {
  const r = await fetch(`${GATEWAY_URL}/sandbox/accounts/2.1.0/accounts/${account}`, { headers: { authorization: `Bearer ${token}` } });
  await r.body?.cancel();
  return r.status;
}

const tokenForm = () => ({ grant_type: "client_credentials", scope: ACCOUNTS_SCOPES });
const parForm = () => ({ response_type: "code", redirect_uri: "https://unregistered.example/cb", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" });
const HEAD_OF_GET = "HEAD answers as GET without a body; the GET row covers it";

export const GATEWAY_CASES: Record<string, RouteCases> = {
  "POST /oauth2/token": {
    anonymous: { as: "anonymous", form: tokenForm, status: 401 },
    // A's client id with B's secret.
    otherOrganisation: { as: "anonymous", form: tokenForm, client: (w) => ({ clientId: w.a.clientId, secret: w.b.secret }), status: 401 },
    // A scope outside B's grant (RFC 6749 §5.2 invalid_scope).
    lowerRole: { as: "anonymous", form: () => ({ grant_type: "client_credentials", scope: "accounts:read payments:write" }), client: (w) => ({ clientId: w.b.clientId, secret: w.b.secret }), status: 400 },
  },
  "POST /oauth2/par": {
    anonymous: { as: "anonymous", form: parForm, status: 401 },
    // A's client id with B's secret.
    otherOrganisation: { as: "anonymous", form: parForm, client: (w) => ({ clientId: w.a.clientId, secret: w.b.secret }), status: 401 },
    // B's own client, a redirect URI B never registered (RFC 9126 §2.3 invalid_request).
    lowerRole: { as: "anonymous", form: parForm, client: (w) => ({ clientId: w.b.clientId, secret: w.b.secret }), status: 400 },
  },
  // The sandbox bank's pages: no request_uri pushed by the client, no page (RFC 9126 §4).
  "GET /oauth2/authorize": {
    anonymous: { as: "anonymous", path: (w) => `/oauth2/authorize?client_id=${w.a.clientId}&request_uri=urn:ietf:params:oauth:request_uri:forged`, status: 400 },
    otherOrganisation: { notApplicable: "a browser page: the request_uri, pushed by an authenticated client, is the credential (anonymous row)" },
    lowerRole: { as: "anonymous", path: (w) => `/oauth2/authorize?client_id=${w.a.clientId}&response_type=code`, status: 400 },
  },
  "POST /oauth2/authorize/sign-in": {
    // No CSRF cookie and field bound to a pushed request: refused before any customer is looked up.
    anonymous: { as: "anonymous", body: () => "request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aforged&login_id=x&password=y", contentType: "application/x-www-form-urlencoded", status: 400 },
    otherOrganisation: { notApplicable: "another organisation's customer is refused on a real request: gateway/authorization-code.test.ts" },
    lowerRole: { notApplicable: "sandbox customers have no roles" },
  },
  "POST /oauth2/authorize/decide": {
    anonymous: { as: "anonymous", body: () => "request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Aforged&decision=approve", contentType: "application/x-www-form-urlencoded", status: 400 },
    otherOrganisation: { notApplicable: "a customer sees only their own accounts, bound at sign-in: gateway/authorization-code.test.ts" },
    lowerRole: { notApplicable: "sandbox customers have no roles" },
  },
  // The sandbox customer's access dashboard (gateway/customer-dashboard.ts): a session of its own, no portal roles.
  "GET /sandbox-bank/access": {
    // No session: the sign-in form, nothing else.
    anonymous: { as: "anonymous", status: 200, check: async (r) => expect(await r.text()).toContain('action="/sandbox-bank/access/sign-in"') },
    otherOrganisation: { notApplicable: "a customer sees only their own connected apps: gateway/customer-dashboard.test.ts" },
    lowerRole: { notApplicable: "sandbox customers have no roles" },
  },
  "POST /sandbox-bank/access/sign-in": {
    // No CSRF cookie matching the field: refused before any customer is looked up.
    anonymous: { as: "anonymous", body: () => "csrf=forged&login_id=x&password=y", contentType: "application/x-www-form-urlencoded", status: 400 },
    otherOrganisation: { notApplicable: "sandbox customers sign in with their own login id: gateway/customer-dashboard.test.ts" },
    lowerRole: { notApplicable: "sandbox customers have no roles" },
  },
  "POST /sandbox-bank/access/revoke": {
    // No session: the sign-in form again, nothing revoked.
    anonymous: { as: "anonymous", body: (w) => `csrf=forged&app_id=${w.a.appId}`, contentType: "application/x-www-form-urlencoded", status: 401 },
    otherOrganisation: { notApplicable: "another customer's app cannot be revoked: gateway/customer-dashboard.test.ts" },
    lowerRole: { notApplicable: "sandbox customers have no roles" },
  },
  "POST /sandbox-bank/access/sign-out": {
    anonymous: { as: "anonymous", body: () => "csrf=forged", contentType: "application/x-www-form-urlencoded", status: 200 },
    otherOrganisation: { notApplicable: "ends only the caller's own session (its cookie)" },
    lowerRole: { notApplicable: "sandbox customers have no roles" },
  },
  "POST /oauth2/introspect": {
    anonymous: { as: "anonymous", form: (w) => ({ token: w.a.token }), status: 401 },
    // RFC 7662 §2.2: another client's token is simply inactive.
    otherOrganisation: {
      as: "anonymous",
      form: (w) => ({ token: w.a.token }),
      client: (w) => ({ clientId: w.b.clientId, secret: w.b.secret }),
      status: 200,
      check: async (r) => expect(await json(r)).toEqual({ active: false }),
    },
    // An access token is not a client credential.
    lowerRole: { as: "anonymous", form: (w) => ({ token: w.a.token }), headers: (w) => ({ authorization: `Bearer ${w.a.token}` }), status: 401 },
  },
  "POST /oauth2/revoke": {
    anonymous: { as: "anonymous", form: (w) => ({ token: w.a.token }), status: 401, check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200) },
    // RFC 7009 §2.1: a client revokes only its own tokens; A's token keeps working.
    otherOrganisation: {
      as: "anonymous",
      form: (w) => ({ token: w.a.token }),
      client: (w) => ({ clientId: w.b.clientId, secret: w.b.secret }),
      status: 200,
      check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200),
    },
    lowerRole: { as: "anonymous", form: (w) => ({ token: w.a.token }), headers: (w) => ({ authorization: `Bearer ${w.a.token}` }), status: 401, check: async (_r, w) => expect(await sandboxStatus(w.a.token, w)).toBe(200) },
  },
  "GET /.well-known/oauth-authorization-server": {
    anonymous: { notApplicable: "public: RFC 8414 authorization-server metadata" },
    otherOrganisation: { notApplicable: "public: RFC 8414 metadata, the same for every caller" },
    lowerRole: { notApplicable: "public: RFC 8414 metadata" },
  },
  "HEAD /.well-known/oauth-authorization-server": { anonymous: { notApplicable: HEAD_OF_GET }, otherOrganisation: { notApplicable: HEAD_OF_GET }, lowerRole: { notApplicable: HEAD_OF_GET } },
  "GET /healthz": {
    anonymous: { as: "anonymous", status: 200, check: async (r) => expect(await json(r)).toEqual({ status: "ok" }) },
    otherOrganisation: { notApplicable: "public liveness probe: no data" },
    lowerRole: { notApplicable: "public liveness probe: no data" },
  },
  "HEAD /healthz": { anonymous: { notApplicable: HEAD_OF_GET }, otherOrganisation: { notApplicable: HEAD_OF_GET }, lowerRole: { notApplicable: HEAD_OF_GET } },
  // Each step is checked as a single call with the composite's token; the composite answers with the failing step's status.
  "POST /sandbox/composite": {
    anonymous: { as: "anonymous", body: (w) => compositeOf(`/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}`), status: 401 },
    otherOrganisation: {
      as: "anonymous",
      body: (w) => compositeOf(`/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}`),
      headers: (w) => ({ authorization: `Bearer ${w.b.token}` }),
      status: 403,
    },
    lowerRole: {
      as: "anonymous",
      body: (w) => compositeOf(`/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}/transactions`),
      headers: (w) => ({ authorization: `Bearer ${w.a.narrowToken}` }),
      status: 403,
    },
  },
  [SANDBOX_KEY]: {
    anonymous: { as: "anonymous", path: (w) => `/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}`, status: 401 },
    // B's valid token on A's sandbox account: outside B's grant.
    otherOrganisation: { as: "anonymous", path: (w) => `/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}`, headers: (w) => ({ authorization: `Bearer ${w.b.token}` }), status: 403 },
    // A token without the operation's scope (accounts:read only, on transactions).
    lowerRole: { as: "anonymous", path: (w) => `/sandbox/accounts/2.1.0/accounts/${w.a.accounts[0]!.accountId}/transactions`, headers: (w) => ({ authorization: `Bearer ${w.a.narrowToken}` }), status: 403 },
  },
};
