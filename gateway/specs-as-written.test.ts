// Specs as banks write them, published through the one pipeline and called
// through a real gateway: a Swagger 2.0 spec (UK Open Banking style) answers
// in the sandbox; a NextGenPSD2-style spec whose only security is http
// bearer with no scopes is served under its default (and changed) scopes,
// never open; and once the publisher confirms the proposed account
// identifiers in the overlay, another organisation's account is refused.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { makeApprovedApp, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { fetchToken } from "@/lib/testing/live-app-fixture";
import { startGateway, type Gateway } from "./server";

const data = path.join(process.cwd(), "lib", "testing", "data");
const run = Math.random().toString(36).slice(2, 8);

async function publishFixture(file: string, overlay: string) {
  const doc = parseYaml(readFileSync(path.join(data, file), "utf8")) as Record<string, any>;
  doc.info["x-portico-slug"] = `${path.basename(file, ".yaml")}-${run}`;
  const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: stringify(doc), unverifiedOverlay: overlay });
  const version = await getDb().apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId: published.apiId, version: published.version } } });
  return { ...published, apiVersionId: version.id };
}

let gateway: Gateway;
let mine: { id: string; accountId: string; iban: string };
let foreign: { accountId: string; iban: string };
let ob: { base: string; token: string };
let bg: { base: string; slug: string; token: string; client: { clientId: string; secret: string } };

beforeAll(async () => {
  const org = await makeOrganisationWithAccounts({ accounts: 2 });
  const other = await makeOrganisationWithAccounts({ accounts: 1 });
  mine = org.accounts[0]!;
  foreign = other.accounts[0]!;
  const obVersion = await publishFixture(
    "ob-account-info-swagger2.yaml",
    stringify({
      accountMarks: [
        { operation: "GET /accounts/{AccountId}", in: "path", name: "AccountId", kind: "id" },
        { operation: "GET /accounts/{AccountId}/balances", in: "path", name: "AccountId", kind: "id" },
      ],
    }),
  );
  const bgVersion = await publishFixture("berlin-group-ais-pis.yaml", readFileSync(path.join(data, "berlin-group-ais-pis.portico.yaml"), "utf8"));
  const obApp = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: obVersion.apiVersionId, scopes: ["accounts"], accountIds: [mine.id] });
  const bgApp = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: bgVersion.apiVersionId, scopes: [`${bgVersion.slug}:read`, "payments:initiate"], accountIds: [mine.id] });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000 });
  ob = { base: `${gateway.url}/sandbox/${obVersion.slug}/${obVersion.version}`, token: await fetchToken(gateway.url, { clientId: obApp.clientId, secret: obApp.clientSecret }, "accounts") };
  const client = { clientId: bgApp.clientId, secret: bgApp.clientSecret };
  bg = { base: `${gateway.url}/sandbox/${bgVersion.slug}/${bgVersion.version}`, slug: bgVersion.slug, client, token: await fetchToken(gateway.url, client, `${bgVersion.slug}:read payments:initiate`) };
});

afterAll(async () => {
  await gateway?.stop();
});

const get = (url: string, token: string, headers: Record<string, string> = {}) => fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
async function refusal(res: Response) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return { status: res.status, headers: res.headers, body: (await res.json()) as { code: string; detail: string; violations?: { pointer: string; message: string }[] } };
}

describe("a Swagger 2.0 spec (UK Open Banking style)", () => {
  it("answers in the sandbox under its own scope, and refuses another organisation's AccountId once the mark is confirmed", async () => {
    const list = await get(`${ob.base}/accounts`, ob.token, { "x-fapi-interaction-id": "4b4ed7a5-4c5b-4d8c-9a3b-1f0f5d4d1b6e" });
    expect(list.status, await list.clone().text()).toBe(200);
    expect(list.headers.get("x-fapi-interaction-id")).toBe("4b4ed7a5-4c5b-4d8c-9a3b-1f0f5d4d1b6e");
    expect(await list.json()).toMatchObject({ Data: { Account: [expect.objectContaining({ Currency: "GBP" })] } });
    expect((await get(`${ob.base}/accounts/${mine.accountId}`, ob.token)).status).toBe(200);
    // The operation whose operationId was generated is served too.
    expect((await get(`${ob.base}/accounts/${mine.accountId}/balances`, ob.token)).status).toBe(200);
    for (const url of [`${ob.base}/accounts/${foreign.accountId}`, `${ob.base}/accounts/${foreign.accountId}/balances`]) {
      const res = await refusal(await get(url, ob.token));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: "forbidden", detail: "The request names an account outside the app's approved accounts" });
      expect(res.body.violations).toEqual([{ pointer: "/path/AccountId", message: `account ${foreign.accountId} is not among the accounts approved for the app` }]);
    }
  });
});

describe("a spec secured by http bearer with no scopes (NextGenPSD2 style)", () => {
  const xRequestId = () => ({ "x-request-id": randomUUID() });

  it("is never open: the default scope is required, and a token without it is refused", async () => {
    expect((await get(`${bg.base}/v1/accounts`, bg.token, xRequestId())).status).toBe(200);
    const payOnly = await fetchToken(gateway.url, bg.client, "payments:initiate");
    const res = await refusal(await get(`${bg.base}/v1/accounts`, payOnly, xRequestId()));
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe(`The app's grant lacks the scope ${bg.slug}:read that getAccountList requires`);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    const none = await fetch(`${bg.base}/v1/accounts`, { headers: xRequestId() });
    expect(none.status).toBe(401);
  });

  it("checks the confirmed account-id and debtorAccount.iban, and leaves the payee's IBAN (proposed, not confirmed) alone", async () => {
    expect((await get(`${bg.base}/v1/accounts/${mine.accountId}`, bg.token, xRequestId())).status).toBe(200);
    const theirs = await refusal(await get(`${bg.base}/v1/accounts/${foreign.accountId}`, bg.token, xRequestId()));
    expect(theirs).toMatchObject({ status: 403, body: { detail: "The request names an account outside the app's approved accounts", violations: [{ pointer: "/path/account-id" }] } });
    const pay = (debtorIban: string) =>
      fetch(`${bg.base}/v1/payments/sepa-credit-transfers`, {
        method: "POST",
        headers: { authorization: `Bearer ${bg.token}`, "content-type": "application/json", ...xRequestId() },
        body: JSON.stringify({ debtorAccount: { iban: debtorIban }, instructedAmount: { currency: "EUR", amount: "12.50" }, creditorAccount: { iban: foreign.iban }, creditorName: "Payee" }),
      });
    const ok = await pay(mine.iban);
    expect(ok.status, await ok.clone().text()).toBe(201);
    const refused = await refusal(await pay(foreign.iban));
    expect(refused.status).toBe(403);
    expect(refused.body.violations).toEqual([{ pointer: "/body/debtorAccount/iban", message: `account ${foreign.iban} is not among the accounts approved for the app` }]);
  });
});
