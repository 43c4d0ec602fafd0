// Crafted inputs against a real gateway: a published spec whose schemas carry
// `$id` and `$schema` (at the root and shared between operations), and
// requests with malformed JSON, wrong types, huge numbers, unicode, arrays
// where objects are expected, prototype keys and broken percent-encoding.
// Each gets a 4xx problem+json or the sandbox's mocked answer: never a 5xx,
// never a stack trace.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { makeApprovedApp, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";
import { fetchToken } from "@/lib/testing/live-app-fixture";

let gateway: Gateway;
let base: string;
let token: string;

const slug = `crafted-${randomBytes(4).toString("hex")}`;
const thing = {
  $id: "https://schemas.example.test/thing",
  $schema: "https://schemas.example.test/unknown-dialect",
  type: "object",
  required: ["name"],
  properties: { name: { type: "string", maxLength: 20 }, count: { type: "integer", maximum: 1000 } },
};
const spec = {
  openapi: "3.1.0",
  info: { title: "Crafted", version: "1.0.0", "x-portico-slug": slug },
  components: {
    securitySchemes: { bankOAuth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "http://localhost/oauth2/token", scopes: { "things:read": "Read", "things:write": "Write" } } } } },
    schemas: { Thing: thing },
  },
  paths: {
    "/things": {
      get: {
        operationId: "listThings",
        security: [{ bankOAuth: ["things:read"] }],
        parameters: [{ name: "filter", in: "query", schema: { $id: "https://schemas.example.test/filter", type: "string", maxLength: 10 } }],
        responses: { "200": { description: "OK", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Thing" } }, example: [{ name: "a" }] } } } },
      },
      post: {
        operationId: "createThing",
        security: [{ bankOAuth: ["things:write"] }],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
        responses: { "201": { description: "Created", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" }, example: { name: "a" } } } } },
      },
    },
    "/things/{name}": {
      put: {
        operationId: "replaceThing",
        security: [{ bankOAuth: ["things:write"] }],
        parameters: [{ name: "name", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
        responses: { "200": { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
      },
    },
  },
};

const call = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers as Record<string, string>) } });

async function expectNoServerError(res: Response, label: string) {
  const text = await res.text();
  expect(res.status, `${label}: ${text}`).toBeLessThan(500);
  expect(text, label).not.toMatch(/\bat .+\(.*:\d+:\d+\)|node_modules|\.ts:\d+/);
  if (res.status >= 400) expect(res.headers.get("content-type"), label).toBe("application/problem+json");
  return text;
}

beforeAll(async () => {
  const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: JSON.stringify(spec) });
  const version = await getDb().apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId: published.apiId, version: "1.0.0" } } });
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["things:read", "things:write"], allAccounts: true });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000 });
  base = `${gateway.url}/sandbox/${slug}/1.0.0`;
  token = await fetchToken(gateway.url, { clientId: app.clientId, secret: app.clientSecret }, "things:read things:write");
});

afterAll(async () => {
  await gateway?.stop();
});

describe("a spec with $id and $schema", () => {
  it("is refused at publishing with a 422 when they sit at the document's root (not OpenAPI fields)", async () => {
    const rooted = { ...spec, $id: "https://schemas.example.test/spec", $schema: "https://example.test/unknown", info: { ...spec.info, "x-portico-slug": `${slug}-root` } };
    await expect(publishSpec({ actor: systemActor("test"), unverifiedSpec: JSON.stringify(rooted) })).rejects.toMatchObject({ status: 422, code: "validation_failed" });
  });

  it("validates and mocks every operation sharing the schema (no $id collision, no unknown-dialect failure)", async () => {
    const list = await call("/things?filter=abc");
    await expectNoServerError(list, "GET");
    expect(list.status).toBe(200);
    const created = await call("/things", { method: "POST", body: JSON.stringify({ name: "x" }) });
    const createdText = await expectNoServerError(created, "POST");
    expect(created.status).toBe(201);
    // The resource store keeps it under a generated id in its `name` (the item path's parameter).
    const { name } = JSON.parse(createdText) as { name: string };
    const replaced = await call(`/things/${encodeURIComponent(name)}`, { method: "PUT", body: JSON.stringify({ name: "y" }) });
    await expectNoServerError(replaced, "PUT");
    expect(replaced.status).toBe(200);
    // Still validated: the schema's constraints hold.
    const invalid = await call(`/things/${encodeURIComponent(name)}`, { method: "PUT", body: JSON.stringify({ count: 5 }) });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { violations: unknown[] }).violations).toEqual([{ pointer: "/body/name", message: "must have required property 'name'" }]);
    const dynamic = await call("/things", { headers: { prefer: "dynamic=true" } });
    await expectNoServerError(dynamic, "dynamic");
  });
});

