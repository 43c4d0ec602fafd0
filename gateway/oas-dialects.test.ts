// Valid OpenAPI 3.0 and 3.1 specs with the schema keywords that differ from
// JSON Schema (3.0: boolean exclusiveMinimum/exclusiveMaximum, nullable,
// discriminator, readOnly; a duplicated enum value; 3.1: type arrays, const),
// published and called through a real gateway: a valid request is mocked
// (2xx), an invalid one is refused (4xx problem+json), never a 5xx.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { makeApprovedApp, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { fetchToken } from "@/lib/testing/live-app-fixture";
import { compileResponseValidator } from "@/lib/sandbox/request-validator";
import { startGateway, type Gateway } from "./server";

let gateway: Gateway;
let token30: string;
let token31: string;
let base30: string;
let base31: string;

const run = randomBytes(4).toString("hex");
const security = (scheme: string) => ({
  securitySchemes: { bankOAuth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "http://localhost/oauth2/token", scopes: { [`${scheme}:read`]: "Read", [`${scheme}:write`]: "Write" } } } } },
});

// OpenAPI 3.0.3: every keyword below is valid there and means something else (or nothing) in JSON Schema draft-07.
const spec30 = {
  openapi: "3.0.3",
  info: { title: "Dialect 3.0", version: "1.0.0", "x-portico-slug": `dialect30-${run}` },
  components: {
    ...security("d30"),
    schemas: {
      Amount: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1000000, exclusiveMaximum: true, example: 10.5 },
      Currency: { type: "string", enum: ["EUR", "GBP", "EUR"], example: "EUR" },
      Card: { type: "object", required: ["kind", "last4"], properties: { kind: { type: "string", enum: ["card"] }, last4: { type: "string", pattern: "^[0-9]{4}$" } } },
      Iban: { type: "object", required: ["kind", "iban"], properties: { kind: { type: "string", enum: ["iban"] }, iban: { type: "string", minLength: 15 } } },
      Instrument: { oneOf: [{ $ref: "#/components/schemas/Card" }, { $ref: "#/components/schemas/Iban" }], discriminator: { propertyName: "kind", mapping: { card: "#/components/schemas/Card", iban: "#/components/schemas/Iban" } } },
      Payment: {
        type: "object",
        required: ["id", "amount", "currency", "instrument"],
        properties: {
          id: { type: "string", readOnly: true, example: "p-1" },
          amount: { $ref: "#/components/schemas/Amount" },
          currency: { $ref: "#/components/schemas/Currency" },
          reference: { type: "string", nullable: true, maxLength: 20, example: "rent" },
          priority: { type: "string", enum: ["normal", "urgent"], nullable: true },
          instrument: { $ref: "#/components/schemas/Instrument" },
          note: { type: "string", deprecated: true, xml: { name: "Note" }, externalDocs: { url: "https://example.test" }, "x-internal": true },
        },
        example: { id: "p-1", amount: 10.5, currency: "EUR", reference: null, priority: "normal", instrument: { kind: "card", last4: "1234" } },
      },
    },
  },
  paths: {
    "/payments": {
      post: {
        operationId: "createPayment",
        security: [{ bankOAuth: ["d30:write"] }],
        parameters: [
          { name: "x-fapi-interaction-id", in: "header", required: false, schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 0, exclusiveMinimum: true, maximum: 100, exclusiveMaximum: false } },
        ],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Payment" } } } },
        responses: { "201": { description: "Created", headers: { "x-fapi-interaction-id": { schema: { type: "string" }, example: "from-the-spec" } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Payment" } } } } },
      },
    },
  },
};

// OpenAPI 3.1.0: JSON Schema 2020-12 as written.
const spec31 = {
  openapi: "3.1.0",
  info: { title: "Dialect 3.1", version: "1.0.0", "x-portico-slug": `dialect31-${run}` },
  components: {
    ...security("d31"),
    schemas: {
      Transfer: {
        type: "object",
        required: ["kind", "amount"],
        properties: {
          kind: { const: "transfer" },
          amount: { type: "number", exclusiveMinimum: 0 },
          memo: { type: ["string", "null"], maxLength: 20 },
          tags: { type: "array", prefixItems: [{ type: "string" }], items: { type: "integer" } },
          currency: { type: "string", enum: ["EUR", "EUR", "GBP"] },
        },
        examples: [{ kind: "transfer", amount: 5, memo: null }],
      },
    },
  },
  paths: {
    "/transfers": {
      post: {
        operationId: "createTransfer",
        security: [{ bankOAuth: ["d31:write"] }],
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Transfer" } } } },
        responses: { "201": { description: "Created", content: { "application/json": { schema: { $ref: "#/components/schemas/Transfer" } } } } },
      },
    },
  },
};

async function publishAndGrant(spec: { info: { version: string } }, scopes: string[], org: Awaited<ReturnType<typeof makeOrganisationWithAccounts>>) {
  // The 3.0 spec's instrument.iban is proposed as an account identifier; this test is about dialects, so it decides "no account scoping".
  const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: JSON.stringify(spec), unverifiedOverlay: "noAccountScoping: true\n" });
  const version = await getDb().apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId: published.apiId, version: "1.0.0" } } });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes, allAccounts: true });
  return { slug: published.slug, app };
}

