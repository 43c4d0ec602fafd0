// What the sandbox mocks for the bundled specs (openapi/) is what their own
// response schemas allow: every operation's 2xx answer body validates against
// that operation's response schema, in the spec's own dialect.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/actor";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { getDb } from "@/lib/db";
import { listOperations } from "@/lib/openapi/list-operations";
import { schemaDialect } from "@/lib/openapi/schema-dialect";
import { storedDocument } from "@/lib/openapi/stored-document";
import { Mocker } from "./mock-response";
import { compileResponseValidator } from "./request-validator";
import { buildRouteTable } from "./route-table";

type Json = Record<string, unknown>;
const folder = path.join(process.cwd(), "openapi");

describe("mocked answers of the bundled specs", () => {
  it("validate against each operation's own response schema", async () => {
    const published = [];
    for (const file of readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      published.push(await publishSpec({ actor: systemActor("test"), unverifiedSpec: readFileSync(path.join(folder, file), "utf8"), filename: file }));
    }
    const table = await buildRouteTable({ db: getDb() });
    const mocker = new Mocker();
    let checked = 0;
    const problems: string[] = [];
    for (const { slug, version, apiId } of published) {
      const api = table.api(slug, version)!;
      expect(api, `${slug} ${version} is in the route table`).toBeDefined();
      const row = await getDb().apiVersion.findUniqueOrThrow({ where: { apiId_version: { apiId, version } }, select: { specResolved: true } });
      const document = storedDocument(row.specResolved);
      const dialect = schemaDialect(document);
      for (const { path: template, method, operation } of listOperations(document)) {
        const compiled = api.byMethod.get(method.toUpperCase())!.find((o) => o.path === template)!;
        const concrete = template.replace(/\{[^}]+\}/g, "x1");
        const mocked = await mocker.respond({ operation: compiled, prefer: undefined, accept: "application/json", path: concrete, query: {}, headers: { accept: "application/json" }, body: undefined });
        const label = `${slug} ${version} ${method.toUpperCase()} ${template} → ${mocked.status}`;
        expect(mocked.status, label).toBeGreaterThanOrEqual(200);
        expect(mocked.status, label).toBeLessThan(300);
        const response = (operation.responses as Record<string, Json>)[String(mocked.status)] ?? (operation.responses as Record<string, Json>)["2XX"];
        const media = (response?.content as Record<string, Json> | undefined)?.[mocked.headers["content-type"]!.split(";")[0]!];
        if (!media?.schema) {
          expect(mocked.body.length, `${label}: no schema, no body`).toBe(0);
          continue;
        }
        const violations = compileResponseValidator({ schema: media.schema as Json, dialect })(JSON.parse(mocked.body.toString("utf8")));
        if (violations.length) problems.push(`${label}: ${violations.map((v) => `${v.pointer} ${v.message}`).join("; ")}`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
