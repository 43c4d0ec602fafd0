// The breaking-change report between two versions: api-smart-diff's
// classification, kept as descriptions and JSON pointers, breaking first.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diffVersions, MAX_CHANGES } from "./diff-versions";
import { generateSpec } from "./generate-spec";

const bundled = (file: string) => parse(readFileSync(path.join(process.cwd(), "openapi", file), "utf8")) as Record<string, unknown>;
type Paths = Record<string, Record<string, { parameters?: unknown[] } & Record<string, unknown>>>;

describe("diffVersions", () => {
  it("finds nothing between a version and itself", async () => {
    const spec = bundled("payments.yaml");
    const report = await diffVersions({ version: "1.2.0", document: spec }, { document: structuredClone(spec) });
    expect(report).toEqual({ from: "1.2.0", counts: { breaking: 0, deprecated: 0, "non-breaking": 0, unclassified: 0, annotation: 0 }, changes: [], omitted: 0 });
  });

  it("classifies a removed operation and a new required parameter as breaking, a new operation as not", async () => {
    const older = generateSpec({ slug: "diff", operations: 4 });
    const newer = structuredClone(older);
    const paths = newer.paths as Paths;
    const esc = (p: string) => p.replace(/~/g, "~0").replace(/\//g, "~1");
    const [removedPath, secondPath] = Object.keys(paths);
    const removedMethod = Object.keys(paths[removedPath!]!)[0]!;
    delete paths[removedPath!];
    const secondMethod = Object.keys(paths[secondPath!]!)[0]!;
    const second = paths[secondPath!]![secondMethod] as { parameters: unknown[] };
    second.parameters.push({ name: "mandatoryFilter", in: "query", required: true, schema: { type: "string" } });
    paths["/brand-new"] = { get: { operationId: "brandNew", responses: { "200": { description: "ok" } } } };

    const report = await diffVersions({ version: "1.0.0", document: older }, { document: newer });
    expect(report.from).toBe("1.0.0");
    expect(report.error).toBeUndefined();
    expect(report.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "breaking", action: "remove", pointer: `/paths/${esc(removedPath!)}/${removedMethod}` }),
        expect.objectContaining({ type: "breaking", action: "add", pointer: `/paths/${esc(secondPath!)}/${secondMethod}/parameters/${second.parameters.length - 1}`, description: "[Added] required query parameter `mandatoryFilter`" }),
        expect.objectContaining({ type: "non-breaking", action: "add", pointer: "/paths/~1brand-new/get", description: "[Added] operation GET /brand-new" }),
      ]),
    );
    expect(report.counts.breaking).toBe(2);
    // Breaking first; descriptions are words, not values.
    expect(report.changes[0]!.type).toBe("breaking");
    for (const c of report.changes) expect(c.description.length).toBeGreaterThan(0);
  });

  it("reads the bundled Accounts 1.4.0 → 2.1.0 as breaking, and keeps a bounded list", async () => {
    const report = await diffVersions({ version: "1.4.0", document: bundled("accounts-v1.yaml") }, { document: bundled("accounts-v2.yaml") });
    expect(report.counts.breaking).toBeGreaterThan(0);
    expect(report.changes.length).toBeLessThanOrEqual(MAX_CHANGES);
    const many = await diffVersions({ version: "1", document: generateSpec({ slug: "many", operations: 120, seed: 1 }) }, { document: generateSpec({ slug: "many", operations: 120, seed: 2 }) });
    expect(many.changes).toHaveLength(MAX_CHANGES);
    expect(many.omitted).toBeGreaterThan(0);
  });

  it("compares OpenAPI 3.1 documents (type arrays and all)", async () => {
    const older = { openapi: "3.1.0", info: { title: "T", version: "1.0.0" }, paths: { "/t": { get: { parameters: [{ name: "q", in: "query", schema: { type: ["string", "null"] } }], responses: { "200": { description: "ok" } } } } } };
    const newer = structuredClone(older);
    newer.paths["/t"].get.parameters[0]!.schema.type = ["string"];
    const report = await diffVersions({ version: "1.0.0", document: older }, { document: newer });
    expect(report.error).toBeUndefined();
    expect(report.changes).toEqual([expect.objectContaining({ type: "breaking", pointer: "/paths/~1t/get/parameters/0/schema/type/1" })]);
  });
});
