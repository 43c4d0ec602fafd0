// The overlay's sandbox bindings are checked when the overlay is decided
// (publish, preview, a draft's decision): each entry's shape, its operation
// (it must exist, and be bound once), and its binding by the one decoder —
// every problem a violation with a pointer into the overlay. A broken one
// publishes nothing, and `catalog:import` reports it as a failure.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify } from "yaml";
import { systemActor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { importSpecFiles } from "./import-spec-files";
import { previewSpec } from "./preview-spec";
import { publishSpec } from "./publish-spec";
import { decideOverlay, parseSpecOverlay } from "./spec-overlay";
import { validateSpec } from "./validate-spec";

const FIXTURE = path.join(process.cwd(), "lib", "testing", "data", "ob-style-accounts-unbound.yaml");
const unique = () => Math.random().toString(36).slice(2, 10);
const fixture = () => {
  const doc = parseYaml(readFileSync(FIXTURE, "utf8")) as { info: Record<string, string> };
  doc.info["x-portico-slug"] = `ob-unbound-${unique()}`;
  return { text: stringify(doc), slug: doc.info["x-portico-slug"]! };
};
const marks = [{ operation: "GET /accounts/{AccountId}", in: "path", name: "AccountId", kind: "id" }];
const balances = (binding: Record<string, unknown>) => ({ operation: "GET /accounts/{AccountId}/balances", binding: { resource: "balances", action: "get", request: { accountId: "/path/AccountId" }, response: { items: "/Data/Balance", fields: { "/Amount/Amount": "amountAbs" } }, ...binding } });
/** Three broken entries: a missing operation, a binding that names no account and a field balances lack, and a second binding of the same operation with an action balances lack. */
const broken = {
  accountMarks: marks,
  sandboxBindings: [
    { operation: "GET /nowhere", binding: { resource: "accounts", action: "list", response: { items: "/Data/Account", fields: { "/AccountId": "accountId" } } } },
    balances({ request: {}, response: { items: "/Data/Balance", fields: { "/Colour": "colour" } } }),
    balances({ action: "list" }),
  ],
};
const expected = [
  { pointer: "/overlay/sandboxBindings/0/operation", message: "the spec has no operation GET /nowhere" },
  { pointer: "/overlay/sandboxBindings/1/binding/request/accountId", message: "balances get needs it" },
  { pointer: "/overlay/sandboxBindings/1/binding/response/fields/~1Colour", message: expect.stringMatching(/^colour is not a field of balances; use one of accountId, /) },
  { pointer: "/overlay/sandboxBindings/2/operation", message: "GET /accounts/{AccountId}/balances is bound already by sandboxBindings/1" },
  { pointer: "/overlay/sandboxBindings/2/binding/action", message: "balances has no action list; use get" },
];

describe("the overlay's sandbox bindings", () => {
  it("must each be an operation and a binding object", () => {
    const error = (() => {
      try {
        return parseSpecOverlay({ unverifiedText: stringify({ sandboxBindings: [{ operation: "accounts", binding: 1 }, { operation: "GET /x", binding: {}, extra: true }] }) });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      code: "validation_failed",
      violations: [
        { pointer: "/sandboxBindings/0/operation", message: expect.stringContaining('"METHOD /path"') },
        { pointer: "/sandboxBindings/0/binding", message: expect.any(String) },
        { pointer: "/sandboxBindings/1", message: expect.stringContaining("extra") },
      ],
    });
  });

  it("are decoded against the spec, each problem with its pointer into the overlay", async () => {
    const { documentOperations, needsScopes } = await validateSpec({ document: parseYaml(readFileSync(FIXTURE, "utf8")) as Record<string, unknown> });
    const decide = (overlay: unknown) => decideOverlay({ apiSlug: "ob", operations: documentOperations, needsScopes, overlay: parseSpecOverlay({ unverifiedText: stringify(overlay) }) });
    const error = (() => {
      try {
        return decide(broken);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: "validation_failed", message: "The overlay does not fit the spec", violations: expected });
    // A good one is kept as given, for the route table to decode again.
    const good = balances({});
    expect(decide({ accountMarks: marks, sandboxBindings: [good] }).decided.sandboxBindings).toEqual([good]);
  });

  it("refuse the publish (422, nothing written) and fail the CLI's import of the spec beside its overlay file", async () => {
    const { text, slug } = fixture();
    const refused = await publishSpec({ actor: systemActor("test"), unverifiedSpec: text, unverifiedOverlay: stringify(broken) }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "validation_failed", violations: expected });
    expect(await getDb().api.count({ where: { slug } })).toBe(0);

    const dir = await mkdtemp(path.join(tmpdir(), "overlay-"));
    try {
      await writeFile(path.join(dir, "accounts.yaml"), text);
      await writeFile(path.join(dir, "accounts.portico.yaml"), stringify(broken));
      const [result] = await importSpecFiles({ actor: systemActor("test"), target: dir });
      expect(result).toMatchObject({ ok: false, overlayFile: path.join(dir, "accounts.portico.yaml") });
      expect(result).not.toHaveProperty("undecided");
      expect((result as { error: string }).error).toContain("/overlay/sandboxBindings/1/binding/request/accountId: balances get needs it");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await getDb().api.count({ where: { slug } })).toBe(0);
  });

  it("are shown by the review step as decided, so the admin's decision of a draft keeps them", async () => {
    const { text } = fixture();
    const overlay = readFileSync(path.join(path.dirname(FIXTURE), "ob-style-accounts-unbound.portico.yaml"), "utf8");
    const preview = await previewSpec({ actor: systemActor("test"), unverifiedSpec: text, unverifiedOverlay: overlay });
    expect(preview.missing).toEqual([]);
    expect(preview.decided.sandboxBindings.map((b) => b.operation)).toEqual(["GET /accounts", "GET /accounts/{AccountId}", "GET /accounts/{AccountId}/balances", "GET /accounts/{AccountId}/transactions"]);
    // The review screen sends them back with the admin's other decisions: still valid as an overlay.
    expect(parseSpecOverlay({ unverifiedText: JSON.stringify({ scopes: {}, accountMarks: preview.decided.accountMarks, noAccountScoping: false, sandboxBindings: preview.decided.sandboxBindings }) }).sandboxBindings).toHaveLength(4);
  });
});
