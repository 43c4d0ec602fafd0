// Scenarios (lib/sandbox/scenarios.ts) on a real gateway: Prefer:
// scenario=insufficient_funds / payment_rejected / bank_error / slow, and the
// magic amounts 999.99 and 666.66. Each applies only after every check of a
// real call, changes exactly what it documents, and a bank-side 503 is never
// reported as our own crash.
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerCallbackEndpoint } from "@/lib/callbacks/register-callback-endpoint";
import { getDb } from "@/lib/db";
import { SLOW_SCENARIO_MS } from "@/lib/sandbox/scenarios";
import { makeUser } from "@/lib/testing/factories";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

type Account = { id: string; accountId: string };
let gateway: Gateway;
let token: string;
let appId: string;
let mine: Account[];
let foreign: Account;
let base: string;

async function call(method: string, route: string, init: { body?: unknown; prefer?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "idempotency-key": randomUUID() };
  if (init.prefer) headers.prefer = init.prefer;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${route}`, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

const payment = (debtorAccountId: string, value: string) => ({
  debtorAccountId,
  creditorName: "Harbour Estates Ltd",
  creditorIban: "GB94BARC10201530093459",
  amount: { value, currency: "GBP" },
  reference: "SCENARIO",
});
const pay = (debtorAccountId: string, value: string, prefer?: string) => call("POST", "/payments", { body: payment(debtorAccountId, value), prefer });

async function accountState(account: Account) {
  const db = getDb();
  const [balance, transactions, payments, deliveries] = await Promise.all([
    db.sandboxAccount.findUniqueOrThrow({ where: { id: account.id }, select: { balanceMinor: true } }),
    db.sandboxTransaction.count({ where: { accountId: account.id } }),
    db.sandboxPayment.count({ where: { debtorAccountId: account.id } }),
    db.callbackDelivery.count({ where: { appId } }),
  ]);
  return { balanceMinor: balance.balanceMinor, transactions, payments, deliveries };
}

beforeAll(async () => {
  const org = await makeOrganisationWithAccounts({ accounts: 2 });
  const other = await makeOrganisationWithAccounts({ accounts: 1 });
  mine = org.accounts as Account[];
  foreign = other.accounts[0] as Account;
  const api = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "payments.yaml") });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: api.version.id, scopes: ["payments:read", "payments:write"], accountIds: mine.map((a) => a.id) });
  appId = app.app.id;
  const developer = await makeUser({ role: "developer", organisationId: org.organisation.id });
  await registerCallbackEndpoint({ actor: developer.actor, appId, unverifiedInput: { url: "https://hooks.example.com/payments", events: ["payment.status_changed"] } });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  token = await clientCredentialsToken(gateway.url, app);
  base = `${gateway.url}/sandbox/${api.slug}/${api.versionName}`;
});

afterAll(async () => {
  await gateway?.stop();
});

describe("insufficient funds", () => {
  for (const [how, value, prefer] of [
    ["Prefer: scenario=insufficient_funds", "1.00", "scenario=insufficient_funds"],
    ["the magic amount 999.99", "999.99", undefined],
  ] as const) {
    it(`${how}: the spec's 422, nothing changes`, async () => {
      const before = await accountState(mine[1]!);
      const res = await pay(mine[1]!.accountId, value, prefer);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: "validation_failed", detail: "The debtor account's available balance does not cover the amount" });
      expect(await accountState(mine[1]!)).toEqual(before);
    });
  }
});

describe("a rejected payment", () => {
  for (const [how, value, prefer] of [
    ["Prefer: scenario=payment_rejected", "3.00", "scenario=payment_rejected"],
    ["the magic amount 666.66", "666.66", undefined],
  ] as const) {
    it(`${how}: stored as rejected, nothing debited or booked, the callback raised`, async () => {
      const before = await accountState(mine[1]!);
      const res = await pay(mine[1]!.accountId, value, prefer);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: "rejected", amount: { value } });
      expect((await call("GET", `/payments/${res.body.paymentId}`)).body.status).toBe("rejected");
      expect(await accountState(mine[1]!)).toEqual({ ...before, payments: before.payments + 1, deliveries: before.deliveries + 1 });
      const delivery = await getDb().callbackDelivery.findFirst({ where: { appId }, orderBy: { createdAt: "desc" } });
      expect(delivery!.payload).toMatchObject({ type: "payment.status_changed", data: { paymentId: res.body.paymentId, status: "rejected", previousStatus: null } });
    });
  }

  it("never lets a refused call through: another organisation's account is still 403", async () => {
    const res = await pay(foreign.accountId, "666.66", "scenario=payment_rejected");
    expect(res.status).toBe(403);
  });
});

