// Publishing the specs banks actually have (issue 9, items 1, 2, 4): Swagger
// 2.0 converted, operationIds generated and stable, the spec's own security
// kept, default scopes for operations it leaves open, account identifiers
// proposed and confirmed in the per-version overlay (never in the spec), an
// undecided import refused as a draft, and the audited "no account scoping"
// decision. Fixtures: lib/testing/data (UK Open Banking / NextGenPSD2 style).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { overlayAccountMarks, overlayScopeDefaults } from "@/lib/db/json-columns";
import { makeUser } from "@/lib/testing/factories";
import { docsSpec } from "./docs-spec";
import { previewSpec } from "./preview-spec";
import { publishSpec } from "./publish-spec";

const data = path.join(process.cwd(), "lib", "testing", "data");
const read = (file: string) => readFileSync(path.join(data, file), "utf8");
const unique = () => Math.random().toString(36).slice(2, 10);
/** The fixture under a slug of its own, so tests never share an API. */
function fixture(file: string, slug = `${path.basename(file, ".yaml")}-${unique()}`) {
  const doc = parseYaml(read(file)) as Record<string, any>;
  doc.info["x-portico-slug"] = slug;
  return { text: stringify(doc), slug, doc };
}
const actor = systemActor("test");

async function counts(slug: string) {
  const db = getDb();
  return { apis: await db.api.count({ where: { slug } }), overlays: await db.apiVersionOverlay.count({ where: { apiVersion: { api: { slug } } } }) };
}

