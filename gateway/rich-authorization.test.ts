// Rich authorization requests (RFC 9396) end to end with oauth4webapi,
// unmodified, on a gateway started in-process: authorization_details pushed
// (PAR) → shown on the consent page → returned with the token and by
// introspection → enforced by the sandbox: one payment exactly as consented,
// account reads only with their permission; bad details refused at PAR.
import path from "node:path";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { SANDBOX_CUSTOMER_PASSWORD } from "@/lib/oauth/sandbox-customer-password";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

const REDIRECT_URI = "http://127.0.0.1:9/callback";
const CREDITOR_IBAN = "GB94BARC10201530093459";
const insecure = { [oauth.allowInsecureRequests]: true } as const;

let gateway: Gateway;
let as: oauth.AuthorizationServer;
let app: Awaited<ReturnType<typeof makeApprovedApp>>;
let org: Awaited<ReturnType<typeof makeOrganisationWithAccounts>>;
let customerRef: string;
let accountsBase: string;
let paymentsBase: string;
let client: oauth.Client;
let auth: oauth.ClientAuth;

beforeAll(async () => {
  const db = getDb();
  const accountsApi = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "accounts-v2.yaml") });
  const paymentsApi = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "payments.yaml") });
  org = await makeOrganisationWithAccounts({ accounts: 2 });
  app = await makeApprovedApp({
    organisationId: org.organisation.id,
    ownerId: org.owner.id,
    apiVersionId: accountsApi.version.id,
    scopes: ["accounts:read", "transactions:read"],
    accountIds: [org.accounts[0]!.id, org.accounts[1]!.id],
  });
  await db.appApi.create({ data: { appId: app.app.id, apiVersionId: paymentsApi.version.id, scopes: ["payments:read", "payments:write"] } });
  await db.app.update({ where: { id: app.app.id }, data: { redirectUris: [REDIRECT_URI] } });
  customerRef = (await db.sandboxCustomer.findUniqueOrThrow({ where: { id: org.accounts[0]!.customerId } })).customerRef;
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  accountsBase = `${gateway.url}/sandbox/${accountsApi.slug}/${accountsApi.versionName}`;
  paymentsBase = `${gateway.url}/sandbox/${paymentsApi.slug}/${paymentsApi.versionName}`;
  const issuer = new URL(gateway.url);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }));
  client = { client_id: app.clientId };
  auth = oauth.ClientSecretBasic(app.clientSecret);
});

afterAll(async () => {
  await gateway?.stop();
});

const payment = (overrides: Record<string, unknown> = {}) => ({
  type: "payment_initiation",
  instructedAmount: { amount: "12.34", currency: "GBP" },
  creditorName: "Harbour Estates Ltd",
  creditorAccount: { iban: CREDITOR_IBAN },
  remittanceInformation: "DEPOSIT FLAT 4",
  ...overrides,
});

async function pushRaw(details: string, scope: string) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const response = await oauth.pushedAuthorizationRequest(
    as,
    client,
    auth,
    { response_type: "code", redirect_uri: REDIRECT_URI, scope, state, code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", authorization_details: details },
    insecure,
  );
  return { response, verifier, state };
}