describe("a bank-side error", () => {
  it("answers 503 problem+json with Retry-After, logged as bank_error and never as our crash", async () => {
    const errors = vi.spyOn(console, "error");
    try {
      const before = await accountState(mine[0]!);
      const res = await pay(mine[0]!.accountId, "1.00", "scenario=bank_error");
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.body).toMatchObject({ status: 503, code: "unavailable", detail: "The bank's systems did not answer in time (scenario=bank_error); retry later" });
      expect(await accountState(mine[0]!)).toEqual(before);
      // Any operation, bound or not.
      expect((await call("GET", `/payments/pmt_doesnotexist00000`, { prefer: "scenario=bank_error" })).status).toBe(503);
      expect(errors).not.toHaveBeenCalled();
      await gateway.flushLogs();
      const logged = await getDb().requestLog.findMany({ where: { appId, status: 503 }, select: { errorCode: true } });
      expect(logged.map((l) => l.errorCode)).toEqual(["bank_error", "bank_error"]);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("a slow answer", () => {
  it(`is held ${SLOW_SCENARIO_MS} ms without holding up other calls`, { timeout: SLOW_SCENARIO_MS + 10_000 }, async () => {
    const made = await pay(mine[0]!.accountId, "1.00");
    const sent = performance.now();
    let slowDone = false;
    const slow = call("GET", `/payments/${made.body.paymentId}`, { prefer: "scenario=slow" }).finally(() => (slowDone = true));
    // A call sent after the slow one is answered while the slow one is still held.
    const quick = await pay(mine[0]!.accountId, "1.00");
    expect(quick.status).toBe(201);
    expect(slowDone).toBe(false);
    const res = await slow;
    expect(res.body).toMatchObject({ paymentId: made.body.paymentId, status: "completed" }); // the answer itself is the operation's own
    expect(performance.now() - sent).toBeGreaterThanOrEqual(SLOW_SCENARIO_MS - 50);
  });
});

describe("asking for a scenario", () => {
  it("refuses an unknown scenario, and a payment scenario on another operation (400)", async () => {
    const unknown = await pay(mine[0]!.accountId, "1.00", "scenario=insufficent_funds");
    expect(unknown.status).toBe(400);
    expect(unknown.body.violations).toEqual([{ pointer: "/header/prefer", message: "scenario must be one of insufficient_funds, payment_rejected, bank_error, slow" }]);
    const elsewhere = await call("GET", `/payments/pmt_doesnotexist00000`, { prefer: "scenario=payment_rejected" });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.detail).toBe("scenario=payment_rejected applies to creating a payment, not to getPayment");
  });

  it("in a composite, a rejected payment commits with the rest and a bank error rolls everything back", async () => {
    const path = new URL(base).pathname;
    const step = (id: string, value: string, prefer?: string) => ({
      id,
      method: "POST",
      path: `${path}/payments`,
      headers: { "idempotency-key": randomUUID(), ...(prefer ? { prefer } : {}) },
      body: payment(mine[0]!.accountId, value),
    });
    const send = (requests: unknown[]) =>
      fetch(`${gateway.url}/sandbox/composite`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ requests }) });
    const before = await accountState(mine[0]!);
    const failed = await send([step("s1", "2.00"), step("s2", "3.00", "scenario=bank_error")]);
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { failedRequest: { id: string } }).failedRequest.id).toBe("s2");
    expect(await accountState(mine[0]!)).toEqual(before);
    const committed = await send([step("s1", "2.00"), step("s2", "666.66")]);
    expect(committed.status).toBe(200);
    expect(((await committed.json()) as { responses: Array<{ body: { status: string } }> }).responses.map((r) => r.body.status)).toEqual(["completed", "rejected"]);
    expect(await accountState(mine[0]!)).toEqual({ balanceMinor: before.balanceMinor - 2_00, transactions: before.transactions + 1, payments: before.payments + 2, deliveries: before.deliveries + 2 });
  });
});