describe("Swagger 2.0 (UK Open Banking style)", () => {
  it("is converted to OpenAPI 3, keeps its own OAuth schemes and scopes, and gets stable generated operationIds", async () => {
    const { text, slug } = fixture("ob-account-info-swagger2.yaml");
    const overlay = stringify({
      accountMarks: [
        { operation: "GET /accounts/{AccountId}", in: "path", name: "AccountId", kind: "id" },
        { operation: "GET /accounts/{AccountId}/balances", in: "path", name: "AccountId", kind: "id" },
      ],
    });
    const published = await publishSpec({ actor, unverifiedSpec: text, filename: "ob.yaml", unverifiedOverlay: overlay });
    expect(published).toMatchObject({ status: "created", convertedFrom: "2.0", operations: 3, generatedOperationIds: 1, defaultScopes: 0, accountMarks: 2, noAccountScoping: false });
    const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, include: { operations: { orderBy: { path: "asc" } }, overlay: true } });
    expect((version.specSource as Record<string, unknown>).openapi).toMatch(/^3\.0\./);
    // The source is the conversion as is: the generated id lives only in the resolved copy the docs and sandbox read.
    expect(JSON.stringify(version.specSource)).not.toContain("get_accounts_AccountId_balances");
    expect(version.operations.map((o) => [o.operationId, o.scopes])).toEqual([
      ["GetAccounts", [["accounts"]]],
      ["GetAccount", [["accounts"]]],
      ["get_accounts_AccountId_balances", [["accounts"]]],
    ]);
    expect(version.scopes).toEqual({ accounts: "Ability to read Accounts information" });
    expect(overlayAccountMarks(version.overlay!.accountMarks)).toHaveLength(2);
    // The spec itself carries no mark: the decisions are beside it.
    expect(JSON.stringify(version.specSource)).not.toContain("x-portico-account");

    // Both schemes stay in the docs, pointed at the gateway, and say which flow the sandbox serves.
    const docs = docsSpec({ spec: version.specResolved as Record<string, unknown>, slug, version: version.version }) as any;
    const schemes = docs.components.securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(["PSUOAuth2Security", "TPPOAuth2Security"]);
    expect(schemes.PSUOAuth2Security.flows.authorizationCode).toMatchObject({ scopes: { accounts: expect.any(String) }, tokenUrl: expect.stringMatching(/\/oauth2\/token$/), authorizationUrl: expect.stringMatching(/\/oauth2\/authorize$/) });
    expect(schemes.PSUOAuth2Security.description).toMatch(/client-credentials grant/);
    expect(schemes.TPPOAuth2Security.flows.clientCredentials.tokenUrl).toMatch(/\/oauth2\/token$/);
    expect(JSON.stringify(docs)).not.toContain("authserver.example");

    // Re-import: the same ids, nothing new.
    const again = await publishSpec({ actor, unverifiedSpec: text, filename: "ob.yaml", unverifiedOverlay: overlay });
    expect(again.status).toBe("unchanged");
    // The same spec with other decisions is not silently "unchanged".
    await expect(publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: stringify({ noAccountScoping: true }) })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("a spec with its own security scheme and no scopes (NextGenPSD2 style)", () => {
  it("previews the default scopes and the proposed account identifiers, and publishes nothing without a decision", async () => {
    const { text, slug } = fixture("berlin-group-ais-pis.yaml");
    const preview = await previewSpec({ actor, unverifiedSpec: text });
    expect(preview.proposedScopes).toEqual({
      "GET /v1/accounts": [`${slug}:read`],
      "GET /v1/accounts/{account-id}": [`${slug}:read`],
      "POST /v1/payments/sepa-credit-transfers": [`${slug}:write`],
    });
    expect(preview.proposedAccountMarks.map((m) => [m.operation, m.in, m.in === "body" ? m.path.join(".") : m.name, m.kind])).toEqual([
      ["GET /v1/accounts/{account-id}", "path", "account-id", "id"],
      ["POST /v1/payments/sepa-credit-transfers", "body", "debtorAccount.iban", "iban"],
      ["POST /v1/payments/sepa-credit-transfers", "body", "creditorAccount.iban", "iban"],
    ]);
    expect(preview.missing).toEqual([expect.objectContaining({ pointer: "/overlay/accountMarks", message: expect.stringContaining("noAccountScoping") })]);
    expect(preview.specMarksAccounts).toBe(false);

    const before = await counts(slug);
    await expect(publishSpec({ actor, unverifiedSpec: text })).rejects.toMatchObject({ code: "decision_required", status: 409, violations: preview.missing });
    // An empty confirmation is no decision either.
    await expect(publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: "accountMarks: []\n" })).rejects.toMatchObject({ code: "decision_required" });
    expect(await counts(slug)).toEqual(before);
  });

  it("publishes with the overlay: changed and default scopes on the operations, the confirmed marks beside the spec", async () => {
    const { text, slug } = fixture("berlin-group-ais-pis.yaml");
    const overlay = read("berlin-group-ais-pis.portico.yaml");
    const published = await publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: overlay });
    expect(published).toMatchObject({ status: "created", defaultScopes: 3, accountMarks: 2 });
    const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, include: { operations: true, overlay: true } });
    const scopesOf = Object.fromEntries(version.operations.map((o) => [`${o.method} ${o.path}`, o.scopes]));
    expect(scopesOf).toEqual({
      "GET /v1/accounts": [[`${slug}:read`]],
      "GET /v1/accounts/{account-id}": [[`${slug}:read`]],
      "POST /v1/payments/sepa-credit-transfers": [["payments:initiate"]],
    });
    expect(Object.keys(version.scopes as object).sort()).toEqual([`${slug}:read`, "payments:initiate"]);
    expect(overlayScopeDefaults(version.overlay!.scopeDefaults)["POST /v1/payments/sepa-credit-transfers"]).toEqual(["payments:initiate"]);
    expect(overlayAccountMarks(version.overlay!.accountMarks).map((m) => m.in)).toEqual(["path", "body"]);
    // The docs show the defaults as a scheme of their own on the operations that carry them.
    const docs = docsSpec({ spec: version.specResolved as Record<string, unknown>, slug, version: version.version, scopeDefaults: overlayScopeDefaults(version.overlay!.scopeDefaults) }) as any;
    expect(docs.paths["/v1/accounts"].get.security).toEqual([{ porticoDefaultScopes: [`${slug}:read`] }]);
    expect(docs.components.securitySchemes.BearerAuthOAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.publish", targetId: version.id } });
    expect(audit.details).toMatchObject({ accountMarks: 2, defaultScopes: { "POST /v1/payments/sepa-credit-transfers": ["payments:initiate"] } });
  });

  it("records an explicit, audited decision to publish without account scoping", async () => {
    const { text, slug } = fixture("berlin-group-ais-pis.yaml");
    const published = await publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: "noAccountScoping: true\n" });
    expect(published.noAccountScoping).toBe(true);
    const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, include: { overlay: true } });
    expect(version.overlay?.noAccountScoping).toBe(true);
    const entry = await getDb().auditEvent.findFirstOrThrow({ where: { action: "spec.no_account_scoping", targetId: version.id } });
    expect(entry.details).toMatchObject({ proposedAccountIdentifiers: 3, operations: ["GET /v1/accounts/{account-id}", "POST /v1/payments/sepa-credit-transfers"] });
  });

  it("refuses an overlay that does not fit the spec, with pointers into the overlay", async () => {
    const { text, slug } = fixture("berlin-group-ais-pis.yaml");
    const bad = stringify({
      scopes: { "GET /nowhere": ["x:read"], "GET /v1/accounts": ["has space"] },
      accountMarks: [{ operation: "GET /v1/accounts/{account-id}", in: "query", name: "accountId", kind: "id" }],
    });
    const syntax = await publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: bad }).catch((e) => e);
    expect(syntax).toMatchObject({ code: "validation_failed", violations: [expect.objectContaining({ pointer: "/scopes/GET ~1v1~1accounts/0" })] });
    const unfit = stringify({ scopes: { "GET /nowhere": ["x:read"] }, accountMarks: [{ operation: "GET /v1/accounts/{account-id}", in: "query", name: "accountId", kind: "id" }] });
    const error = await publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: unfit }).catch((e) => e);
    expect(error).toMatchObject({ code: "validation_failed", message: "The overlay does not fit the spec" });
    expect(error.violations.map((v: { pointer: string }) => v.pointer)).toEqual(["/overlay/scopes/GET ~1nowhere", "/overlay/accountMarks/0/name"]);
    const both = await publishSpec({ actor, unverifiedSpec: text, unverifiedOverlay: stringify({ noAccountScoping: true, accountMarks: [{ operation: "GET /v1/accounts/{account-id}", in: "path", name: "account-id", kind: "id" }] }) }).catch((e) => e);
    expect(both.violations).toEqual([expect.objectContaining({ pointer: "/overlay/noAccountScoping" })]);
    expect(await counts(slug)).toEqual({ apis: 0, overlays: 0 });
  });

  it("lets only admins and the system preview a spec", async () => {
    const developer = await makeUser({ role: "developer" });
    await expect(previewSpec({ actor: { kind: "user", id: developer.user.id, role: "developer", organisationId: developer.user.organisationId } as never, unverifiedSpec: read("berlin-group-ais-pis.yaml") })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("other shapes swagger-parser accepts", () => {
  it("gives a Swagger 2.0 spec without produces JSON responses, and generates the same operationIds (missing or unusable) on every import", async () => {
    const slug = `s2-${unique()}`;
    const spec = { swagger: "2.0", info: { title: "Bare 2.0", version: "1.0.0", "x-portico-slug": slug }, paths: { "/rates/{currency}": { get: { parameters: [{ name: "currency", in: "path", required: true, type: "string" }], responses: { "200": { description: "OK", schema: { type: "object", properties: { rate: { type: "number" } } } } } } } } };
    (spec.paths as Record<string, unknown>)["/rates"] = { get: { operationId: "List all rates", responses: { "200": { description: "OK" } } } };
    const first = await previewSpec({ actor, unverifiedSpec: JSON.stringify(spec) });
    const second = await previewSpec({ actor, unverifiedSpec: stringify(spec) });
    // Missing, or unusable in a URL ("List all rates"): generated from method and path.
    expect(first.operations.map((o) => o.operationId)).toEqual(["get_rates_currency", "get_rates"]);
    expect(second.operations.map((o) => o.operationId)).toEqual(["get_rates_currency", "get_rates"]);
    await publishSpec({ actor, unverifiedSpec: JSON.stringify(spec) });
    const version = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } } });
    expect(Object.keys((version.specResolved as any).paths["/rates/{currency}"].get.responses["200"].content)).toEqual(["application/json"]);
  });

  it("publishes a 3.1 spec with only webhooks as event documentation, and refuses 3.2 with a clear message", async () => {
    const slug = `events-${unique()}`;
    const events = {
      openapi: "3.1.0",
      info: { title: "Account Events", version: "1.0.0", "x-portico-slug": slug },
      webhooks: { balanceChanged: { post: { requestBody: { content: { "application/json": { schema: { type: "object", properties: { balance: { type: "string" } } } } } }, responses: { "200": { description: "Received" } } } } },
    };
    expect(await publishSpec({ actor, unverifiedSpec: JSON.stringify(events) })).toMatchObject({ status: "created", operations: 0, webhooks: 1 });
    const v32 = await publishSpec({ actor, unverifiedSpec: JSON.stringify({ ...events, openapi: "3.2.0" }) }).catch((e) => e);
    expect(v32).toMatchObject({ code: "validation_failed", message: "OpenAPI 3.2 is not accepted yet", violations: [expect.objectContaining({ pointer: "/openapi", message: expect.stringContaining("3.1") })] });
    const empty = await publishSpec({ actor, unverifiedSpec: JSON.stringify({ openapi: "3.1.0", info: { title: "Nothing", version: "1.0.0" }, paths: {} }) }).catch((e) => e);
    expect(empty.violations).toEqual([expect.objectContaining({ pointer: "/paths" })]);
  });

  it("proposes scheme-qualified identifications (UK Open Banking DebtorAccount) and resourceId under account paths", async () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: "Payments OB", version: "1.0.0", "x-portico-slug": `ob-pay-${unique()}` },
      paths: {
        "/accounts/{resourceId}/transactions": { get: { operationId: "tx", parameters: [{ name: "resourceId", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "OK" } } } },
        "/things/{resourceId}": { get: { operationId: "thing", parameters: [{ name: "resourceId", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "OK" } } } },
        "/domestic-payments": {
          post: {
            operationId: "pay",
            requestBody: { content: { "application/json": { schema: { type: "object", properties: { Data: { type: "object", properties: { Initiation: { type: "object", properties: { DebtorAccount: { type: "object", properties: { SchemeName: { type: "string" }, Identification: { type: "string" } } } } } } } } } } } },
            responses: { "201": { description: "Created" } },
          },
        },
      },
    };
    const preview = await previewSpec({ actor, unverifiedSpec: JSON.stringify(spec) });
    expect(preview.proposedAccountMarks.map((m) => `${m.operation} ${m.in === "body" ? m.path.join(".") : m.name} ${m.kind}`)).toEqual([
      "GET /accounts/{resourceId}/transactions resourceId id",
      "POST /domestic-payments Data.Initiation.DebtorAccount.Identification iban",
    ]);
  });
});

describe("a spec that marks its account identifiers itself", () => {
  it("needs no decision: its author made it, and the further proposals are only suggestions", async () => {
    const text = readFileSync(path.join(process.cwd(), "openapi", "payments.yaml"), "utf8");
    const preview = await previewSpec({ actor, unverifiedSpec: text });
    expect(preview.specMarksAccounts).toBe(true);
    // The payee's creditorIban is proposed (an IBAN field) but left unmarked by the spec's author on purpose.
    expect(preview.proposedAccountMarks.map((m) => (m.in === "body" ? m.path.join(".") : m.name))).toContain("creditorIban");
    expect(preview.missing).toEqual([]);
  });
});