/** A browser through sign-in and consent, answering with these form fields: the consent page, the answer and its page. */
async function decide(requestUri: string, fields: [string, string][]) {
  let cookie = "";
  let page = "";
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? "";
  const send = async (url: string, form?: [string, string][]) => {
    const res = await fetch(url, {
      method: form ? "POST" : "GET",
      redirect: "manual",
      headers: form ? { "content-type": "application/x-www-form-urlencoded", cookie } : {},
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    cookie ||= res.headers.get("set-cookie")?.split(";")[0] ?? "";
    page = await res.text();
    return res;
  };
  await send(`${as.authorization_endpoint}?${new URLSearchParams({ client_id: client.client_id, request_uri: requestUri })}`);
  const hidden = (): [string, string][] => [["request_uri", field("request_uri")], ["csrf", field("csrf")]];
  await send(`${gateway.url}/oauth2/authorize/sign-in`, [...hidden(), ["login_id", customerRef], ["password", SANDBOX_CUSTOMER_PASSWORD]]);
  const consentPage = page;
  const res = await send(`${gateway.url}/oauth2/authorize/decide`, [...hidden(), ["decision", "approve"], ...fields]);
  return { consentPage, res, page };
}

/** The consent approved: the consent page and the callback URL. */
async function consent(requestUri: string, fields: [string, string][]) {
  const { consentPage, res, page } = await decide(requestUri, fields);
  expect(res.status, page).toBe(303);
  return { consentPage, callback: new URL(res.headers.get("location")!) };
}

/** PAR with these details → consent with these form fields → token response. */
async function tokenFor(details: unknown[], scope: string, fields: [string, string][]) {
  const pushed = await pushRaw(JSON.stringify(details), scope);
  const { request_uri } = await oauth.processPushedAuthorizationResponse(as, client, pushed.response);
  const { consentPage, callback } = await consent(request_uri, fields);
  const params = oauth.validateAuthResponse(as, client, callback, pushed.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, pushed.verifier, insecure);
  return { consentPage, token: await oauth.processAuthorizationCodeResponse(as, client, response) };
}

let keys = 0;
async function pay(token: string, body: Record<string, unknown>) {
  const res = await fetch(`${paymentsBase}/payments`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": `rar-${++keys}-${Math.random()}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, any> };
}
const asConsented = (debtorAccountId: string) => ({ debtorAccountId, creditorName: "Harbour Estates Ltd", creditorIban: CREDITOR_IBAN, amount: { value: "12.34", currency: "GBP" }, reference: "DEPOSIT FLAT 4" });

describe("metadata (RFC 9396 §10)", () => {
  it("advertises the authorization_details types", () => {
    expect(as.authorization_details_types_supported).toEqual(["account_access", "payment_initiation"]);
  });
});

describe("authorization_details at PAR (RFC 9396 §5)", () => {
  const refused = async (details: string) => {
    const { response } = await pushRaw(details, "payments:write");
    expect(response.status).toBe(400);
    return (await response.json()) as { error: string; error_description: string };
  };
  it("refuses an unknown type, a malformed entry and non-JSON with invalid_authorization_details", async () => {
    expect(await refused(JSON.stringify([{ type: "crypto_transfer" }]))).toMatchObject({ error: "invalid_authorization_details", error_description: expect.stringContaining("unknown type crypto_transfer") });
    expect(await refused(JSON.stringify([payment({ instructedAmount: { amount: 12.34, currency: "GBP" } })]))).toMatchObject({ error: "invalid_authorization_details", error_description: expect.stringContaining("instructedAmount.amount") });
    expect(await refused(JSON.stringify([{ type: "account_access", permissions: ["everything"] }]))).toMatchObject({ error: "invalid_authorization_details", error_description: expect.stringContaining("permissions") });
    expect(await refused(JSON.stringify([payment(), payment()]))).toMatchObject({ error: "invalid_authorization_details" });
    expect(await refused("{not json"))
      .toMatchObject({ error: "invalid_authorization_details" });
  });
});

describe("a payment_initiation consent", () => {
  it("is shown in words, returned with the token and by introspection, and allows exactly one matching payment", async () => {
    const debtor = org.accounts[1]!;
    const { consentPage, token } = await tokenFor([payment()], "payments:write payments:read", [["debtor", debtor.accountId]]);
    expect(consentPage).toContain("12.34 GBP");
    expect(consentPage).toContain("Harbour Estates Ltd");
    expect(consentPage).toContain(CREDITOR_IBAN);
    expect(consentPage).toContain("DEPOSIT FLAT 4");
    expect(consentPage).toContain(`name="debtor" value="${debtor.accountId}"`);
    // RFC 9396 §7: the token response carries the consent, enriched with the chosen debtor.
    const granted = [{ ...payment(), debtorAccount: { accountId: debtor.accountId } }];
    expect(token.authorization_details).toEqual(granted);
    const introspection = await oauth.introspectionRequest(as, client, auth, token.access_token, insecure);
    expect(await introspection.json()).toMatchObject({ active: true, authorization_details: granted });

    // A mismatch names each differing field, and spends nothing.
    const wrong = await pay(token.access_token, { ...asConsented(debtor.accountId), amount: { value: "99.00", currency: "GBP" }, creditorIban: "GB33BUKB20201555555555" });
    expect(wrong.status).toBe(403);
    expect(wrong.type).toContain("application/problem+json");
    expect(wrong.body).toMatchObject({ code: "consent_mismatch", type: "https://portico.dev/problems/consent_mismatch" });
    expect(JSON.stringify(wrong.body.violations)).toContain("amount must be 12.34");
    expect(JSON.stringify(wrong.body.violations)).toContain("creditorIban");
    const otherDebtor = await pay(token.access_token, asConsented(org.accounts[0]!.accountId));
    expect(otherDebtor.status).toBe(403);

    const made = await pay(token.access_token, asConsented(debtor.accountId));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const again = await pay(token.access_token, asConsented(debtor.accountId));
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject({ code: "consent_used" });
    expect(await getDb().sandboxPayment.count({ where: { appId: app.app.id, debtorAccount: { accountId: debtor.accountId } } })).toBe(1);
  });

  it("lets only one of two racing payments through", async () => {
    const debtor = org.accounts[0]!;
    const { token } = await tokenFor([payment({ remittanceInformation: "RACE" })], "payments:write", [["debtor", debtor.accountId]]);
    const before = await getDb().sandboxPayment.count({ where: { appId: app.app.id } });
    const body = { ...asConsented(debtor.accountId), reference: "RACE" };
    const results = await Promise.all([pay(token.access_token, body), pay(token.access_token, body), pay(token.access_token, body)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 403, 403]);
    expect(await getDb().sandboxPayment.count({ where: { appId: app.app.id } })).toBe(before + 1);
  });
});

describe("an account_access consent", () => {
  it("naming accounts lets the customer choose those only", async () => {
    const pushed = await pushRaw(JSON.stringify([{ type: "account_access", accounts: [org.accounts[0]!.accountId], permissions: ["accounts"] }]), "accounts:read");
    const { request_uri } = await oauth.processPushedAuthorizationResponse(as, client, pushed.response);
    const { res, page } = await decide(request_uri, [["account", org.accounts[1]!.accountId]]);
    expect(res.status).toBe(400);
    expect(page).toContain(`asks for these accounts only: ${org.accounts[0]!.accountId}`);
  });

  it("allows the operations of its permissions only", async () => {
    const account = org.accounts[0]!;
    const { consentPage, token } = await tokenFor([{ type: "account_access", permissions: ["accounts", "balances"] }], "accounts:read transactions:read", [["account", account.accountId]]);
    expect(consentPage).toContain("see its balances");
    const get = (suffix: string) => fetch(`${accountsBase}/accounts/${account.accountId}${suffix}`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect((await get("")).status).toBe(200);
    expect((await get("/balances")).status).toBe(200);
    const transactions = await get("/transactions");
    expect(transactions.status).toBe(403);
    expect(await transactions.json()).toMatchObject({ code: "forbidden", detail: expect.stringContaining("transactions permission") });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "sandbox.consent_approve", targetId: app.app.id }, orderBy: { seq: "desc" } });
    expect(audit.details).toMatchObject({ authorizationDetailsTypes: ["account_access"], accountIds: [account.accountId] });
    // No payment_initiation: no payment, whatever the scope.
    const { token: readOnly } = await tokenFor([{ type: "account_access", permissions: ["transactions"] }], "payments:write", [["account", account.accountId]]);
    const refusedPayment = await pay(readOnly.access_token, asConsented(account.accountId));
    expect(refusedPayment).toMatchObject({ status: 403, body: { detail: expect.stringContaining("no payment_initiation") } });
  });
});
