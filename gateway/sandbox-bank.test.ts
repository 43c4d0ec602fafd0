// The sandbox as a small bank, end to end on a real gateway: the bundled
// specs' bound operations answer from the organisation's own data (the
// accounts in the app's grant, their balances and transactions, payments with
// their consequences); a UK Open Banking style spec is bound by its
// x-portico-sandbox extensions alone; another organisation's account never
// answers with data, marked or not; and every data answer validates against
// the operation's response schema.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { buildRouteTable } from "@/lib/sandbox/route-table";
import type { CompiledOperation } from "@/lib/sandbox/compile-operation";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

const spec = (name: string) => path.join(process.cwd(), "openapi", `${name}.yaml`);
const OB_SPEC = path.join(process.cwd(), "lib", "testing", "data", "ob-style-accounts.yaml");

type Account = { id: string; accountId: string; iban: string; balanceMinor: number; name: string };
let gateway: Gateway;
let token: string;
let mine: Account[];
let unlisted: Account;
let foreign: Account;
const bases: Record<string, string> = {};
/** Every bound operation of the APIs under test, by "slug operationId"; checked ones are removed. */
const unchecked = new Map<string, CompiledOperation>();
const compiled = new Map<string, CompiledOperation>();

const getToken = (client: { clientId: string; clientSecret: string }) => clientCredentialsToken(gateway.url, client);

/** Calls the API; for a 2xx JSON answer of a bound operation, asserts it validates against the operation's response schema. */
async function call(api: string, operationId: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${bases[api]}${path}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  const operation = compiled.get(`${api} ${operationId}`);
  expect(operation, `${api} ${operationId}`).toBeDefined();
  if (res.status < 300 && operation?.binding) {
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(operation.conforms(res.status, "application/json", body), `${api} ${operationId}: ${text}`).toBe(true);
    unchecked.delete(`${api} ${operationId}`);
  }
  return { status: res.status, body: body as Record<string, any>, headers: res.headers };
}

const refusedAccount = (value: string, pointer: string) =>
  expect.objectContaining({ status: 403, code: "forbidden", violations: [{ pointer, message: `account ${value} is not among the accounts approved for the app` }] });

const payment = (debtorAccountId: string, value: string, extra: Record<string, unknown> = {}) => ({
  debtorAccountId,
  creditorName: "Harbour Estates Ltd",
  creditorIban: "GB94BARC10201530093459",
  amount: { value, currency: "GBP" },
  reference: "DEPOSIT FLAT 4",
  ...extra,
});
let keys = 0;
const pay = (body: unknown, key = `key-${++keys}-${Math.random()}`) => call("payments", "createDomesticPayment", "/payments", { method: "POST", body, headers: { "idempotency-key": key } });

beforeAll(async () => {
  const db = getDb();
  const org = await makeOrganisationWithAccounts({ accounts: 3 });
  const other = await makeOrganisationWithAccounts({ accounts: 1 });
  mine = org.accounts.slice(0, 2) as Account[];
  unlisted = org.accounts[2] as Account;
  foreign = other.accounts[0] as Account;
  // Transactions on the first account, one a day back from 1 November 2026; one on the foreign account.
  await db.sandboxTransaction.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({
      accountId: mine[0]!.id,
      bookedAt: new Date(Date.UTC(2026, 10, 1 - i, 12)),
      amountMinor: i % 2 ? 2_500_00 : -(1_000 + i),
      currency: "GBP",
      description: `Transaction ${i}`,
      counterparty: `Counterparty ${i}`,
    })),
  });
  await db.sandboxTransaction.create({ data: { accountId: foreign.id, bookedAt: new Date(), amountMinor: -1, currency: "GBP", description: "foreign", counterparty: "x" } });

  const apis = [
    { key: "accounts2", file: spec("accounts-v2"), scopes: ["accounts:read", "transactions:read"] },
    { key: "accounts1", file: spec("accounts-v1"), scopes: ["accounts:read", "transactions:read"] },
    { key: "payments", file: spec("payments"), scopes: ["payments:read", "payments:write"] },
    { key: "ob", file: OB_SPEC, scopes: ["accounts"] },
  ];
  const versions = [];
  for (const api of apis) versions.push({ ...api, ...(await makeApiVersion({ file: api.file })) });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: versions[0]!.version.id, scopes: apis[0]!.scopes, accountIds: mine.map((a) => a.id) });
  await db.appApi.createMany({ data: versions.slice(1).map((v) => ({ appId: app.app.id, apiVersionId: v.version.id, scopes: v.scopes })) });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  token = await getToken(app);

  const table = await buildRouteTable({ db });
  for (const v of versions) {
    bases[v.key] = `${gateway.url}/sandbox/${v.slug}/${v.versionName}`;
    const routes = table.api(v.slug, v.versionName)!;
    for (const list of routes.byMethod.values()) {
      for (const op of list) {
        compiled.set(`${v.key} ${op.operationId}`, op);
        if (op.binding) unchecked.set(`${v.key} ${op.operationId}`, op);
      }
    }
  }
});

