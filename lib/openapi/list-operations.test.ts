import { readFileSync } from "node:fs";
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import path from "node:path";
import { tryItOperations } from "@/lib/try-it/try-it-operations";
import { validateSpec } from "@/lib/catalog/validate-spec";
import { listOperations, scopeAlternatives, scopedSecuritySchemes } from "./list-operations";

const document = {
  openapi: "3.0.3",
  security: [{ bankOAuth: ["read"] }],
  components: { securitySchemes: { bankOAuth: { type: "oauth2" }, apiKey: { type: "apiKey" }, oidc: { type: "openIdConnect" } } },
  paths: {
    "/b/{id}": {
      parameters: [
        { name: "id", in: "path", required: true, description: "path level" },
        { name: "q", in: "query" },
      ],
      post: { operationId: "createB", parameters: [{ name: "id", in: "path", required: true, description: "operation level" }], requestBody: { required: true, content: { "application/json": { schema: {} } } }, security: [] },
      get: { operationId: "getB" },
      "x-not-an-operation": { operationId: "nope" },
      summary: "not an operation either",
    },
    "/a": { put: { operationId: 7 }, trace: { operationId: "traceA" } },
  },
};

describe("listOperations", () => {
  it("walks operations in document order, methods in the path item's fixed order, and nothing else", () => {
    expect(listOperations(document).map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual(["get /b/{id} getB", "post /b/{id} createB", "put /a undefined", "trace /a traceA"]);
  });

  it("lays the operation's parameters over the path item's, by name and location", () => {
    const post = listOperations(document).find((o) => o.operationId === "createB")!;
    expect(post.parameters.map((p) => `${p.in}:${p.name}:${p.description ?? ""}`)).toEqual(["path:id:operation level", "query:q:"]);
    expect(post.requestBody?.required).toBe(true);
    expect(Object.keys(post.bodyContent)).toEqual(["application/json"]);
  });

  it("takes the operation's security, else the document's; an empty list means open", () => {
    const [get, post] = listOperations(document);
    const schemes = scopedSecuritySchemes(document);
    expect([...schemes]).toEqual(["bankOAuth", "oidc"]);
    expect(scopeAlternatives(get!.security, schemes)).toEqual([["read"]]);
    expect(scopeAlternatives(post!.security, schemes)).toEqual([]);
    expect(scopeAlternatives([{ bankOAuth: ["a", "b", "a"], apiKey: [] }, { oidc: ["c"] }], schemes)).toEqual([["a", "b"], ["c"]]);
  });

  it("gives publishing and try-it the same operations of a bundled spec", async () => {
    const source = parseYaml(readFileSync(path.join(process.cwd(), "openapi", "payments.yaml"), "utf8")) as Record<string, unknown>;
    const resolved = (await SwaggerParser.dereference(structuredClone(source) as never)) as unknown as Record<string, unknown>;
    const walked = listOperations(resolved).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    const published = (await validateSpec({ document: source })).operations.map((o) => `${o.method} ${o.path}`);
    expect(published).toEqual(walked);
    expect(tryItOperations(resolved).map((o) => o.key).sort()).toEqual(walked.filter((k) => /^(GET|POST|PUT|PATCH|DELETE) /.test(k)).sort());
  });
});
