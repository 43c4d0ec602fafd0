// The sandbox resource server end to end on a real gateway (ephemeral port,
// this worker's database): what a valid token may do and every refusal,
// each with its exact problem+json body. Never a 5xx.
import { PROBLEM_TYPES } from "@/lib/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishChange } from "@/lib/broadcast/change-bus";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

let gateway: Gateway;
let base: string;
let full: Awaited<ReturnType<typeof makeApprovedApp>>;
let readOnly: Awaited<ReturnType<typeof makeApprovedApp>>;
let mine: { accountId: string; iban: string }[];
let unlisted: { accountId: string; iban: string };
let foreign: { accountId: string; iban: string };
let token: string;
let readOnlyToken: string;

const getToken = (client: { clientId: string; clientSecret: string }, scope?: string) => clientCredentialsToken(gateway.url, client, scope);

const call = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  const t = init.token === undefined ? token : init.token;
  if (t) headers.set("authorization", `Bearer ${t}`);
  return fetch(`${base}${path}`, { ...init, headers });
};
const postJson = (path: string, body: unknown, t = token) => call(path, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, token: t });
// RFC 9457 §3.1.4–3.1.5: the title is fixed per type, the specifics are in detail.
const problem = (status: number, code: keyof typeof PROBLEM_TYPES, detail: string, violations?: object[]) => ({
  type: `https://portico.dev/problems/${code}`,
  title: PROBLEM_TYPES[code].title,
  status,
  detail,
  code,
  ...(violations ? { violations } : {}),
});
async function expectProblem(res: Response, expected: object) {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(await res.json()).toEqual(expected);
}

beforeAll(async () => {
  const { version, slug, versionName } = await makeApiVersion();
  const org = await makeOrganisationWithAccounts({ accounts: 3 });
  const otherOrg = await makeOrganisationWithAccounts({ accounts: 1 });
  mine = org.accounts.slice(0, 2);
  unlisted = org.accounts[2]!;
  foreign = otherOrg.accounts[0]!;
  full = await makeApprovedApp({
    organisationId: org.organisation.id,
    ownerId: org.owner.id,
    apiVersionId: version.id,
    scopes: ["accounts:read", "transactions:read", "payments:write"],
    accountIds: mine.map((a) => (a as unknown as { id: string }).id),
  });
  readOnly = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["accounts:read"], allAccounts: true });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 10_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  base = `${gateway.url}/sandbox/${slug}/${versionName}`;
  token = await getToken(full);
  readOnlyToken = await getToken(readOnly);
});

afterAll(async () => {
  await gateway?.stop();
});