afterAll(async () => {
  await gateway?.stop();
});

describe("accounts (bundled Accounts API 2.1.0) answer from the organisation's data", () => {
  it("lists exactly the accounts in the app's grant, by name, with the portal's figures", async () => {
    const res = await call("accounts2", "listAccounts", "/accounts");
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: Account) => a.accountId)).toEqual([...mine].sort((a, b) => a.name.localeCompare(b.name)).map((a) => a.accountId));
    expect(res.body.data[0]).toMatchObject({ accountId: mine[0]!.accountId, iban: mine[0]!.iban, currency: "GBP", type: "current", name: "Account 1" });
    expect((await call("accounts2", "listAccounts", "/accounts?type=savings")).body).toEqual({ data: [] });
  });

  it("gets an account and its balances: available is the balance the app page shows", async () => {
    const account = await call("accounts2", "getAccount", `/accounts/${mine[1]!.accountId}`);
    expect(account.status).toBe(200);
    expect(account.body).toMatchObject({ accountId: mine[1]!.accountId, iban: mine[1]!.iban, name: "Account 2" });
    const balances = await call("accounts2", "getAccountBalances", `/accounts/${mine[1]!.accountId}/balances`);
    expect(balances.body).toMatchObject({ accountId: mine[1]!.accountId, booked: { value: "200.00", currency: "GBP" }, available: { value: "200.00", currency: "GBP" } });
  });

  it("pages an account's own transactions newest first with the cursor, and filters by booking date", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await call("accounts2", "listTransactions", `/accounts/${mine[0]!.accountId}/transactions?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((t: { description: string }) => t.description));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(["Transaction 0", "Transaction 1", "Transaction 2", "Transaction 3", "Transaction 4"]);
    const filtered = await call("accounts2", "listTransactions", `/accounts/${mine[0]!.accountId}/transactions?fromBookingDate=2026-10-29&toBookingDate=2026-10-31`);
    expect(filtered.body.data.map((t: { bookingDate: string }) => t.bookingDate)).toEqual(["2026-10-31", "2026-10-30", "2026-10-29"]);
    expect(filtered.body.nextCursor).toBeUndefined();
    const first = filtered.body.data[0];
    expect(first).toMatchObject({ accountId: mine[0]!.accountId, amount: { value: "2500.00", currency: "GBP" }, creditDebitIndicator: "credit", counterpartyName: "Counterparty 1" });
    const one = await call("accounts2", "getTransaction", `/accounts/${mine[0]!.accountId}/transactions/${first.transactionId}`);
    expect(one.body).toEqual(first);
    // The same transaction id under another (granted) account is not that account's.
    expect((await call("accounts2", "getTransaction", `/accounts/${mine[1]!.accountId}/transactions/${first.transactionId}`)).status).toBe(404);
    const bad = await call("accounts2", "listTransactions", `/accounts/${mine[0]!.accountId}/transactions?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.violations).toEqual([{ pointer: "/query/cursor", message: "use the nextCursor of the previous page" }]);
  });

  it("still gives the spec's documented answers on Prefer: code=… and example=…", async () => {
    const res = await call("accounts2", "getAccount", `/accounts/${mine[0]!.accountId}`, { headers: { prefer: "code=404" } });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ title: "Not found", status: 404 });
    const example = await call("accounts2", "getAccount", `/accounts/${mine[0]!.accountId}`, { headers: { prefer: "code=200" } });
    expect(example.body.accountId).toBe("acc_7hq2m4xk9p3rt5vw");
  });
});

describe("the deprecated Accounts API 1.4.0 answers from the same data in its own shape", () => {
  it("lists, gets and pages by number", async () => {
    const list = await call("accounts1", "listAccounts", "/accounts");
    expect(list.body.accounts.map((a: Account) => a.accountId).sort()).toEqual(mine.map((a) => a.accountId).sort());
    const account = await call("accounts1", "getAccount", `/accounts/${mine[1]!.accountId}`);
    expect(account.body).toEqual({ accountId: mine[1]!.accountId, nickname: "Account 2", iban: mine[1]!.iban, currency: "GBP", balance: 200 });
    const txs = await call("accounts1", "listTransactions", `/accounts/${mine[0]!.accountId}/transactions?page=1`);
    expect(txs.body.transactions[0]).toMatchObject({ narrative: "Transaction 0", amount: -10, date: "2026-11-01" });
    expect((await call("accounts1", "listTransactions", `/accounts/${mine[0]!.accountId}/transactions?page=2`)).body).toEqual({ transactions: [] });
  });
});

