// Issue 8 item 2's "admin mapping alone": a UK Open Banking style spec with no
// x-portico-sandbox extension and no x-portico-account mark, published
// through the real pipeline (publishSpec) with its overlay file, answers its
// accounts, balances and transactions from the organisation's data, filtered
// by the app's grant. And an overlay binding wins over the spec's own
// extension for the same operation.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { overlaySandboxBindings } from "@/lib/db/json-columns";
import { buildRouteTable } from "@/lib/sandbox/route-table";
import { clientCredentialsToken, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

const data = path.join(process.cwd(), "lib", "testing", "data");
const read = (file: string) => readFileSync(path.join(data, file), "utf8");
const unique = () => Math.random().toString(36).slice(2, 10);
/** The fixture under a slug of its own, so runs sharing a database never share an API. */
function specText(file: string) {
  const doc = parseYaml(read(file)) as { info: Record<string, string> };
  doc.info["x-portico-slug"] = `${path.basename(file, ".yaml")}-${unique()}`;
  return { text: stringify(doc), slug: doc.info["x-portico-slug"]! };
}

type Account = { id: string; accountId: string; iban: string };
let gateway: Gateway;
let token: string;
let mine: Account[];
let unlisted: Account;
let foreign: Account;
let unbound: string;
let rebound: string;

const get = async (base: string, p: string) => {
  const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

beforeAll(async () => {
  const db = getDb();
  const org = await makeOrganisationWithAccounts({ accounts: 3 });
  const other = await makeOrganisationWithAccounts({ accounts: 1 });
  mine = org.accounts.slice(0, 2);
  unlisted = org.accounts[2]!;
  foreign = other.accounts[0]!;
  await db.sandboxTransaction.createMany({
    data: Array.from({ length: 3 }, (_, i) => ({
      accountId: mine[0]!.id,
      bookedAt: new Date(Date.UTC(2026, 10, 1 - i, 12)),
      amountMinor: i % 2 ? 2_500_00 : -(1_000 + i),
      currency: "GBP",
      description: `Transaction ${i}`,
      counterparty: `Counterparty ${i}`,
    })),
  });
  await db.sandboxTransaction.create({ data: { accountId: foreign.id, bookedAt: new Date(), amountMinor: -1, currency: "GBP", description: "foreign", counterparty: "x" } });

  const actor = systemActor("test");
  const plain = specText("ob-style-accounts-unbound.yaml");
  const published = await publishSpec({ actor, unverifiedSpec: plain.text, filename: "ob.yaml", unverifiedOverlay: read("ob-style-accounts-unbound.portico.yaml") });
  expect(published).toMatchObject({ status: "created", accountMarks: 3, sandboxBindings: 4 });
  unbound = plain.slug;

  // The spec binds GET /accounts/{AccountId} itself; the overlay binds it otherwise (the IBAN as the nickname).
  const bound = specText("ob-style-accounts.yaml");
  const overlay = stringify({
    accountMarks: [{ operation: "GET /accounts/{AccountId}", in: "path", name: "AccountId", kind: "id" }],
    sandboxBindings: [{ operation: "GET /accounts/{AccountId}", binding: { resource: "accounts", action: "get", request: { accountId: "/path/AccountId" }, response: { items: "/Data/Account", fields: { "/AccountId": "accountId", "/Currency": "currency", "/Nickname": "iban", "/AccountType": { const: "Personal" }, "/AccountSubType": { const: "CurrentAccount" } } } } }],
  });
  await publishSpec({ actor, unverifiedSpec: bound.text, filename: "ob.yaml", unverifiedOverlay: overlay });
  rebound = bound.slug;

  const versions = await db.apiVersion.findMany({ where: { api: { slug: { in: [unbound, rebound] } } }, select: { id: true } });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: versions[0]!.id, scopes: ["accounts"], accountIds: mine.map((a) => a.id) });
  await db.appApi.create({ data: { appId: app.app.id, apiVersionId: versions[1]!.id, scopes: ["accounts"] } });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  token = await clientCredentialsToken(gateway.url, app);
});

afterAll(async () => {
  await gateway?.stop();
});