describe("allowed calls get Prism's mocked responses", () => {
  it("answers an account GET with the first example", async () => {
    const res = await call(`/accounts/${mine[0]!.accountId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({ accountId: "acc_0000000000000001", iban: "GB33BUKB20201555555555", name: "Everyday", currency: "GBP", balance: "1250.40" });
  });

  it("honours Prefer: example=, code= and dynamic=", async () => {
    const savings = await call(`/accounts/${mine[0]!.accountId}`, { headers: { prefer: "example=savings" } });
    expect((await savings.json()) as object).toMatchObject({ name: "Rainy day" });
    const missing = await call(`/accounts/${mine[0]!.accountId}`, { headers: { prefer: "code=404" } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "No such account" });
    const dynamic = await call(`/accounts/${mine[0]!.accountId}`, { headers: { prefer: "dynamic=true" } });
    expect(dynamic.status).toBe(200);
    const body = (await dynamic.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(["accountId", "iban", "currency", "balance"]));
  });

  it("accepts a payment from an approved account, by id and IBAN, and with allAccounts any account of the organisation", async () => {
    const res = await postJson("/payments", { debtorAccount: mine[1]!.accountId, creditorIban: "DE89370400440532013000", amount: { value: "10.00", currency: "EUR" }, copyTo: [mine[0]!.iban] });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ paymentId: "pay_123", status: "accepted" });
    const all = await call(`/accounts/${unlisted.accountId}`, { token: readOnlyToken });
    expect(all.status).toBe(200);
  });
});

describe("tokens", () => {
  it("refuses a missing, unknown, tampered, expired or revoked token with 401", async () => {
    const missing = await call(`/accounts/${mine[0]!.accountId}`, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="portico-sandbox"');
    await expectProblem(missing, problem(401, "unauthenticated", "Send an access token: Authorization: Bearer <token>"));

    const unknown = await call(`/accounts/${mine[0]!.accountId}`, { token: newOpaqueSecret("pat_") });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toBe('Bearer realm="portico-sandbox", error="invalid_token", error_description="unknown token"');
    await expectProblem(unknown, problem(401, "unauthenticated", "The access token is not active: unknown token"));

    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    await expectProblem(await call(`/accounts/${mine[0]!.accountId}`, { token: tampered }), problem(401, "unauthenticated", "The access token is not active: unknown token"));

    const expired = newOpaqueSecret("pat_");
    await getDb().accessToken.create({ data: { tokenHash: hashOpaqueSecret(expired), appId: full.app.id, scope: "accounts:read", expiresAt: new Date(Date.now() - 1000) } });
    await expectProblem(await call(`/accounts/${mine[0]!.accountId}`, { token: expired }), problem(401, "unauthenticated", "The access token is not active: the token has expired"));

    // Revoked through RFC 7009 after being used (and cached): refused at once.
    const revoked = await getToken(full);
    expect((await call(`/accounts/${mine[0]!.accountId}`, { token: revoked })).status).toBe(200);
    const rev = await fetch(`${gateway.url}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: revoked, client_id: full.clientId, client_secret: full.clientSecret }),
    });
    expect(rev.status).toBe(200);
    await expectProblem(await call(`/accounts/${mine[0]!.accountId}`, { token: revoked }), problem(401, "unauthenticated", "The access token is not active: the token was revoked"));
  });

  it("stops a suspended app's cached tokens as soon as the change is published", async () => {
    const t = await getToken(readOnly);
    expect((await call(`/accounts/${mine[0]!.accountId}`, { token: t })).status).toBe(200);
    await getDb().app.update({ where: { id: readOnly.app.id }, data: { status: "suspended" } });
    await publishChange({ kind: "app", appId: readOnly.app.id });
    await expectProblem(await call(`/accounts/${mine[0]!.accountId}`, { token: t }), problem(401, "unauthenticated", "The access token is not active: the app is suspended"));
    await getDb().app.update({ where: { id: readOnly.app.id }, data: { status: "approved" } });
    await publishChange({ kind: "app", appId: readOnly.app.id });
    expect((await call(`/accounts/${mine[0]!.accountId}`, { token: t })).status).toBe(200);
  });
});

describe("scopes", () => {
  it("refuses an operation whose scope the app's grant lacks, naming the scope", async () => {
    const res = await postJson("/payments", { debtorAccount: mine[0]!.accountId, creditorIban: "DE89370400440532013000", amount: { value: "1", currency: "EUR" } }, readOnlyToken);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="portico-sandbox", error="insufficient_scope", scope="payments:write"');
    await expectProblem(
      res,
      problem(403, "forbidden", "The app's grant lacks the scope payments:write that createPayment requires", [
        { message: "scope payments:write is not in the app's grant for Sandbox Test Bank 1.0.0" },
      ]),
    );
  });

  it("says so when the grant has the scope but the token was issued without it", async () => {
    const narrow = await getToken(full, "accounts:read");
    await expectProblem(
      await call(`/transactions?iban=${mine[0]!.iban}`, { token: narrow }),
      problem(403, "forbidden", "The app's grant lacks the scope transactions:read that listTransactions requires", [
        { message: "scope transactions:read is approved for the app but this token does not carry it; request a token with scope=transactions:read" },
      ]),
    );
  });
});