const post = (url: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

async function answer(res: Response, label: string) {
  const text = await res.text();
  expect(res.status, `${label}: ${text}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers.get("content-type"), label).toBe("application/problem+json");
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

beforeAll(async () => {
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  const a = await publishAndGrant(spec30, ["d30:read", "d30:write"], org);
  const b = await publishAndGrant(spec31, ["d31:read", "d31:write"], org);
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 100_000 });
  base30 = `${gateway.url}/sandbox/${a.slug}/1.0.0`;
  base31 = `${gateway.url}/sandbox/${b.slug}/1.0.0`;
  token30 = await fetchToken(gateway.url, { clientId: a.app.clientId, secret: a.app.clientSecret }, "d30:write");
  token31 = await fetchToken(gateway.url, { clientId: b.app.clientId, secret: b.app.clientSecret }, "d31:write");
});

afterAll(async () => {
  await gateway?.stop();
});

const validPayment = { amount: 10.5, currency: "EUR", reference: null, priority: null, instrument: { kind: "card", last4: "1234" } };

describe("an OpenAPI 3.0 spec with 3.0-only keywords", () => {
  it("mocks a valid request (readOnly id left out, null where nullable, a duplicated enum value)", async () => {
    const res = await answer(await post(`${base30}/payments?limit=5`, token30, validPayment), "valid");
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: "p-1", currency: "EUR" });
    const iban = await answer(await post(`${base30}/payments`, token30, { ...validPayment, instrument: { kind: "iban", iban: "GB33BUKB20201555555555" } }), "iban");
    expect(iban.status).toBe(201);
    const dynamic = await answer(await post(`${base30}/payments`, token30, validPayment, { prefer: "dynamic=true" }), "dynamic");
    expect(dynamic.status).toBe(201);
  });

  it("refuses what the 3.0 keywords forbid with 4xx, never 5xx", async () => {
    const cases: [string, string, unknown, number, string, string][] = [
      ["amount 0 (exclusiveMinimum: true)", "", { ...validPayment, amount: 0 }, 422, "/body/amount", "must be > 0"],
      ["amount at the exclusive maximum", "", { ...validPayment, amount: 1000000 }, 422, "/body/amount", "must be < 1000000"],
      ["limit 0 (exclusiveMinimum: true)", "?limit=0", validPayment, 400, "/query/limit", "must be > 0"],
      ["null where not nullable", "", { ...validPayment, currency: null }, 422, "/body/currency", "must be string"],
      ["a currency outside the enum", "", { ...validPayment, currency: "USD" }, 422, "/body/currency", 'must be one of: "EUR", "GBP"'],
      ["an unknown priority", "", { ...validPayment, priority: "later" }, 422, "/body/priority", 'must be one of: "normal", "urgent", null'],
      ["a reference too long", "", { ...validPayment, reference: "x".repeat(21) }, 422, "/body/reference", "must NOT have more than 20 characters"],
    ];
    for (const [label, query, body, status, pointer, message] of cases) {
      const res = await answer(await post(`${base30}/payments${query}`, token30, body), label);
      expect(res.status, label).toBe(status);
      expect(res.json?.violations, label).toContainEqual({ pointer, message });
    }
  });

  it("reports a oneOf failure once, not once per branch", async () => {
    const res = await answer(await post(`${base30}/payments`, token30, { ...validPayment, instrument: { kind: "card", last4: "12" } }), "oneOf");
    expect(res.status).toBe(422);
    const violations = res.json?.violations as { pointer: string; message: string }[];
    expect(violations.filter((v) => v.pointer.startsWith("/body/instrument"))).toHaveLength(1);
  });
});

describe("mocked answers", () => {
  it("validate against their own response schema, from examples and generated (dynamic=true)", async () => {
    const cases = [
      { url: `${base30}/payments`, token: token30, body: validPayment, schema: spec30.components.schemas.Payment, dialect: "3.0" as const },
      { url: `${base31}/transfers`, token: token31, body: { kind: "transfer", amount: 1 }, schema: spec31.components.schemas.Transfer, dialect: "3.1" as const },
    ];
    const { components: c30 } = spec30;
    // The response schemas with their references written out, as publishing stores them.
    const inline = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema), (_k, v) => (v && typeof v === "object" && typeof v.$ref === "string" ? inline(c30.schemas[v.$ref.split("/").pop() as keyof typeof c30.schemas]) : v));
    for (const { url, token, body, schema, dialect } of cases) {
      const validate = compileResponseValidator({ schema: inline(schema) as Record<string, unknown>, dialect });
      for (const prefer of [undefined, "dynamic=true", "dynamic=true", "dynamic=true"]) {
        const res = await post(url, token, body, prefer ? { prefer } : {});
        expect(res.status, `${url} ${prefer}`).toBe(201);
        expect(validate(await res.json()), `${url} ${prefer}`).toEqual([]);
      }
    }
  });
});

describe("correlation ids", () => {
  it("echoes a declared correlation header (any case) on mocked answers and on refusals, and no undeclared one", async () => {
    const headers = { "X-FAPI-Interaction-ID": "93bac548-d2de-4546-b106-880a5018460d", "x-request-id": "not-declared" };
    const ok = await post(`${base30}/payments`, token30, validPayment, headers);
    expect(ok.status).toBe(201);
    expect(ok.headers.get("x-fapi-interaction-id")).toBe("93bac548-d2de-4546-b106-880a5018460d");
    expect(ok.headers.get("x-request-id")).toBeNull();
    const refused = await post(`${base30}/payments`, token30, { ...validPayment, amount: 0 }, headers);
    expect(refused.status).toBe(422);
    expect(refused.headers.get("x-fapi-interaction-id")).toBe("93bac548-d2de-4546-b106-880a5018460d");
    const without = await post(`${base30}/payments`, token30, validPayment);
    expect(without.headers.get("x-fapi-interaction-id")).toBe("from-the-spec");
  });
});

describe("an OpenAPI 3.1 spec with JSON Schema 2020-12 keywords", () => {
  it("mocks a valid request and refuses an invalid one", async () => {
    const ok = await answer(await post(`${base31}/transfers`, token31, { kind: "transfer", amount: 1, memo: null, tags: ["a", 1, 2], currency: "EUR" }), "valid");
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ kind: "transfer" });
    const cases: [string, unknown, string][] = [
      ["const", { kind: "other", amount: 1 }, "/body/kind"],
      ["exclusiveMinimum 0", { kind: "transfer", amount: 0 }, "/body/amount"],
      ["type array", { kind: "transfer", amount: 1, memo: 5 }, "/body/memo"],
      ["prefixItems then items", { kind: "transfer", amount: 1, tags: ["a", "b"] }, "/body/tags/1"],
    ];
    for (const [label, body, pointer] of cases) {
      const res = await answer(await post(`${base31}/transfers`, token31, body), label);
      expect(res.status, label).toBe(422);
      expect((res.json?.violations as { pointer: string }[]).map((v) => v.pointer), label).toContain(pointer);
    }
  });
});
