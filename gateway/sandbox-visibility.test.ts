// A restricted API does not exist for those who may not see it: anonymous
// callers, unknown tokens and tokens of other organisations get, for any of
// its paths and methods, byte for byte the answer a path that matches
// nothing gets, and RFC 8414 metadata does not list its scopes. Callers who
// may see it (its organisations, apps granted it) keep the precise errors.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { clientCredentialsToken, makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_SPEC } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

let gateway: Gateway;
let restrictedBase: string;
let restrictedSlug: string;
let publicBase: string;
let accountId: string;
let grantedAppId: string;
/** Org A's app, granted the restricted API. */
let grantedToken: string;
/** Org A's app, granted only the public API: sees the restricted one through its organisation. */
let sameOrgToken: string;
/** Org B's app, granted only the public API. */
let otherOrgToken: string;
/** Org B's app whose grant still includes the restricted API (org B is no longer named on it). */
let grantedOtherOrgToken: string;

const SECRET_TITLE = "Confidential Treasury Bank";
const SECRET_SCOPES = ["treasury:read", "treasury-tx:read", "treasury-pay:write"];

const getToken = (client: { clientId: string; clientSecret: string }) => clientCredentialsToken(gateway.url, client);

type Answer = { status: number; headers: [string, string][]; body: string };
/** Everything the caller receives, except Date (the clock, not the request). */
async function answer(url: string, init: { method?: string; token?: string; body?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = init.body ? { "content-type": "application/json" } : {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { method: init.method ?? "GET", headers, body: init.body });
  return { status: res.status, headers: [...res.headers].filter(([name]) => name !== "date").sort(), body: await res.text() };
}

beforeAll(async () => {
  // The restricted API: the test spec with its own title and scope names, so nothing of it can hide behind the public one's.
  const dir = mkdtempSync(path.join(tmpdir(), "portico-visibility-"));
  const file = path.join(dir, "restricted.yaml");
  writeFileSync(
    file,
    readFileSync(TEST_SPEC, "utf8")
      .replaceAll("accounts:read", SECRET_SCOPES[0]!)
      .replaceAll("transactions:read", SECRET_SCOPES[1]!)
      .replaceAll("payments:write", SECRET_SCOPES[2]!)
      .replace(/^( {2}title:).*$/m, `$1 ${SECRET_TITLE}`),
  );
  const restricted = await makeApiVersion({ file, slug: `treasury-${Date.now().toString(36)}` });
  expect(restricted.version.title).toBe(SECRET_TITLE);
  const open = await makeApiVersion();
  const orgA = await makeOrganisationWithAccounts({ accounts: 1 });
  const orgB = await makeOrganisationWithAccounts({ accounts: 1 });
  await getDb().api.update({ where: { id: restricted.api.id }, data: { visibility: "restricted", organisations: { create: [{ organisationId: orgA.organisation.id }] } } });
  accountId = orgA.accounts[0]!.accountId;

  const owner = (org: typeof orgA) => ({ organisationId: org.organisation.id, ownerId: org.owner.id });
  const granted = await makeApprovedApp({ ...owner(orgA), apiVersionId: restricted.version.id, scopes: [SECRET_SCOPES[0]!], allAccounts: true });
  const sameOrg = await makeApprovedApp({ ...owner(orgA), apiVersionId: open.version.id, scopes: ["accounts:read"], allAccounts: true });
  const otherOrg = await makeApprovedApp({ ...owner(orgB), apiVersionId: open.version.id, scopes: ["accounts:read"], allAccounts: true });
  const grantedOtherOrg = await makeApprovedApp({ ...owner(orgB), apiVersionId: restricted.version.id, scopes: [SECRET_SCOPES[0]!], allAccounts: true });

  grantedAppId = granted.app.id;
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 10_000 });
  restrictedSlug = restricted.slug;
  restrictedBase = `${gateway.url}/sandbox/${restricted.slug}/${restricted.versionName}`;
  publicBase = `${gateway.url}/sandbox/${open.slug}/${open.versionName}`;
  grantedToken = await getToken(granted);
  sameOrgToken = await getToken(sameOrg);
  otherOrgToken = await getToken(otherOrg);
  grantedOtherOrgToken = await getToken(grantedOtherOrg);
});

afterAll(async () => {
  await gateway?.stop();
});

