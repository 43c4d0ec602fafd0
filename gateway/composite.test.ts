// POST /sandbox/composite on a real gateway and database: all steps commit
// together or nothing changes (balances, payments, transactions and the
// callback outbox), the answer names the failing step; references between
// steps; more than 20 steps refused; each step checked like a single call
// (scopes, accounts, validation) with the composite's token; every step and
// the composite request-logged.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCallbackEndpoint } from "@/lib/callbacks/register-callback-endpoint";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

type Account = { id: string; accountId: string; balanceMinor: number };
type Step = { id: string; method: string; path: string; headers?: Record<string, string>; body?: unknown };

let gateway: Gateway;
let token: string;
let readOnlyToken: string;
let appId: string;
let organisationId: string;
let mine: Account[];
let foreign: Account;
let payments: string;
let accounts: string;
/** Makes another app of the organisation with the same grant (a rate-limit count of its own, also in a shared Redis). */
let makeSiblingApp: () => ReturnType<typeof makeApprovedApp>;

const spec = (name: string) => path.join(process.cwd(), "openapi", `${name}.yaml`);

async function composite(requests: Step[], bearer = token) {
  const res = await fetch(`${gateway.url}/sandbox/composite`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify({ requests }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

const payStep = (id: string, debtorAccountId: string, value: string, extra: Record<string, unknown> = {}): Step => ({
  id,
  method: "POST",
  path: `${payments}/payments`,
  headers: { "idempotency-key": randomUUID() },
  body: { debtorAccountId, creditorName: "Harbour Estates Ltd", creditorIban: "GB94BARC10201530093459", amount: { value, currency: "GBP" }, reference: "DEPOSIT FLAT 4", ...extra },
});

/** Everything a composite could change for the organisation's accounts (and the foreign one), to compare before and after. */
async function bankState() {
  const db = getDb();
  const ids = [...mine, foreign].map((a) => a.id);
  const [balances, paymentRows, transactions, deliveries] = await Promise.all([
    db.sandboxAccount.findMany({ where: { id: { in: ids } }, select: { accountId: true, balanceMinor: true }, orderBy: { accountId: "asc" } }),
    db.sandboxPayment.findMany({ where: { debtorAccountId: { in: ids } }, select: { paymentId: true, status: true }, orderBy: { paymentId: "asc" } }),
    db.sandboxTransaction.findMany({ where: { accountId: { in: ids } }, select: { id: true, amountMinor: true }, orderBy: { id: "asc" } }),
    db.callbackDelivery.count({ where: { appId } }),
  ]);
  return { balances, payments: paymentRows, transactions, deliveries };
}

beforeAll(async () => {
  const db = getDb();
  const org = await makeOrganisationWithAccounts({ accounts: 2 });
  const other = await makeOrganisationWithAccounts({ accounts: 1 });
  organisationId = org.organisation.id;
  mine = org.accounts as Account[];
  foreign = other.accounts[0] as Account;
  const paymentsApi = await makeApiVersion({ file: spec("payments") });
  const accountsApi = await makeApiVersion({ file: spec("accounts-v2") });
  const app = await makeApprovedApp({
    organisationId,
    ownerId: org.owner.id,
    apiVersionId: paymentsApi.version.id,
    scopes: ["payments:read", "payments:write"],
    accountIds: mine.map((a) => a.id),
  });
  await db.appApi.create({ data: { appId: app.app.id, apiVersionId: accountsApi.version.id, scopes: ["accounts:read", "transactions:read"] } });
  appId = app.app.id;
  makeSiblingApp = () =>
    makeApprovedApp({ organisationId, ownerId: org.owner.id, apiVersionId: paymentsApi.version.id, scopes: ["payments:read", "payments:write"], accountIds: mine.map((a) => a.id) });
  const developer = await makeUser({ role: "developer", organisationId });
  await registerCallbackEndpoint({ actor: developer.actor, appId, unverifiedInput: { url: "https://hooks.example.com/payments", events: ["payment.status_changed"] } });

  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  token = await clientCredentialsToken(gateway.url, app);
  readOnlyToken = await clientCredentialsToken(gateway.url, app, "payments:read accounts:read");
  payments = `/sandbox/${paymentsApi.slug}/${paymentsApi.versionName}`;
  accounts = `/sandbox/${accountsApi.slug}/${accountsApi.versionName}`;
});

afterAll(async () => {
  await gateway?.stop();
});

describe("all steps succeed: one commit", () => {
  it("reads an account, pays from it and reads the payment back by reference; the debit, the payment and its callback are committed", async () => {
    const before = await bankState();
    const res = await composite([
      { id: "account", method: "GET", path: `${accounts}/accounts/${mine[1]!.accountId}` },
      payStep("pay", "{{account.body.accountId}}", "12.50"),
      { id: "check", method: "GET", path: `${payments}/payments/{{pay.body.paymentId}}` },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.responses.map((r: { id: string; status: number }) => [r.id, r.status])).toEqual([
      ["account", 200],
      ["pay", 201],
      ["check", 200],
    ]);
    const [, pay, check] = res.body.responses;
    expect(pay.headers.location).toBe(`/payments/${pay.body.paymentId}`);
    expect(check.body).toMatchObject({ paymentId: pay.body.paymentId, status: "completed", debtorAccountId: mine[1]!.accountId, amount: { value: "12.50", currency: "GBP" } });

    const after = await bankState();
    expect(after.balances.find((b) => b.accountId === mine[1]!.accountId)!.balanceMinor).toBe(before.balances.find((b) => b.accountId === mine[1]!.accountId)!.balanceMinor - 12_50);
    expect(after.payments.map((p) => p.paymentId)).toContain(pay.body.paymentId);
    expect(after.transactions.length).toBe(before.transactions.length + 1);
    expect(after.deliveries).toBe(before.deliveries + 1);
  });

  it("two payments in one composite both commit, and a later step sees the earlier one's debit before the commit", async () => {
    const start = (await bankState()).balances.find((b) => b.accountId === mine[0]!.accountId)!.balanceMinor;
    const res = await composite([
      payStep("p1", mine[0]!.accountId, "1.00"),
      payStep("p2", mine[0]!.accountId, "2.00"),
      { id: "balances", method: "GET", path: `${accounts}/accounts/${mine[0]!.accountId}/balances` },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.responses[2].body.available.value).toBe(((start - 3_00) / 100).toFixed(2));
  });
});

describe("a failing third step rolls everything back and is named", () => {
  const cases: Array<{ name: string; third: () => Step; status: number; code: string; reason?: string }> = [
    { name: "insufficient funds", third: () => payStep("s3", mine[0]!.accountId, "99999.00"), status: 422, code: "validation_failed" },
    { name: "another organisation's account", third: () => payStep("s3", foreign.accountId, "1.00"), status: 403, code: "forbidden" },
    { name: "an invalid body", third: () => ({ ...payStep("s3", mine[0]!.accountId, "1.00"), body: { debtorAccountId: mine[0]!.accountId } }), status: 422, code: "validation_failed" },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.status}, nothing changed`, async () => {
      const before = await bankState();
      const res = await composite([payStep("s1", mine[0]!.accountId, "10.00"), payStep("s2", mine[1]!.accountId, "5.00"), c.third()]);
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.body).toMatchObject({ status: c.status, code: c.code, failedRequest: { id: "s3", index: 2, status: c.status, problem: { status: c.status, code: c.code } } });
      expect(res.body.detail).toMatch(/^Request s3 \(index 2\) failed with \d{3}: .+; nothing was committed$/);
      expect(await bankState()).toEqual(before);
    });
  }

  it("the insufficient-funds answer is the single call's own problem", async () => {
    const res = await composite([payStep("s1", mine[0]!.accountId, "99999.00")]);
    expect(res.body.failedRequest.problem).toEqual({
      type: "https://portico.dev/problems/validation_failed",
      title: "Validation failed",
      status: 422,
      detail: "The debtor account's available balance does not cover the amount",
      code: "validation_failed",
      violations: [{ pointer: "/body/amount/value", message: "exceeds the available balance of the debtor account" }],
    });
  });
});

describe("references", () => {
  it("an unknown step or a missing field is refused (422) naming the reference and the step, before it runs", async () => {
    const before = await bankState();
    const unknownStep = await composite([payStep("s1", mine[0]!.accountId, "1.00"), { id: "s2", method: "GET", path: `${payments}/payments/{{s9.body.paymentId}}` }]);
    expect(unknownStep.status).toBe(422);
    expect(unknownStep.body.failedRequest).toMatchObject({
      id: "s2",
      index: 1,
      problem: { code: "validation_failed", detail: 'Unknown reference {{s9.body.paymentId}}: names no earlier step "s9"', violations: [{ pointer: "/requests/1/path" }] },
    });
    const missingField = await composite([payStep("s1", mine[0]!.accountId, "1.00"), payStep("s2", "{{s1.body.nope.deeper}}", "1.00")]);
    expect(missingField.status).toBe(422);
    expect(missingField.body.failedRequest).toMatchObject({
      id: "s2",
      problem: { detail: 'Unknown reference {{s1.body.nope.deeper}}: is not in the answer of step "s1"', violations: [{ pointer: "/requests/1/body/debtorAccountId" }] },
    });
    const later = await composite([{ id: "s1", method: "GET", path: `${payments}/payments/{{s2.body.paymentId}}` }, payStep("s2", mine[0]!.accountId, "1.00")]);
    expect(later.body.failedRequest).toMatchObject({ id: "s1", index: 0, problem: { detail: 'Unknown reference {{s2.body.paymentId}}: names no earlier step "s2"' } });
    const malformed = await composite([payStep("s1", mine[0]!.accountId, "1.00"), { id: "s2", method: "GET", path: `${payments}/payments/{{s1 body}}` }]);
    expect(malformed.body.failedRequest.problem.code).toBe("validation_failed");
    expect(await bankState()).toEqual(before);
  });

  it("works in headers, keeps a number a number in the body, and reads status and headers", async () => {
    const res = await composite([
      payStep("s1", mine[0]!.accountId, "1.00"),
      { id: "s2", method: "GET", path: `${payments}/payments/{{s1.body.paymentId}}`, headers: { "x-request-id": "after-{{s1.status}}-{{s1.body.paymentId}}" } },
      { ...payStep("s3", mine[0]!.accountId, "1.00"), headers: { "idempotency-key": "{{s1.body.paymentId}}-again" } },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const paymentId = res.body.responses[0].body.paymentId as string;
    expect(res.body.responses[2].status).toBe(201);
    const stored = await getDb().sandboxPayment.findFirst({ where: { paymentId: res.body.responses[2].body.paymentId }, select: { idempotencyKey: true } });
    expect(stored!.idempotencyKey).toBe(`${paymentId}-again`);
  });
});

describe("the composite request itself", () => {
  it("refuses more than 20 steps (422) without running any", async () => {
    const before = await bankState();
    const res = await composite(Array.from({ length: 21 }, (_, i) => payStep(`s${i + 1}`, mine[0]!.accountId, "1.00")));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "validation_failed", violations: [{ pointer: "/requests", message: "at most 20 requests in one composite" }] });
    expect(await bankState()).toEqual(before);
    const twenty = await composite(Array.from({ length: 20 }, (_, i) => ({ id: `g${i}`, method: "GET", path: `${accounts}/accounts/${mine[0]!.accountId}` })));
    expect(twenty.status).toBe(200);
  });

  it("refuses a missing token (401), duplicate ids, an Authorization per step and a nested composite (422)", async () => {
    const anonymous = await fetch(`${gateway.url}/sandbox/composite`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="portico-sandbox"');
    const twice = await composite([payStep("s1", mine[0]!.accountId, "1.00"), payStep("s1", mine[0]!.accountId, "1.00")]);
    expect(twice.body).toMatchObject({ status: 422, violations: [{ pointer: "/requests/1/id" }] });
    const authorization = await composite([{ id: "s1", method: "GET", path: `${accounts}/accounts`, headers: { Authorization: "Bearer other" } }]);
    expect(authorization.body).toMatchObject({ status: 422, violations: [{ pointer: "/requests/0/headers/Authorization" }] });
    const get = await fetch(`${gateway.url}/sandbox/composite`, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("checks scopes per step: a read-only token reads, then its payment step is refused (403) and nothing is kept", async () => {
    const before = await bankState();
    const res = await composite([{ id: "read", method: "GET", path: `${accounts}/accounts/${mine[0]!.accountId}` }, payStep("pay", mine[0]!.accountId, "1.00")], readOnlyToken);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(res.body.failedRequest).toMatchObject({ id: "pay", index: 1, status: 403, problem: { code: "forbidden" } });
    expect(await bankState()).toEqual(before);
  });

  it("counts every step against the app's rate limit: the step over it is 429 with Retry-After, and nothing is kept", async () => {
    const limited = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 3, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
    try {
      const sibling = await clientCredentialsToken(limited.url, await makeSiblingApp());
      const before = await bankState();
      const steps = [payStep("s1", mine[0]!.accountId, "1.00"), payStep("s2", mine[0]!.accountId, "1.00"), payStep("s3", mine[0]!.accountId, "1.00"), payStep("s4", mine[0]!.accountId, "1.00")];
      const res = await fetch(`${limited.url}/sandbox/composite`, { method: "POST", headers: { authorization: `Bearer ${sibling}`, "content-type": "application/json" }, body: JSON.stringify({ requests: steps }) });
      const body = (await res.json()) as Record<string, any>;
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toMatch(/^[0-9]+$/);
      expect(body.failedRequest).toMatchObject({ id: "s4", index: 3, status: 429 });
      expect(await bankState()).toEqual(before);
    } finally {
      await limited.stop();
    }
  });

  it("fails on a mocked error a step asks for (Prefer: code=404), and refuses a body over the sandbox limit (413)", async () => {
    const before = await bankState();
    const mocked = await composite([payStep("s1", mine[0]!.accountId, "1.00"), { id: "s2", method: "GET", path: `${payments}/payments/{{s1.body.paymentId}}`, headers: { prefer: "code=404" } }]);
    expect(mocked.status).toBe(404);
    expect(mocked.body).toMatchObject({ code: "not_found", failedRequest: { id: "s2", index: 1, status: 404 } });
    const big = await composite([{ ...payStep("s1", mine[0]!.accountId, "1.00"), body: { padding: "x".repeat(300 * 1024) } }]);
    expect(big.status).toBe(413);
    expect(await bankState()).toEqual(before);
  });

  it("logs every step that ran and the composite, tied by one composite id", async () => {
    const res = await composite([{ id: "a", method: "GET", path: `${accounts}/accounts/${mine[0]!.accountId}` }, payStep("b", foreign.accountId, "1.00")]);
    expect(res.status).toBe(403);
    await gateway.flushLogs();
    const rows = await getDb().requestLog.findMany({ where: { appId, detail: { contains: '"failedRequest":"b"' } }, select: { detail: true } });
    expect(rows).toHaveLength(1);
    const compositeId = (JSON.parse(rows[0]!.detail) as { composite: string }).composite;
    const logged = await getDb().requestLog.findMany({ where: { detail: { contains: compositeId } }, select: { path: true, status: true, errorCode: true, detail: true } });
    const byStep = Object.fromEntries(logged.map((r) => [(JSON.parse(r.detail) as { step?: string }).step ?? "composite", r]));
    expect(Object.keys(byStep).sort()).toEqual(["a", "b", "composite"]);
    expect(byStep.a).toMatchObject({ status: 200 });
    expect(byStep.b).toMatchObject({ status: 403, errorCode: "account_not_granted" });
    expect(byStep.composite).toMatchObject({ path: "/sandbox/composite", status: 403, errorCode: "composite_step_failed" });
  });
});
