// payment.status_changed callbacks from the sandbox bank, end to end on a
// real gateway: a payment made through the bundled Payments API queues
// exactly one outbox row (CallbackDelivery) per endpoint of the calling app
// that subscribed to the event, in the payment's own transaction; a refused
// payment, a repeated Idempotency-Key (its attempt rolls back) and a payment
// whose transaction fails after the announcement queue none; cancelling a
// pending payment queues one more. The data names the debtor account by its
// public id only.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerCallbackEndpoint } from "@/lib/callbacks/register-callback-endpoint";
import { getDb } from "@/lib/db";
import { createSandboxPayment } from "@/lib/sandbox-data/sandbox-payments";
import { announcePaymentTo } from "@/lib/sandbox/announce-payment";
import { makeUser } from "@/lib/testing/factories";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

type Account = { id: string; accountId: string; iban: string; accountNumber: string; sortCode: string };
let gateway: Gateway;
let token: string;
let base: string;
let organisationId: string;
let appId: string;
let otherAppId: string;
let accounts: Account[];
/** The calling app's endpoints that subscribed to payment.status_changed. */
let subscribed: string[];

const deliveriesOf = (id: string) => getDb().callbackDelivery.findMany({ where: { appId: id }, orderBy: { createdAt: "asc" } });
type Payload = { type: string; timestamp: string; data: Record<string, unknown> };