describe("crafted requests", () => {
  it("answers malformed or hostile bodies with 4xx problem+json", async () => {
    // [label, body, expected status]: refusals are 4xx; what the schema allows is mocked (201).
    const bodies: [string, string, number][] = [
      ["malformed", '{"name": ', 400],
      ["array instead of object", "[1,2,3]", 422],
      ["string", '"x"', 422],
      ["null", "null", 422],
      ["huge number", `{"name":"a","count":1e400}`, 422],
      ["long digits", `{"name":"a","count":${"9".repeat(5000)}}`, 422],
      ["wrong type", '{"name":{"nested":[1]},"count":"many"}', 422],
      ["prototype key", '{"__proto__":{"polluted":true},"name":"a"}', 201],
      ["constructor key", '{"constructor":{"prototype":{"polluted":true}},"name":"a"}', 201],
      ["unicode", '{"name":"\\ud800\\u0000\u202e\uffff"}', 201],
      ["deep nesting", `${"[".repeat(5000)}${"]".repeat(5000)}`, 422],
      ["invalid utf-8", "\xff\xfe{", 400],
    ];
    for (const [label, body, status] of bodies) {
      const res = await call("/things", { method: "POST", body });
      await expectNoServerError(res, label);
      expect(res.status, label).toBe(status);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers crafted paths, queries and headers without a 5xx", async () => {
    const paths = [
      "/things?__proto__=x&__proto__=y",
      "/things?constructor=x&filter[]=a&filter[]=b",
      "/things?filter=%E0%A4%A",
      "/things?filter=" + "é".repeat(50),
      "/things/%E0%A4%A",
      "/things/%00",
      "/things/" + encodeURIComponent("\u202e"),
    ];
    for (const path of paths) await expectNoServerError(await call(path, path.startsWith("/things/") ? { method: "PUT", body: '{"name":"a"}' } : {}), path);
    for (const raw of [`/sandbox/${slug}/%E0%A4%A/things`, `/sandbox/%E0%A4%A/1.0.0/things`, "/sandbox/%/%/%", "/oauth2/token?%E0%A4%A"]) {
      await expectNoServerError(await fetch(`${gateway.url}${raw}`, { headers: { authorization: `Bearer ${token}` } }), raw);
    }
    await expectNoServerError(await call("/things", { headers: { prefer: "code=999, example=__proto__" } }), "prefer");
  });

  it("answers crafted OAuth requests with RFC 6749 errors, never a 5xx", async () => {
    const forms = ["grant_type=client_credentials&client_id=%E0%A4%A", "__proto__=x&grant_type=client_credentials", "grant_type[]=client_credentials", "\xff\xfe", "client_id=" + "a".repeat(10_000)];
    for (const endpoint of ["token", "introspect", "revoke"]) {
      for (const body of forms) {
        const res = await fetch(`${gateway.url}/oauth2/${endpoint}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Basic %%%" }, body });
        const text = await res.text();
        expect(res.status, `${endpoint} ${body}: ${text}`).toBeLessThan(500);
        expect(text).not.toMatch(/node_modules|\.ts:\d+/);
      }
    }
  });
});