describe("a UK Open Banking style spec without extensions, bound by its overlay alone", () => {
  it("stores the bindings beside the spec, never in it, and binds every operation", async () => {
    const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug: unbound } }, include: { overlay: true } });
    expect(overlaySandboxBindings(version.overlay!.sandboxBindings).map((b) => b.operation)).toEqual(["GET /accounts", "GET /accounts/{AccountId}", "GET /accounts/{AccountId}/balances", "GET /accounts/{AccountId}/transactions"]);
    expect(JSON.stringify(version.specSource)).not.toMatch(/x-portico-(sandbox|account)/);
    const routes = (await buildRouteTable({ db: getDb() })).api(unbound, "3.1.10")!;
    const ops = [...routes.byMethod.values()].flat();
    expect(ops.map((o) => `${o.operationId} ${o.binding?.resource} ${o.binding?.action}`).sort()).toEqual([
      "GetAccount accounts get",
      "GetAccountBalances balances get",
      "GetAccountTransactions transactions list",
      "GetAccounts accounts list",
    ]);
  });

  it("answers accounts, balances and transactions from the organisation's data, filtered by the grant", async () => {
    const base = `${gateway.url}/sandbox/${unbound}/3.1.10`;
    const list = await get(base, "/accounts");
    expect(list.status).toBe(200);
    expect(list.body.Data.Account.map((a: { AccountId: string }) => a.AccountId).sort()).toEqual(mine.map((a) => a.accountId).sort());
    expect(list.body.Data.Account.find((a: { AccountId: string }) => a.AccountId === mine[0]!.accountId)).toEqual({
      AccountId: mine[0]!.accountId,
      Currency: "GBP",
      Nickname: "Account 1",
      AccountType: "Personal",
      AccountSubType: "CurrentAccount",
      Account: [{ SchemeName: "UK.OBIE.IBAN", Identification: mine[0]!.iban }],
    });
    const one = await get(base, `/accounts/${mine[1]!.accountId}`);
    expect(one.body.Data.Account).toEqual([expect.objectContaining({ AccountId: mine[1]!.accountId, Nickname: "Account 2" })]);
    const balances = await get(base, `/accounts/${mine[1]!.accountId}/balances`);
    expect(balances.body.Data.Balance).toEqual([
      expect.objectContaining({ AccountId: mine[1]!.accountId, Type: "InterimBooked", CreditDebitIndicator: "Credit", Amount: { Amount: "200.00", Currency: "GBP" } }),
      expect.objectContaining({ Type: "InterimAvailable", Amount: { Amount: "200.00", Currency: "GBP" } }),
    ]);
    const txs = await get(base, `/accounts/${mine[0]!.accountId}/transactions?fromBookingDateTime=2026-10-31`);
    expect(txs.body.Data.Transaction).toEqual([
      expect.objectContaining({ TransactionInformation: "Transaction 0", CreditDebitIndicator: "Debit", Status: "Booked", Amount: { Amount: "10.00", Currency: "GBP" } }),
      expect.objectContaining({ TransactionInformation: "Transaction 1", CreditDebitIndicator: "Credit", Amount: { Amount: "2500.00", Currency: "GBP" } }),
    ]);
  });

  it("refuses an account outside the grant and another organisation's account, and lists neither", async () => {
    const base = `${gateway.url}/sandbox/${unbound}/3.1.10`;
    for (const account of [unlisted, foreign]) {
      for (const suffix of ["", "/balances", "/transactions"]) {
        const res = await get(base, `/accounts/${account.accountId}${suffix}`);
        expect(res.status, suffix).toBe(403);
        expect(res.body).toMatchObject({ code: "forbidden", violations: [{ pointer: "/path/AccountId", message: `account ${account.accountId} is not among the accounts approved for the app` }] });
      }
    }
    const all = JSON.stringify((await get(base, "/accounts")).body);
    expect(all).not.toContain(unlisted.accountId);
    expect(all).not.toContain(foreign.accountId);
    expect(all).not.toContain("foreign");
  });
});

describe("an overlay binding and the spec's own extension for one operation", () => {
  it("answers by the overlay's: the publisher's decision is the later one", async () => {
    const base = `${gateway.url}/sandbox/${rebound}/3.1.10`;
    const one = await get(base, `/accounts/${mine[0]!.accountId}`);
    expect(one.body.Data.Account).toEqual([{ AccountId: mine[0]!.accountId, Currency: "GBP", Nickname: mine[0]!.iban, AccountType: "Personal", AccountSubType: "CurrentAccount" }]);
    // The operations the overlay leaves alone keep the spec's extension.
    const list = await get(base, "/accounts");
    expect(list.body.Data.Account.find((a: { AccountId: string }) => a.AccountId === mine[0]!.accountId).Nickname).toBe("Account 1");
  });
});