let keys = 0;
async function pay(debtorAccountId: string, value: string, key = `key-${++keys}-${Math.random()}`) {
  const res = await fetch(`${base}/payments`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ debtorAccountId, creditorName: "Harbour Estates Ltd", creditorIban: "GB94BARC10201530093459", amount: { value, currency: "GBP" }, reference: "DEPOSIT FLAT 4" }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function cancel(paymentId: string) {
  const res = await fetch(`${base}/payments/${paymentId}/cancel`, { method: "POST", headers: { authorization: `Bearer ${token}`, "idempotency-key": `c-${++keys}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** The rows queued since `before`: one event (one webhook-id) for each subscribed endpoint. */
async function newEvents(before: number) {
  const rows = (await deliveriesOf(appId)).slice(before);
  const byEvent = new Map<string, typeof rows>();
  for (const row of rows) byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row]);
  for (const group of byEvent.values()) {
    expect(group.map((r) => r.endpointId).sort()).toEqual([...subscribed].sort());
    expect(group.every((r) => r.status === "pending" && r.type === "payment.status_changed" && r.organisationId === organisationId)).toBe(true);
    expect(new Set(group.map((r) => JSON.stringify(r.payload))).size).toBe(1);
  }
  return [...byEvent.values()].map((group) => group[0]!.payload as Payload);
}

function expectNoAccountNumbers(payload: Payload) {
  const text = JSON.stringify(payload);
  for (const account of accounts) {
    expect(text).not.toContain(account.iban);
    expect(text).not.toContain(account.accountNumber);
  }
}

beforeAll(async () => {
  const org = await makeOrganisationWithAccounts({ accounts: 2 });
  organisationId = org.organisation.id;
  accounts = org.accounts as Account[];
  const { version, slug, versionName } = await makeApiVersion({ file: path.join(process.cwd(), "openapi", "payments.yaml") });
  const grant = { organisationId, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["payments:read", "payments:write"], accountIds: accounts.map((a) => a.id) };
  const app = await makeApprovedApp(grant);
  const other = await makeApprovedApp(grant);
  appId = app.app.id;
  otherAppId = other.app.id;

  // Registered as a developer of the organisation would; https URLs are only checked, nothing is sent here.
  const developer = await makeUser({ role: "developer", organisationId });
  const register = async (id: string, url: string, events: string[]) => (await registerCallbackEndpoint({ actor: developer.actor, appId: id, unverifiedInput: { url, events } })).id;
  subscribed = [
    await register(appId, "https://hooks.example.com/payments", ["payment.status_changed"]),
    await register(appId, "https://hooks.example.com/everything", ["payment.status_changed", "access.revoked", "card.frozen"]),
  ];
  await register(appId, "https://hooks.example.com/cards", ["card.frozen", "access.revoked"]);
  await register(otherAppId, "https://other.example.com/payments", ["payment.status_changed"]);

  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  base = `${gateway.url}/sandbox/${slug}/${versionName}`;
  const res = await fetch(`${gateway.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret }),
  });
  expect(res.status).toBe(200);
  token = ((await res.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await gateway?.stop();
});

describe("payment.status_changed", () => {
  it("a payment through the gateway queues exactly one delivery per subscribed endpoint of the calling app, and none for another app", async () => {
    const before = (await deliveriesOf(appId)).length;
    const made = await pay(accounts[0]!.accountId, "12.34");
    expect(made.status).toBe(201);
    const events = await newEvents(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      type: "payment.status_changed",
      timestamp: expect.any(String),
      data: { paymentId: made.body.paymentId, status: "completed", previousStatus: null, amount: "12.34", currency: "GBP", debtorAccountId: accounts[0]!.accountId },
    });
    expectNoAccountNumbers(events[0]!);
    expect(await deliveriesOf(otherAppId)).toEqual([]);
  });

  it("a refused payment (insufficient funds) and a repeated Idempotency-Key, whose attempt rolls back, queue none", async () => {
    const first = await pay(accounts[0]!.accountId, "1.00", "repeat-me");
    expect(first.status).toBe(201);
    const before = (await deliveriesOf(appId)).length;
    const refused = await pay(accounts[0]!.accountId, "5000.00");
    expect(refused.status).toBe(422);
    expect(refused.body.violations).toEqual([{ pointer: "/body/amount/value", message: "exceeds the available balance of the debtor account" }]);
    const again = await pay(accounts[0]!.accountId, "1.00", "repeat-me");
    expect(again.body.paymentId).toBe(first.body.paymentId);
    expect((await deliveriesOf(appId)).length).toBe(before);
  });

  it("a payment whose transaction fails after the announcement leaves no delivery, no payment and the balance as it was", async () => {
    const db = getDb();
    const debtor = accounts[1]!;
    const balance = (await db.sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor;
    const payments = await db.sandboxPayment.count({ where: { debtorAccountId: debtor.id } });
    const before = (await deliveriesOf(appId)).length;
    const announce = announcePaymentTo({ organisationId, appId });
    let queued = 0;
    await expect(
      createSandboxPayment({
        db,
        organisationId,
        appId,
        debtorAccountId: debtor.accountId,
        amountMinor: 5_00,
        currency: "GBP",
        creditorName: "Payee",
        creditorIban: "GB94BARC10201530093459",
        reference: "ROLLED BACK",
        pendingAboveMinor: null,
        announce: async (tx, change) => {
          await announce(tx, change);
          queued = await tx.callbackDelivery.count({ where: { appId } });
          throw new Error("a later step of the same transaction failed");
        },
      }),
    ).rejects.toThrow("a later step of the same transaction failed");
    // Queued inside the transaction, gone with its rollback.
    expect(queued).toBe(before + subscribed.length);
    expect((await deliveriesOf(appId)).length).toBe(before);
    expect((await db.sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor).toBe(balance);
    expect(await db.sandboxPayment.count({ where: { debtorAccountId: debtor.id } })).toBe(payments);
  });

  it("a pending payment announces pending; cancelling it announces cancelled once, a second cancel nothing", async () => {
    const debtor = accounts[1]!;
    await getDb().sandboxAccount.update({ where: { id: debtor.id }, data: { balanceMinor: 20_000_00 } });
    const before = (await deliveriesOf(appId)).length;
    const held = await pay(debtor.accountId, "12500.00");
    expect(held.body.status).toBe("pending");
    const cancelled = await cancel(held.body.paymentId);
    expect(cancelled.status).toBe(200);
    expect((await cancel(held.body.paymentId)).status).toBe(422);
    const events = await newEvents(before);
    const common = { paymentId: held.body.paymentId, amount: "12500.00", currency: "GBP", debtorAccountId: debtor.accountId };
    expect(events.map((e) => e.data)).toEqual([
      { ...common, status: "pending", previousStatus: null },
      { ...common, status: "cancelled", previousStatus: "pending" },
    ]);
    for (const event of events) expectNoAccountNumbers(event);
    expect(await deliveriesOf(otherAppId)).toEqual([]);
  });
});
