// A deprecated version says so on every sandbox answer: RFC 9745
// `Deprecation: @<epoch seconds>` and RFC 8594 `Sunset: <HTTP-date>`, from
// the dates an admin set (lib/catalog/set-version-lifecycle.ts); a published
// version carries neither.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setVersionLifecycle } from "@/lib/catalog/set-version-lifecycle";
import { getDb } from "@/lib/db";
import { makeUser } from "@/lib/testing/factories";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";

let gateway: Gateway;
let base: string;
let token: string;
let accountId: string;
let slug: string;
let versionName: string;

beforeAll(async () => {
  const made = await makeApiVersion();
  ({ slug, versionName } = made);
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  accountId = org.accounts[0]!.accountId;
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: made.version.id, scopes: ["accounts:read"], allAccounts: true });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 10_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  base = `${gateway.url}/sandbox/${slug}/${versionName}`;
  const res = await fetch(`${gateway.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: app.clientId, client_secret: app.clientSecret, scope: "accounts:read" }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await gateway?.stop();
});

const get = (path: string, withToken = true) => fetch(`${base}${path}`, { headers: withToken ? { authorization: `Bearer ${token}` } : {} });

describe("Deprecation and Sunset headers", () => {
  it("are absent while published, present on answers and refusals once deprecated, and gone when published again", async () => {
    const published = await get(`/accounts/${accountId}`);
    expect(published.status).toBe(200);
    expect(published.headers.get("deprecation")).toBeNull();
    expect(published.headers.get("sunset")).toBeNull();

    const admin = await makeUser({ role: "admin" });
    await setVersionLifecycle({ actor: admin.actor, slug, version: versionName, unverifiedInput: { lifecycle: "deprecated", sunsetAt: "2099-06-30" } });
    await gateway.reloadRoutes();
    const { deprecatedAt } = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, select: { deprecatedAt: true } });
    const deprecation = `@${Math.floor(deprecatedAt!.getTime() / 1000)}`;

    const ok = await get(`/accounts/${accountId}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("deprecation")).toBe(deprecation);
    expect(ok.headers.get("sunset")).toBe("Tue, 30 Jun 2099 00:00:00 GMT");
    const refused = await get(`/accounts/${accountId}`, false);
    expect(refused.status).toBe(401);
    expect(refused.headers.get("deprecation")).toBe(deprecation);
    expect(refused.headers.get("sunset")).toBe("Tue, 30 Jun 2099 00:00:00 GMT");

    await setVersionLifecycle({ actor: admin.actor, slug, version: versionName, unverifiedInput: { lifecycle: "published" } });
    await gateway.reloadRoutes();
    const again = await get(`/accounts/${accountId}`);
    expect(again.status).toBe(200);
    expect(again.headers.get("deprecation")).toBeNull();
    expect(again.headers.get("sunset")).toBeNull();
  });

  it("an unknown API's 404 carries neither; a deprecation without a sunset carries only Deprecation", async () => {
    await getDb().apiVersion.updateMany({ where: { api: { slug } }, data: { lifecycle: "deprecated", deprecatedAt: new Date(), sunsetAt: null } });
    await gateway.reloadRoutes();
    const unknown = await fetch(`${gateway.url}/sandbox/${slug}-nope/${versionName}/accounts/${accountId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("deprecation")).toBeNull();
    const deprecatedNoSunset = await get(`/accounts/${accountId}`);
    expect(deprecatedNoSunset.headers.get("deprecation")).toMatch(/^@\d+$/);
    expect(deprecatedNoSunset.headers.get("sunset")).toBeNull();
  });
});
