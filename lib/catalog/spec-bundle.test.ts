// Multi-file specs: a .zip whose root file refers to other files by relative
// path is bundled into one document, published, and answered by the sandbox;
// hostile archives (zip-slip, absolute paths, symlinks, zip bombs, too many
// entries, references outside the bundle or to URLs) are refused with a
// reason, writing nothing.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { problemResponse } from "@/lib/errors";
import { Mocker } from "@/lib/sandbox/mock-response";
import { buildRouteTable } from "@/lib/sandbox/route-table";
import { importSpecFiles } from "./import-spec-files";
import { publishSpec } from "./publish-spec";
import { readSpecUpload } from "./read-spec-upload";
import { MAX_ENTRIES } from "./read-zip-bundle";

const unique = () => Math.random().toString(36).slice(2, 10);

function multiFileSpec(slug: string): Record<string, string> {
  return {
    "openapi.yaml": stringify({
      openapi: "3.0.3",
      info: { title: `Bundled ${slug}`, version: "1.0.0", "x-portico-slug": slug },
      paths: { "/accounts/{accountId}": { $ref: "paths/account.yaml" } },
      components: {
        securitySchemes: { bankOAuth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://bank.example/token", scopes: { "accounts:read": "Read accounts" } } } } },
        schemas: { Account: { $ref: "./schemas/account.yaml#/Account" } },
      },
    }),
    "paths/account.yaml": stringify({
      get: {
        operationId: "getAccount",
        security: [{ bankOAuth: ["accounts:read"] }],
        parameters: [{ name: "accountId", in: "path", required: true, schema: { type: "string" }, "x-portico-account": "id" }],
        responses: { "200": { description: "OK", content: { "application/json": { schema: { $ref: "../schemas/account.yaml#/Account" } } } } },
      },
    }),
    "schemas/account.yaml": stringify({
      Account: { type: "object", required: ["id", "currency"], properties: { id: { type: "string", example: "acc_1" }, currency: { $ref: "common.yaml#/Currency" } } },
    }),
    "schemas/common.yaml": stringify({ Currency: { type: "string", example: "EUR", enum: ["EUR", "GBP"] } }),
    "README.md": "not part of the spec",
  };
}

const zip = (files: Record<string, string | [string, { os?: number; attrs?: number }]>): Uint8Array<ArrayBuffer> =>
  new Uint8Array(zipSync(Object.fromEntries(Object.entries(files).map(([name, f]) => [name, typeof f === "string" ? strToU8(f) : [strToU8(f[0]), f[1]]])) as Zippable));

async function refusal(bytes: Uint8Array) {
  const before = await getDb().apiVersion.count();
  const error = await publishSpec({ actor: systemActor("test"), unverifiedSpec: bytes }).catch((e: unknown) => e);
  expect(await getDb().apiVersion.count()).toBe(before);
  return error as { code: string; status: number; message: string; violations?: { pointer?: string; message: string }[] };
}

describe("multi-file specs in a zip", () => {
  it("are bundled into one document, published, and answered by the sandbox", async () => {
    const slug = `bundle-${unique()}`;
    // Through the management endpoint's reader, as a bank's CI sends it.
    const upload = await readSpecUpload(new Request("http://portal.test/api/management/specs", { method: "POST", body: zip(multiFileSpec(slug)), headers: { "content-type": "application/zip" } }));
    const result = await publishSpec({ actor: systemActor("test"), ...upload });
    expect(result).toMatchObject({ status: "created", slug, operations: 1 });
    const row = await getDb().apiVersion.findFirstOrThrow({ where: { apiId: result.apiId }, select: { specSource: true, specResolved: true } });
    // One document: every reference left is internal.
    const refs = JSON.stringify(row.specSource).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^"\$ref":"#\//);
    const api = (await buildRouteTable({ db: getDb() })).api(slug, "1.0.0")!;
    const operation = api.byMethod.get("GET")![0]!;
    const mocked = await new Mocker().respond({ operation, prefer: undefined, accept: "application/json", path: "/accounts/acc_1", query: {}, headers: { accept: "application/json" }, body: undefined });
    expect(mocked.status).toBe(200);
    expect(JSON.parse(mocked.body.toString())).toEqual({ id: "acc_1", currency: "EUR" });
  });

  it("refuses zip-slip, absolute paths and symbolic links, naming the entries", async () => {
    const spec = multiFileSpec(`bad-${unique()}`);
    const slip = await refusal(zip({ ...spec, "../evil.yaml": "x: 1" }));
    expect(slip).toMatchObject({ code: "validation_failed", status: 422, message: "The zip archive has entries Portico does not accept" });
    expect(slip.violations).toEqual([{ pointer: "/../evil.yaml", message: expect.stringContaining("inside the archive") }]);
    const absolute = await refusal(zip({ ...spec, "/etc/passwd.yaml": "x: 1" }));
    expect(absolute.violations).toEqual([{ pointer: "//etc/passwd.yaml", message: "absolute paths are not allowed" }]);
    const link = await refusal(zip({ ...spec, "schemas/link.yaml": ["/etc/passwd", { os: 3, attrs: 0o120777 << 16 }] }));
    expect(link.violations).toEqual([{ pointer: "/schemas/link.yaml", message: "symbolic links are not allowed" }]);
    // As the API answers it: problem+json with the reason.
    const response = problemResponse(link);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ detail: "The zip archive has entries Portico does not accept", violations: [{ pointer: "/schemas/link.yaml" }] });
  });

  it("refuses a zip bomb by its declared size and too many entries, before inflating", async () => {
    const bomb = zip({ ...multiFileSpec(`bomb-${unique()}`), "schemas/huge.yaml": `x: "${"a".repeat(config.maxSpecBytes)}"` });
    expect(bomb.length).toBeLessThan(config.maxSpecBytes / 100);
    expect(await refusal(bomb)).toMatchObject({ code: "payload_too_large", status: 413, message: expect.stringContaining("PORTICO_MAX_SPEC_BYTES") });
    const many: Record<string, string> = {};
    for (let i = 0; i <= MAX_ENTRIES; i++) many[`f${i}.txt`] = "";
    expect(await refusal(zip(many))).toMatchObject({ code: "validation_failed", message: `The zip has ${MAX_ENTRIES + 1} entries; at most ${MAX_ENTRIES} are accepted` });
    expect(await refusal(strToU8("PK not really a zip"))).toMatchObject({ code: "validation_failed", message: "The upload is not a zip archive" });
  });

  it("resolves references only to the bundle's own files: not outside it, not URLs", async () => {
    const spec = multiFileSpec(`outside-${unique()}`);
    const outside = await refusal(zip({ ...spec, "paths/account.yaml": spec["paths/account.yaml"]!.replace("../schemas/account.yaml", "../../../etc/account.yaml") }));
    expect(outside).toMatchObject({ code: "validation_failed", message: "The spec refers to a file outside the bundle" });
    const url = await refusal(zip({ ...spec, "schemas/account.yaml": spec["schemas/account.yaml"]!.replace("common.yaml#/Currency", "https://attacker.example/c.yaml#/Currency") }));
    expect(url).toMatchObject({ code: "validation_failed", message: "The spec refers to a file outside the bundle", violations: [{ message: expect.stringContaining("https://attacker.example/c.yaml") }] });
    const { "schemas/common.yaml": _common, ...withoutCommon } = spec;
    const missing = await refusal(zip(withoutCommon));
    expect(missing).toMatchObject({ code: "validation_failed", violations: [{ message: expect.stringContaining("schemas/common.yaml") }] });
  });
});