describe("account subset", () => {
  const refusal = (violations: object[]) => problem(403, "forbidden", "The request names an account outside the app's approved accounts", violations);

  it("in the path", async () => {
    await expectProblem(await call(`/accounts/${unlisted.accountId}`), refusal([{ pointer: "/path/accountId", message: `account ${unlisted.accountId} is not among the accounts approved for the app` }]));
    await expectProblem(await call(`/accounts/${foreign.accountId}`, { token: readOnlyToken }), refusal([{ pointer: "/path/accountId", message: `account ${foreign.accountId} is not among the accounts approved for the app` }]));
  });

  it("in the query", async () => {
    const ok = await call(`/transactions?iban=${mine[0]!.iban}&limit=5`);
    expect(ok.status).toBe(200);
    await expectProblem(await call(`/transactions?iban=${foreign.iban}`), refusal([{ pointer: "/query/iban", message: `account ${foreign.iban} is not among the accounts approved for the app` }]));
  });

  it("in query parameters named in disguise (brackets, case, encoding) and in every value of a repeated one", async () => {
    const mineIban = mine[0]!.iban;
    for (const name of ["iban[]", "iban[0]", "IBAN", "iban%5B%5D", "iban%255B%255D", "Iban%5b%5d"]) {
      const res = await call(`/transactions?iban=${mineIban}&${name}=${foreign.iban}`);
      expect(res.status, name).toBe(403);
      const body = (await res.json()) as { code: string; violations: { pointer: string; message: string }[] };
      expect(body.violations, name).toEqual([{ pointer: expect.stringMatching(/^\/query\/(iban|IBAN|Iban)/), message: `account ${foreign.iban} is not among the accounts approved for the app` }]);
    }
    // Repeated: refused whichever value comes first (400 if the spec takes one value, else 403 naming the foreign one).
    for (const search of [`iban=${mineIban}&iban=${foreign.iban}`, `iban=${foreign.iban}&iban=${mineIban}`]) {
      const res = await call(`/transactions?${search}`);
      expect([400, 403], search).toContain(res.status);
    }
    expect((await call(`/transactions?iban=${mineIban}&iban%5B%5D=${mineIban}`)).status).toBe(200);
  });

  it("in the body, including inside arrays", async () => {
    const res = await postJson("/payments", { debtorAccount: unlisted.accountId, creditorIban: "DE89370400440532013000", amount: { value: "1", currency: "EUR" }, copyTo: [mine[0]!.iban, foreign.iban] });
    expect(res.status).toBe(403);
    await expectProblem(
      res,
      refusal([
        { pointer: "/body/debtorAccount", message: `account ${unlisted.accountId} is not among the accounts approved for the app` },
        { pointer: "/body/copyTo/1", message: `account ${foreign.iban} is not among the accounts approved for the app` },
      ]),
    );
  });
});

