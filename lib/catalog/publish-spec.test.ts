import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { getDb } from "@/lib/db";
import { systemActor } from "@/lib/authz/actor";
import { makeUser } from "@/lib/testing/factories";
import { config } from "@/lib/config";
import { generateSpec } from "./generate-spec";
import { publishSpec } from "./publish-spec";
import { importSpecFiles } from "./import-spec-files";

const openapiDir = path.join(process.cwd(), "openapi");
const unique = () => Math.random().toString(36).slice(2, 10);

/** Counts that must not move when an import fails. */
async function snapshot() {
  const db = getDb();
  return { apis: await db.api.count(), versions: await db.apiVersion.count(), operations: await db.apiOperation.count(), audit: await db.auditEvent.count({ where: { action: "spec.publish" } }) };
}

describe("publishing specs", () => {
  it("imports every bundled spec with operations, scopes, search fields and an audit event", async () => {
    const results = await importSpecFiles({ actor: systemActor("test"), target: openapiDir });
    expect(results.map((r) => [path.basename(r.file), r.ok])).toEqual(results.map((r) => [path.basename(r.file), true]));
    const payments = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug: "payments" }, version: "1.2.0" }, include: { operations: true, api: true } });
    expect(payments.api.name).toBe("Payments API");
    expect(payments.api.category).toBe("Payments");
    const create = payments.operations.find((o) => o.operationId === "createDomesticPayment")!;
    expect(create).toMatchObject({ method: "POST", path: "/payments" });
    expect(create.scopes).toEqual([["payments:write"]]);
    expect(create.fieldNames.split(" ")).toEqual(expect.arrayContaining(["Idempotency-Key", "debtorAccountId", "creditorIban", "amount", "value", "currency"]));
    expect(payments.scopes).toHaveProperty("payments:read");
    // Dereferenced: no $ref left in what the docs render.
    expect(JSON.stringify(payments.specResolved)).not.toContain('"$ref"');
    expect(await getDb().auditEvent.count({ where: { action: "spec.publish", targetId: payments.id } })).toBe(1);
    const accounts = await getDb().apiVersion.findMany({ where: { api: { slug: "accounts" } }, select: { version: true } });
    expect(accounts.map((v) => v.version).sort()).toEqual(["1.4.0", "2.1.0"]);
  });

  it("is idempotent for the same content (YAML or JSON) and refuses different content under the same version", async () => {
    const slug = `idem-${unique()}`;
    const spec = generateSpec({ slug, operations: 3 });
    const admin = (await makeUser({ role: "admin" })).actor;
    const first = await publishSpec({ actor: admin, unverifiedSpec: stringify(spec) });
    expect(first.status).toBe("created");
    const before = await snapshot();
    const again = await publishSpec({ actor: admin, unverifiedSpec: JSON.stringify(spec), filename: "x.json" });
    expect(again).toMatchObject({ status: "unchanged", slug, version: "1.0.0" });
    expect(await snapshot()).toEqual(before);

    const changed = generateSpec({ slug, operations: 4 });
    await expect(publishSpec({ actor: admin, unverifiedSpec: stringify(changed) })).rejects.toMatchObject({ code: "conflict", status: 409 });
    expect(await snapshot()).toEqual(before);
  });

  it("reports the line of a YAML syntax error and writes nothing", async () => {
    const before = await snapshot();
    const text = "openapi: 3.0.3\ninfo:\n  title: Broken\n  version: 1.0.0\npaths:\n  /x: {get: [unclosed\n";
    const error = await publishSpec({ actor: systemActor(), unverifiedSpec: text }).catch((e) => e);
    expect(error).toMatchObject({ code: "validation_failed", message: "The spec is not valid YAML" });
    expect(error.violations[0].line).toBeGreaterThanOrEqual(6);
    expect(error.violations[0].message).toMatch(/line \d+, column \d+/);
    expect(await snapshot()).toEqual(before);
  });

  it("reports the line of a JSON syntax error", async () => {
    const error = await publishSpec({ actor: systemActor(), unverifiedSpec: '{\n  "openapi": "3.0.3",\n  "info": {\n    "title": "x",,\n  }\n}', filename: "x.json" }).catch((e) => e);
    expect(error).toMatchObject({ code: "validation_failed", message: "The spec is not valid JSON" });
    expect(error.violations[0]).toMatchObject({ line: 4 });
  });

  it("reports a JSON pointer for an invalid OpenAPI document and writes nothing", async () => {
    const before = await snapshot();
    const spec = generateSpec({ slug: `bad-${unique()}`, operations: 2 }) as { paths: Record<string, Record<string, { responses: unknown }>> };
    const first = Object.values(spec.paths)[0]!;
    Object.values(first)[0]!.responses = "nope";
    const error = await publishSpec({ actor: systemActor(), unverifiedSpec: JSON.stringify(spec) }).catch((e) => e);
    expect(error.code).toBe("validation_failed");
    expect(error.violations.map((v: { pointer: string }) => v.pointer)).toContain(`/paths/${Object.keys(spec.paths)[0]!.replace(/\//g, "~1")}/${Object.keys(first)[0]}/responses`);
    expect(await snapshot()).toEqual(before);
  });

  it("reports an unresolvable $ref and never follows external ones", async () => {
    const spec = generateSpec({ slug: `ref-${unique()}`, operations: 1 }) as { components: { schemas: Record<string, unknown> } };
    spec.components.schemas.Item0 = { $ref: "#/components/schemas/Missing" };
    const missing = await publishSpec({ actor: systemActor(), unverifiedSpec: JSON.stringify(spec) }).catch((e) => e);
    expect(missing.code).toBe("validation_failed");
    expect(JSON.stringify(missing.violations)).toContain("/components/schemas/Missing");

    spec.components.schemas.Item0 = { $ref: "file:///etc/passwd" };
    const external = await publishSpec({ actor: systemActor(), unverifiedSpec: JSON.stringify(spec) }).catch((e) => e);
    expect(external.code).toBe("validation_failed");
    expect(JSON.stringify(external)).not.toContain("root:");
  });

  it("refuses a bad account mark with its pointer, writing nothing (scopes and operationIds are no longer refusals: see specs-as-written.test.ts)", async () => {
    const before = await snapshot();
    const spec = generateSpec({ slug: `rules-${unique()}`, operations: 3 }) as Record<string, any>;
    const [, , p2] = Object.keys(spec.paths);
    const op = (p: string) => Object.values(spec.paths[p])[0] as Record<string, any>;
    const method = (p: string) => Object.keys(spec.paths[p])[0];
    op(p2!).parameters[0]["x-portico-account"] = "number";
    const error = await publishSpec({ actor: systemActor(), unverifiedSpec: JSON.stringify(spec) }).catch((e) => e);
    expect(error.message).toBe("The spec breaks Portico's publishing rules");
    const esc = (p: string) => p.replace(/\//g, "~1");
    expect(error.violations).toEqual([expect.objectContaining({ pointer: `/paths/${esc(p2!)}/${method(p2!)}/parameters/0/x-portico-account` })]);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses an oversized spec with a clear message before parsing it", async () => {
    const before = await snapshot();
    const big = "#".repeat(config.maxSpecBytes + 1);
    await expect(publishSpec({ actor: systemActor(), unverifiedSpec: big })).rejects.toMatchObject({
      code: "payload_too_large",
      status: 413,
      message: expect.stringMatching(/^The spec is 5\.0 MB; the largest spec Portico accepts is 5\.0 MB/),
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a YAML alias bomb by its expanded size, naming the limit, and writes nothing", async () => {
    const before = await snapshot();
    // ~50 KB of YAML: one 20 KB description, aliased 900 times (900 alias resolutions stay under
    // the yaml library's own maxAliasCount check) — 18 MB once written out.
    const spec = generateSpec({ slug: `bomb-${unique()}`, operations: 1 });
    const text = `${stringify(spec)}x-padding:\n  blob: &blob "${"a".repeat(20_000)}"\n  copies: [${Array.from({ length: 900 }, () => "*blob").join(", ")}]\n`;
    expect(text.length).toBeLessThan(60_000);
    await expect(publishSpec({ actor: systemActor(), unverifiedSpec: text })).rejects.toMatchObject({
      code: "payload_too_large",
      status: 413,
      message: expect.stringMatching(/expands to more than 5\.0 MB.*PORTICO_MAX_SPEC_BYTES/),
    });
    // Nested aliases (the classic billion laughs) stop at the yaml library's alias count, as a 413 too.
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    await expect(publishSpec({ actor: systemActor(), unverifiedSpec: `${stringify(spec)}x-laughs:\n${laughs.map((l) => `  ${l}`).join("\n")}\n` })).rejects.toMatchObject({ code: "payload_too_large", status: 413 });
    expect(await snapshot()).toEqual(before);
  });

  it("lets only admins (and system actors) publish", async () => {
    const text = JSON.stringify(generateSpec({ slug: `roles-${unique()}`, operations: 1 }));
    for (const role of ["developer", "compliance"] as const) {
      const { actor } = await makeUser({ role });
      await expect(publishSpec({ actor, unverifiedSpec: text })).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("keeps the API's name from its newest version when an older one is back-filled", async () => {
    const slug = `order-${unique()}`;
    await publishSpec({ actor: systemActor(), unverifiedSpec: JSON.stringify(generateSpec({ slug, version: "2.0.0", title: "New Name" })) });
    await publishSpec({ actor: systemActor(), unverifiedSpec: JSON.stringify(generateSpec({ slug, version: "1.9.0", title: "Old Name" })) });
    expect((await getDb().api.findUniqueOrThrow({ where: { slug } })).name).toBe("New Name");
  });

  // The figure is printed for the README; a time budget is not asserted (a loaded machine is not a bug).
  it("imports a large spec (500 operations, hundreds of KB)", async () => {
    const text = stringify(generateSpec({ slug: `large-${unique()}`, operations: 500 }));
    expect(text.length).toBeGreaterThan(300_000);
    const started = performance.now();
    const result = await publishSpec({ actor: systemActor(), unverifiedSpec: text });
    const ms = performance.now() - started;
    console.log(`large spec: ${(text.length / 1024).toFixed(0)} KB, ${result.operations} operations imported in ${ms.toFixed(0)} ms`);
    expect(result.operations).toBe(500);
    expect(await getDb().apiOperation.count({ where: { apiVersion: { api: { slug: result.slug } } } })).toBe(500);
  }, 120_000);
});