describe("multi-file specs in a folder (npm run catalog:import)", () => {
  const writeFolder = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-bundle-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };

  it("bundles the folder of a root file with relative references", async () => {
    const slug = `folder-${unique()}`;
    const dir = writeFolder(multiFileSpec(slug));
    const [result] = await importSpecFiles({ actor: systemActor("test"), target: dir });
    expect(result).toMatchObject({ ok: true, result: { status: "created", slug, operations: 1 } });
    const row = await getDb().apiVersion.findFirstOrThrow({ where: { api: { slug } }, select: { specResolved: true } });
    expect(JSON.stringify(row.specResolved)).toContain('"enum":["EUR","GBP"]');
  });

  it("does not follow a symbolic link out of the folder", async () => {
    const outside = writeFolder({ "secret.yaml": stringify({ Account: { type: "object", properties: { secret: { type: "string" } } } }) });
    const spec = multiFileSpec(`link-${unique()}`);
    const dir = writeFolder({ ...spec, "paths/account.yaml": spec["paths/account.yaml"]!.replace("../schemas/account.yaml", "../schemas/link.yaml") });
    symlinkSync(path.join(outside, "secret.yaml"), path.join(dir, "schemas", "link.yaml"));
    const [result] = await importSpecFiles({ actor: systemActor("test"), target: dir });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("The spec refers to a file outside the bundle") });
  });
});
