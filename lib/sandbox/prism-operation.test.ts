// The per-operation Prism transform (made on an operation's first call) gives
// exactly what Prism's whole-document getHttpOperationsFromSpec gives, for
// every operation of the bundled specs, the gateway's test spec and a spec
// with a circular schema (left as a $ref by publishing).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listOperations } from "@/lib/openapi/list-operations";
import { TEST_SPEC } from "@/lib/testing/gateway-fixtures";
import { prismOperation } from "./prism-operation";

type Json = Record<string, unknown>;

const CIRCULAR: Json = {
  openapi: "3.0.3",
  info: { title: "Tree", version: "1.0.0" },
  paths: {
    "/nodes/{nodeId}": {
      get: {
        operationId: "getNode",
        parameters: [{ name: "nodeId", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } } },
      },
    },
    "/nodes": {
      post: {
        operationId: "addNode",
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } },
        responses: { "201": { description: "Created", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } } },
      },
    },
  },
  components: { schemas: { Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } } },
};

async function stored(document: Json): Promise<Json> {
  // As publishing stores it: dereferenced, circular references left as $ref, through JSON.
  const resolved = await SwaggerParser.dereference(structuredClone(document) as never, { resolve: { external: false }, dereference: { circular: "ignore" } } as never);
  return JSON.parse(JSON.stringify(resolved)) as Json;
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("prismOperation", () => {
  const folder = path.join(process.cwd(), "openapi");
  const documents: [string, Json][] = [
    ...readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).map((f): [string, Json] => [f, parse(readFileSync(path.join(folder, f), "utf8")) as Json]),
    ["sandbox-bank.yaml", parse(readFileSync(TEST_SPEC, "utf8")) as Json],
  ];

  it.each(documents)("matches Prism's whole-document transform for %s", async (_name, source) => {
    const document = await stored(source);
    const whole = await getHttpOperationsFromSpec(structuredClone(document));
    const operations = listOperations(document);
    expect(operations.length).toBeGreaterThan(0);
    for (const { path: template, method } of operations) {
      const expected = whole.find((o) => o.method === method && o.path === template);
      expect(expected, `${method} ${template}`).toBeDefined();
      expect(plain(prismOperation({ document, path: template, method })), `${method} ${template}`).toEqual(plain({ ...expected, callbacks: undefined }));
    }
  });

  it("bundles a circular schema into the operation itself, as Prism does (under its own name)", async () => {
    const document = await stored(CIRCULAR);
    const whole = await getHttpOperationsFromSpec(structuredClone(document));
    // Each operation made twice, interleaved: one bundling must not change what the next one sees.
    for (const [p, m] of [["/nodes", "post"], ["/nodes/{nodeId}", "get"], ["/nodes", "post"]] as const) {
      const again = prismOperation({ document, path: p, method: m }) as unknown as Json;
      expect(JSON.stringify(again)).toContain('"$ref":"#/__bundled__/Node"');
      expect(again.__bundled__).toHaveProperty("Node");
    }
    const expected = whole.find((o) => o.path === "/nodes/{nodeId}")!;
    const made = prismOperation({ document, path: "/nodes/{nodeId}", method: "get" }) as unknown as Json;
    // Every $ref left points inside the operation.
    const refs = JSON.stringify(made).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toBe('"$ref":"#/__bundled__/Node"');
    expect(made.__bundled__).toHaveProperty("Node");
    // Prism names the bundled schema after where it found it and hashes ids from that: the rest is the same.
    const normal = (value: unknown) =>
      JSON.stringify(value)
        .replace(/"#\/__bundled__\/[^"]*"/g, '"#/B"')
        .replace(/"__bundled__":\{"[^"]*":/g, '"__bundled__":{"B":')
        .replace(/"x-stoplight":\{"id":"[^"]*"\}/g, '"x-stoplight":{}');
    expect(normal(made)).toBe(normal({ ...expected, callbacks: undefined }));
  });

  it("leaves the stored document as it was", async () => {
    const document = await stored(CIRCULAR);
    const before = JSON.stringify(document);
    prismOperation({ document, path: "/nodes/{nodeId}", method: "get" });
    prismOperation({ document, path: "/nodes", method: "post" });
    expect(JSON.stringify(document)).toBe(before);
  });
});
