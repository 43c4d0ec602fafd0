// The sandbox clock seen through the gateway, as an app sees it: a payment
// with a future requestedExecutionDate through the bundled Payments API is
// pending (taken from the available balance, not the booked one) until the
// organisation's clock reaches that date, then completed with its
// transaction booked on that date; new sandbox data and the balances' asOf
// are in sandbox time.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { advanceSandboxClock } from "@/lib/sandbox-data/advance-sandbox-clock";
import { isoDay, startOfDay } from "@/lib/sandbox-data/payment-schedule";
import { sandboxNow } from "@/lib/sandbox-data/sandbox-clock";
import { announcePaymentTo } from "@/lib/sandbox/announce-payment";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

const DAY = 24 * 60 * 60 * 1000;
let gateway: Gateway;
let token: string;
let payments: string;
let accounts: string;
let developer: Actor;
let organisationId: string;
let account: { id: string; accountId: string; balanceMinor: number };

async function call(url: string, init: { method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (init.body !== undefined) Object.assign(headers, { "content-type": "application/json", "idempotency-key": `clock-${Math.random()}` });
  const res = await fetch(url, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  organisationId = org.organisation.id;
  account = org.accounts[0]!;
  developer = { kind: "user", id: org.owner.id, role: "developer", organisationId, label: org.owner.email, ip: "127.0.0.1" };
  const paymentsApi = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "payments.yaml") });
  const accountsApi = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "accounts-v2.yaml") });
  const app = await makeApprovedApp({ organisationId, ownerId: org.owner.id, apiVersionId: paymentsApi.version.id, scopes: ["payments:read", "payments:write"], accountIds: [account.id] });
  await getDb().appApi.create({ data: { appId: app.app.id, apiVersionId: accountsApi.version.id, scopes: ["accounts:read", "transactions:read"] } });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  token = await clientCredentialsToken(gateway.url, app);
  payments = `${gateway.url}/sandbox/${paymentsApi.slug}/${paymentsApi.versionName}`;
  accounts = `${gateway.url}/sandbox/${accountsApi.slug}/${accountsApi.versionName}`;
});

afterAll(async () => {
  await gateway?.stop();
});

describe("the sandbox clock through the gateway", () => {
  it("holds a scheduled payment until the clock reaches its date, then books it on that date", async () => {
    const start = await sandboxNow(getDb(), organisationId);
    const executionDate = isoDay(new Date(start.getTime() + 2 * DAY));
    const made = await call(`${payments}/payments`, {
      method: "POST",
      body: { debtorAccountId: account.accountId, creditorName: "Harbour Estates Ltd", creditorIban: "GB94BARC10201530093459", amount: { value: "40.00", currency: "GBP" }, reference: "SCHEDULED", requestedExecutionDate: executionDate },
    });
    expect(made).toMatchObject({ status: 201, body: { status: "pending", requestedExecutionDate: executionDate } });
    const paymentId = made.body.paymentId as string;
    const held = await call(`${accounts}/accounts/${account.accountId}/balances`);
    expect(held.body).toMatchObject({ available: { value: "60.00" }, booked: { value: "100.00" } });

    const announce = announcePaymentTo;
    expect((await advanceSandboxClock({ actor: developer, unverifiedInput: { days: 1 }, announce })).paymentsBooked).toEqual([]);
    expect((await call(`${payments}/payments/${paymentId}`)).body.status).toBe("pending");
    expect((await advanceSandboxClock({ actor: developer, unverifiedInput: { days: 1 }, announce })).paymentsBooked).toEqual([paymentId]);

    expect((await call(`${payments}/payments/${paymentId}`)).body).toMatchObject({ paymentId, status: "completed" });
    const balances = await call(`${accounts}/accounts/${account.accountId}/balances`);
    expect(balances.body).toMatchObject({ available: { value: "60.00" }, booked: { value: "60.00" } });
    // asOf is sandbox time: two days ahead of real time.
    expect(Date.parse(balances.body.asOf)).toBeGreaterThanOrEqual(start.getTime() + 2 * DAY);
    const transactions = await call(`${accounts}/accounts/${account.accountId}/transactions?limit=1`);
    expect(transactions.body.data[0]).toMatchObject({ description: "SCHEDULED", bookingDate: executionDate });
    const row = await getDb().sandboxPayment.findUniqueOrThrow({ where: { paymentId }, select: { transaction: { select: { status: true, bookedAt: true } } } });
    expect(row.transaction).toEqual({ status: "booked", bookedAt: startOfDay(executionDate) });

    // A payment made now is dated by the sandbox clock.
    const later = await call(`${payments}/payments`, {
      method: "POST",
      body: { debtorAccountId: account.accountId, creditorName: "Corner Shop", creditorIban: "GB94BARC10201530093459", amount: { value: "1.00", currency: "GBP" }, reference: "NOW" },
    });
    expect(later.body.status).toBe("completed");
    expect(Date.parse(later.body.createdAt)).toBeGreaterThanOrEqual(start.getTime() + 2 * DAY);
  });
});