describe("a restricted API, to callers who may not see it", () => {
  const callers: [string, () => string | undefined][] = [
    ["an anonymous caller", () => undefined],
    ["an unknown token", () => newOpaqueSecret("pat_")],
    ["a token of another organisation", () => otherOrgToken],
  ];

  it.each(callers)("%s gets the not-found answer, byte for byte, for every path and method", async (_name, token) => {
    const t = token();
    const nothing = await answer(`${gateway.url}/sandbox/no-such-api/1.0.0/accounts/${accountId}`, { token: t });
    expect(nothing.status).toBe(404);
    const probes = [
      answer(`${restrictedBase}/accounts/${accountId}`, { token: t }), // an operation
      answer(`${restrictedBase}/accounts/${accountId}`, { method: "DELETE", token: t }), // another method on it (405 for those who see it)
      answer(`${restrictedBase}/payments`, { method: "POST", token: t, body: "{}" }),
      answer(`${restrictedBase}/payments`, { token: t }),
      answer(`${restrictedBase}/no-such-operation`, { token: t }), // a path of the API without operations
      answer(`${restrictedBase.replace(/\/[^/]+$/, "/9.9.9")}/accounts/${accountId}`, { token: t }), // a version that does not exist
      answer(`${gateway.url}/sandbox/no-such-api/1.0.0/payments`, { method: "POST", token: t, body: "{}" }),
    ];
    for (const probe of await Promise.all(probes)) expect(probe).toEqual(nothing);
    for (const secret of [restrictedSlug, SECRET_TITLE, ...SECRET_SCOPES]) expect(JSON.stringify(nothing)).not.toContain(secret);
  });

  it("RFC 8414 metadata lists the public API's scopes and none of the restricted one's", async () => {
    const metadata = (await (await fetch(`${gateway.url}/.well-known/oauth-authorization-server`)).json()) as { scopes_supported: string[] };
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["accounts:read", "payments:write", "transactions:read"]));
    for (const scope of SECRET_SCOPES) expect(metadata.scopes_supported).not.toContain(scope);
  });
});

describe("a restricted API, to callers who may see it", () => {
  it("answers the app granted it", async () => {
    expect((await answer(`${restrictedBase}/accounts/${accountId}`, { token: grantedToken })).status).toBe(200);
  });

  it("gives another method 405 with Allow", async () => {
    const res = await answer(`${restrictedBase}/accounts/${accountId}`, { method: "DELETE", token: grantedToken });
    expect(res.status).toBe(405);
    expect(res.headers).toContainEqual(["allow", "GET"]);
  });

  it("tells an app of a named organisation that its grant lacks the API", async () => {
    const res = await answer(`${restrictedBase}/accounts/${accountId}`, { token: sameOrgToken });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ code: "forbidden", detail: `The app's grant does not include ${SECRET_TITLE} 1.0.0; ask for it in a change request` });
  });

  it("tells an app granted it, outside the named organisations, which scope is missing", async () => {
    const res = await answer(`${restrictedBase}/payments`, { method: "POST", token: grantedOtherOrgToken, body: "{}" });
    expect(res.status).toBe(403);
    expect(res.headers).toContainEqual(["www-authenticate", `Bearer realm="portico-sandbox", error="insufficient_scope", scope="${SECRET_SCOPES[2]}"`]);
  });

  it("tells the holder of an expired token of an app granted it that the token expired", async () => {
    const expired = newOpaqueSecret("pat_");
    await getDb().accessToken.create({ data: { tokenHash: hashOpaqueSecret(expired), appId: grantedAppId, scope: SECRET_SCOPES[0]!, expiresAt: new Date(Date.now() - 1000) } });
    const res = await answer(`${restrictedBase}/accounts/${accountId}`, { token: expired });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ detail: "The access token is not active: the token has expired" });
  });
});

describe("a public API keeps its precise answers for anonymous callers", () => {
  it("401 with a Bearer challenge for a missing token, 405 with Allow for another method", async () => {
    const missing = await answer(`${publicBase}/accounts/${accountId}`);
    expect(missing.status).toBe(401);
    expect(missing.headers).toContainEqual(["www-authenticate", 'Bearer realm="portico-sandbox"']);
    const wrongMethod = await answer(`${publicBase}/accounts/${accountId}`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers).toContainEqual(["allow", "GET"]);
  });
});
