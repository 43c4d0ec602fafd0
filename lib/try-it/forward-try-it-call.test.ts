// The try-it proxy on a real gateway (ephemeral port, this worker's
// database): whatever the sandbox answers, the portal's origin only ever
// serves JSON or problem+json, as an attachment that no browser renders or
// sniffs. A spec whose example is text/html with a <script> must not become
// a page on the portal's origin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { systemActor, type Actor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { HTML_EXAMPLE, LONG_STATEMENT, htmlExampleSpec } from "@/lib/testing/html-example-spec";
import { makeApprovedApp, makeOrganisationWithAccounts, TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "@/gateway/server";
import { WRAPPED_HEADER, forwardTryItCall } from "./forward-try-it-call";

let gateway: Gateway;
let previousGatewayUrl: string | undefined;
let actor: Actor;
let appId: string;
const slug = `receipts-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  await publishSpec({ actor: systemActor("test"), unverifiedSpec: stringify(htmlExampleSpec(slug)) });
  const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } } });
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  ({ app: { id: appId } } = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["receipts:read"] }));
  actor = { kind: "user", id: org.owner.id, role: "developer", organisationId: org.organisation.id, label: org.owner.email, ip: "127.0.0.1" };
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 10_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
  previousGatewayUrl = process.env.GATEWAY_URL;
  process.env.GATEWAY_URL = gateway.url; // config.gatewayUrl is read per call
});

afterAll(async () => {
  if (previousGatewayUrl === undefined) delete process.env.GATEWAY_URL;
  else process.env.GATEWAY_URL = previousGatewayUrl;
  await gateway?.stop();
});

const call = (path: string, headers: Record<string, string> = {}) =>
  forwardTryItCall({ actor, appId, apiSlug: slug, version: "1.0.0", pathSegments: path.split("/"), method: "GET", search: "", headers: new Headers(headers), unverifiedBody: null });

/** What a browser navigating to the proxy URL would ask for. */
const NAVIGATION = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

function expectInert(response: Response) {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("content-disposition")).toMatch(/^attachment/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
}

describe("the try-it proxy never serves a sandbox answer as anything but JSON", () => {
  it("wraps an HTML answer with a script as JSON text, never as text/html", async () => {
    const response = await call("receipt", NAVIGATION);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expectInert(response);
    expect(response.headers.get(WRAPPED_HEADER)).toBe("text/html");
    expect(await response.json()).toEqual({ status: 200, contentType: "text/html", body: HTML_EXAMPLE });
  });

  it("cuts a long non-JSON answer and says so", async () => {
    const response = await call("statement.txt", { accept: "text/plain" });
    const wrapped = (await response.json()) as { body: string; truncated?: boolean };
    expect(wrapped.truncated).toBe(true);
    expect(wrapped.body).toBe(LONG_STATEMENT.slice(0, 64 * 1024));
  });

  it("wraps plain text and XML the same way", async () => {
    const text = await call("statement", { accept: "text/plain" });
    expect(text.headers.get("content-type")).toBe("application/json");
    expectInert(text);
    expect(await text.json()).toEqual({ status: 200, contentType: "text/plain", body: "Statement\nOpening balance 10.00 GBP" });
    const xml = await call("statement.xml", { accept: "application/xml" });
    expect(xml.headers.get("content-type")).toBe("application/json");
    expect(await xml.json()).toEqual({ status: 200, contentType: "application/xml", body: "<statement><balance>10.00</balance></statement>" });
  });

  it("passes JSON and problem+json through unchanged, with the same protective headers", async () => {
    const json = await call("receipt.json", NAVIGATION);
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(json.headers.get(WRAPPED_HEADER)).toBeNull();
    expectInert(json);
    expect(await json.json()).toEqual({ amount: "1.00", note: "<script>not run</script>" });

    // The scope is granted, so an unknown path is the gateway's own 404 problem.
    const missing = await call("nowhere");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expectInert(missing);
    expect(await missing.json()).toMatchObject({ status: 404, code: "not_found" });
  });
});