describe("a UK Open Banking style spec, bound by its x-portico-sandbox extensions alone", () => {
  it("answers accounts, balances and transactions from the organisation's data, filtered by the grant", async () => {
    const list = await call("ob", "GetAccounts", "/accounts");
    expect(list.body.Data.Account.map((a: { AccountId: string }) => a.AccountId).sort()).toEqual(mine.map((a) => a.accountId).sort());
    expect(list.body.Data.Account.find((a: { AccountId: string }) => a.AccountId === mine[0]!.accountId)).toEqual({
      AccountId: mine[0]!.accountId,
      Currency: "GBP",
      Nickname: "Account 1",
      AccountType: "Personal",
      AccountSubType: "CurrentAccount",
      Account: [{ SchemeName: "UK.OBIE.IBAN", Identification: mine[0]!.iban }],
    });
    const one = await call("ob", "GetAccount", `/accounts/${mine[1]!.accountId}`);
    expect(one.body.Data.Account).toHaveLength(1);
    const balances = await call("ob", "GetAccountBalances", `/accounts/${mine[1]!.accountId}/balances`);
    expect(balances.body.Data.Balance).toEqual([
      expect.objectContaining({ AccountId: mine[1]!.accountId, Type: "InterimBooked", CreditDebitIndicator: "Credit", Amount: { Amount: "200.00", Currency: "GBP" } }),
      expect.objectContaining({ Type: "InterimAvailable", Amount: { Amount: "200.00", Currency: "GBP" } }),
    ]);
    const txs = await call("ob", "GetAccountTransactions", `/accounts/${mine[0]!.accountId}/transactions?fromBookingDateTime=2026-10-31`);
    expect(txs.body.Data.Transaction).toEqual([
      expect.objectContaining({ TransactionInformation: "Transaction 0", CreditDebitIndicator: "Debit", Status: "Booked", Amount: { Amount: "10.00", Currency: "GBP" } }),
      expect.objectContaining({ TransactionInformation: "Transaction 1", CreditDebitIndicator: "Credit", Amount: { Amount: "2500.00", Currency: "GBP" } }),
    ]);
  });
});

describe("account scoping by data", () => {
  it("never returns another organisation's account, marked (x-portico-account) or not, nor one outside the grant", async () => {
    for (const account of [foreign, unlisted]) {
      // Marked in the bundled spec: refused by the marks, before any data is read.
      for (const [op, suffix] of [["getAccount", ""], ["getAccountBalances", "/balances"], ["listTransactions", "/transactions"]] as const) {
        const res = await call("accounts2", op, `/accounts/${account.accountId}${suffix}`);
        expect(res.body).toEqual(refusedAccount(account.accountId, "/path/accountId"));
      }
      // Unmarked in the OB style spec: refused by the binding's own check.
      for (const [op, suffix] of [["GetAccount", ""], ["GetAccountBalances", "/balances"], ["GetAccountTransactions", "/transactions"]] as const) {
        const res = await call("ob", op, `/accounts/${account.accountId}${suffix}`);
        expect(res.body).toEqual(refusedAccount(account.accountId, "/path/AccountId"));
      }
      expect((await pay(payment(account.accountId, "1.00"))).body).toEqual(refusedAccount(account.accountId, "/body/debtorAccountId"));
    }
    const all = JSON.stringify([(await call("ob", "GetAccounts", "/accounts")).body, (await call("accounts2", "listAccounts", "/accounts")).body]);
    expect(all).not.toContain(foreign.accountId);
    expect(all).not.toContain(unlisted.accountId);
  });
});