describe("request validation and bodies", () => {
  it("lists every body violation (422)", async () => {
    const res = await postJson("/payments", { debtorAccount: mine[0]!.accountId, amount: { value: "ten", currency: "EUR", extra: 1 } });
    expect(res.status).toBe(422);
    await expectProblem(
      res,
      problem(422, "validation_failed", "The request body does not match the API's spec", [
        { pointer: "/body/creditorIban", message: "must have required property 'creditorIban'" },
        { pointer: "/body/amount", message: "must NOT have additional properties (extra)" },
        { pointer: "/body/amount/value", message: 'must match pattern "^[0-9]+(\\.[0-9]{1,2})?$"' },
      ]),
    );
  });

  it("refuses bad parameters (400)", async () => {
    await expectProblem(
      await call(`/transactions?iban=${mine[0]!.iban}&limit=0`),
      problem(400, "bad_request", "The request does not match the API's spec", [{ pointer: "/query/limit", message: "must be >= 1" }]),
    );
    await expectProblem(
      await call(`/accounts/not-an-account`),
      problem(400, "bad_request", "The request does not match the API's spec", [{ pointer: "/path/accountId", message: 'must match pattern "^acc_[a-z0-9]{16}$"' }]),
    );
  });

  it("refuses malformed JSON (400), a missing body (422), another media type (415) and an oversized body (413)", async () => {
    const malformed = await call("/payments", { method: "POST", body: '{"debtorAccount": ', headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    await expectProblem(malformed, problem(400, "bad_request", "The request body is not valid JSON"));

    const empty = await call("/payments", { method: "POST" });
    await expectProblem(empty, problem(422, "validation_failed", "The request does not match the API's spec", [{ pointer: "/body", message: "a request body is required" }]));

    const xml = await call("/payments", { method: "POST", body: "<payment/>", headers: { "content-type": "application/xml" } });
    await expectProblem(xml, problem(415, "unsupported_media_type", "Send the body as application/json"));

    const big = await call("/payments", { method: "POST", body: JSON.stringify({ reference: "x".repeat(300 * 1024) }), headers: { "content-type": "application/json" } });
    expect(big.status).toBe(413);
    await expectProblem(big, problem(413, "payload_too_large", "The request body exceeds 262144 bytes"));
  });

  it("answers unknown APIs and operations with 404", async () => {
    await expectProblem(await call("/nowhere"), problem(404, "not_found", "Sandbox Test Bank 1.0.0 has no operation GET /nowhere"));
    await expectProblem(await fetch(`${gateway.url}/sandbox/no-such-api/1.0.0/x`), problem(404, "not_found", "No sandbox operation at this path: use /sandbox/{api}/{version}/{operation path} as the API's docs show"));
    // A method the spec has elsewhere, on a path without any operation: still 404, no Allow.
    const none = await call("/nowhere", { method: "POST" });
    expect(none.status).toBe(404);
    expect(none.headers.get("allow")).toBeNull();
  });

  it("answers another method on an operation's path with 405 and Allow, before asking for a token (RFC 9110 §15.5.6)", async () => {
    const res = await call("/payments", { method: "GET", token: null });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    await expectProblem(res, problem(405, "method_not_allowed", "Sandbox Test Bank 1.0.0 has no operation GET /payments; use POST"));
    const del = await call(`/accounts/${mine[0]!.accountId}`, { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET");
  });

  it("sends a Bearer challenge with every 401 (RFC 6750 §3)", async () => {
    const bearer = /^Bearer realm="portico-sandbox"(, error="invalid_token", error_description="[\x20-\x21\x23-\x5B\x5D-\x7E]+")?$/;
    for (const t of [null, "pat_nope", token.slice(0, -2)]) {
      const res = await call(`/accounts/${mine[0]!.accountId}`, { token: t });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(bearer);
    }
    const basicAuth = await fetch(`${base}/accounts/${mine[0]!.accountId}`, { headers: { authorization: "Basic Zm9vOmJhcg==" } });
    expect(basicAuth.status).toBe(401);
    expect(basicAuth.headers.get("www-authenticate")).toBe('Bearer realm="portico-sandbox"');
  });
});

describe("catalogue changes", () => {
  it("routes a newly published API version after the catalog event, without a restart", async () => {
    const { slug, versionName } = await makeApiVersion();
    const url = `${gateway.url}/sandbox/${slug}/${versionName}/accounts/${mine[0]!.accountId}`;
    expect((await fetch(url)).status).toBe(404);
    await publishChange({ kind: "catalog" });
    // Known now: refused for want of a token rather than unknown.
    await expect.poll(async () => (await fetch(url)).status).toBe(401);
  });
});

describe("request logs", () => {
  it("logs every call with latency, and stores no token or account identifier", async () => {
    await call(`/accounts/${mine[0]!.accountId}`);
    await call(`/transactions?iban=${foreign.iban}`);
    await gateway.flushLogs();
    const rows = await getDb().requestLog.findMany({ where: { appId: full.app.id }, orderBy: { at: "asc" } });
    expect(rows.length).toBeGreaterThan(5);
    const ok = rows.find((r) => r.operationId === "getAccount" && r.status === 200)!;
    expect(ok).toMatchObject({ method: "GET", apiVersion: "1.0.0", errorCode: null });
    expect(ok.path).toMatch(/\/sandbox\/test-bank-[a-f0-9]+\/1\.0\.0\/accounts\/\[redacted\]$/);
    expect(ok.latencyMs).toBeGreaterThan(0);
    const denied = rows.find((r) => r.errorCode === "account_not_granted" && r.operationId === "listTransactions")!;
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.detail)).toEqual({ query: { iban: "[redacted]" } });
    const everything = JSON.stringify(await getDb().requestLog.findMany());
    for (const secret of [token, readOnlyToken, ...mine.flatMap((a) => [a.accountId, a.iban]), foreign.iban, unlisted.accountId]) expect(everything).not.toContain(secret);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once an app exceeds its budget", async () => {
    // A fresh app: with REDIS_URL the budget is shared by every gateway instance, this test's included.
    const app = await getDb().app.findUniqueOrThrow({ where: { id: readOnly.app.id } });
    const fresh = await makeApprovedApp({ organisationId: app.organisationId, ownerId: app.ownerId, apiVersionId: [...(await getDb().appApi.findMany({ where: { appId: app.id } }))][0]!.apiVersionId, scopes: ["accounts:read"], allAccounts: true });
    const freshToken = await getToken(fresh);
    const limited = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 2, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
    try {
      const url = `${limited.url}${base.slice(gateway.url.length)}/accounts/${mine[0]!.accountId}`;
      const headers = { authorization: `Bearer ${freshToken}` };
      expect((await fetch(url, { headers })).status).toBe(200);
      expect((await fetch(url, { headers })).status).toBe(200);
      const third = await fetch(url, { headers });
      expect(third.status).toBe(429);
      expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(third.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      await expectProblem(third, problem(429, "rate_limited", `Rate limit of 2 calls per minute for this app reached; retry in ${third.headers.get("retry-after")} s`));
    } finally {
      await limited.stop();
    }
  });
});