describe("payments have consequences", () => {
  it("debits the account and books a transaction; repeats with the same Idempotency-Key pay once", async () => {
    const debtor = mine[0]!;
    const before = (await getDb().sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor;
    const created = await pay(payment(debtor.accountId, "12.34", { endToEndId: "E2E-1" }), "same-key");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "completed", debtorAccountId: debtor.accountId, amount: { value: "12.34", currency: "GBP" }, endToEndId: "E2E-1" });
    expect(created.headers.get("location")).toBe(`/payments/${created.body.paymentId}`);
    const again = await pay(payment(debtor.accountId, "12.34", { endToEndId: "E2E-1" }), "same-key");
    expect(again.body.paymentId).toBe(created.body.paymentId);
    const balances = await call("accounts2", "getAccountBalances", `/accounts/${debtor.accountId}/balances`);
    const expected = ((before - 12_34) / 100).toFixed(2);
    expect(balances.body).toMatchObject({ booked: { value: expected }, available: { value: expected } });
    expect((await getDb().sandboxAccount.findUniqueOrThrow({ where: { id: debtor.id } })).balanceMinor).toBe(before - 12_34);
    const txs = await call("accounts2", "listTransactions", `/accounts/${debtor.accountId}/transactions?limit=1`);
    expect(txs.body.data[0]).toMatchObject({ amount: { value: "-12.34" }, creditDebitIndicator: "debit", description: "DEPOSIT FLAT 4", counterpartyName: "Harbour Estates Ltd" });
    expect((await call("payments", "getPayment", `/payments/${created.body.paymentId}`)).body).toEqual(created.body);
    const listed = await call("payments", "listPayments", `/payments?accountId=${debtor.accountId}&status=completed`);
    expect(listed.body.data.map((p: { paymentId: string }) => p.paymentId)).toEqual([created.body.paymentId]);
  });

  it("holds a payment above 10,000.00 as pending; cancelling it restores the balance; insufficient funds is the spec's 422", async () => {
    const debtor = mine[1]!;
    await getDb().sandboxAccount.update({ where: { id: debtor.id }, data: { balanceMinor: 20_000_00 } });
    const held = await pay(payment(debtor.accountId, "12500.00"));
    expect(held.body.status).toBe("pending");
    const balances = await call("accounts2", "getAccountBalances", `/accounts/${debtor.accountId}/balances`);
    expect(balances.body).toMatchObject({ booked: { value: "20000.00" }, available: { value: "7500.00" } });
    const ob = await call("ob", "GetAccountTransactions", `/accounts/${debtor.accountId}/transactions`);
    expect(ob.body.Data.Transaction[0]).toMatchObject({ Status: "Pending", Amount: { Amount: "12500.00" }, CreditDebitIndicator: "Debit" });

    const refused = await pay(payment(debtor.accountId, "7500.01"));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "validation_failed", violations: [{ pointer: "/body/amount/value", message: "exceeds the available balance of the debtor account" }] });
    expect((await pay(payment(debtor.accountId, "1.00", { amount: { value: "1.00", currency: "EUR" } }))).status).toBe(422);

    const cancelled = await call("payments", "cancelPayment", `/payments/${held.body.paymentId}/cancel`, { method: "POST", headers: { "idempotency-key": "c1" } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ paymentId: held.body.paymentId, status: "cancelled" });
    expect((await call("accounts2", "getAccountBalances", `/accounts/${debtor.accountId}/balances`)).body).toMatchObject({ booked: { value: "20000.00" }, available: { value: "20000.00" } });
    expect((await call("ob", "GetAccountTransactions", `/accounts/${debtor.accountId}/transactions`)).body.Data.Transaction ?? []).toEqual([]);
    const twice = await call("payments", "cancelPayment", `/payments/${held.body.paymentId}/cancel`, { method: "POST", headers: { "idempotency-key": "c2" } });
    expect(twice.status).toBe(422);
    expect(twice.body.detail).toBe("Only pending payments can be cancelled; this one is cancelled");
    expect((await pay(payment(debtor.accountId, "20000.00"))).body.status).toBe("pending");
  });

  it("never shows or cancels another organisation's payment", async () => {
    const db = getDb();
    const theirs = await db.sandboxPayment.create({
      data: { paymentId: "pmt_theirs0000000001", debtorAccountId: foreign.id, appId: "other", status: "pending", amountMinor: 1, currency: "GBP", creditorName: "x", creditorIban: "GB94BARC10201530093459", reference: "x" },
    });
    expect((await call("payments", "getPayment", `/payments/${theirs.paymentId}`)).status).toBe(404);
    expect((await call("payments", "cancelPayment", `/payments/${theirs.paymentId}/cancel`, { method: "POST", headers: { "idempotency-key": "c3" } })).status).toBe(404);
    expect((await db.sandboxPayment.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("pending");
  });
});

describe("the request log", () => {
  it("holds none of the account ids a binding resolves, though the OB style spec marks none of them", async () => {
    await call("ob", "GetAccountBalances", `/accounts/${mine[0]!.accountId}/balances`);
    await gateway.flushLogs();
    const rows = await getDb().requestLog.findMany({ where: { apiSlug: { in: Object.values(bases).map((b) => b.split("/")[4]!) } } });
    expect(rows.some((r) => r.operationId === "GetAccountBalances")).toBe(true);
    const stored = JSON.stringify(rows);
    for (const account of [...mine, unlisted, foreign]) expect(stored).not.toContain(account.accountId);
  });
});

describe("every bound operation", () => {
  it("was answered from the data above, and each answer validated against its response schema", () => {
    expect([...unchecked.keys()]).toEqual([]);
    expect(compiled.size).toBeGreaterThan(0);
  });
});
