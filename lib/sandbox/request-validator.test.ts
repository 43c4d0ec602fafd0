import { describe, expect, it } from "vitest";
import { compileValidator } from "./request-validator";

describe("compiled request validators and a spec's own schema keywords", () => {
  it("compiles one $id in many operations, an unknown $schema and a dangling $ref, still enforcing the constraints", () => {
    const schema = { $id: "https://example.test/shared", $schema: "https://example.test/dialect", type: "object", required: ["a"], properties: { a: { type: "string" }, b: { $ref: "#/components/schemas/Cycle" } } };
    for (let i = 0; i < 3; i++) {
      const validator = compileValidator({
        parameters: [{ in: "query", name: "q", required: false, schema: { $id: "https://example.test/q", type: "integer" } }],
        bodySchema: schema,
        dialect: "3.1",
        onCompileError: () => {
          throw new Error("must compile");
        },
      });
      expect(validator.body({ a: "x" })).toEqual([]);
      expect(validator.body({})).toEqual([{ pointer: "/body/a", message: "must have required property 'a'" }]);
      expect(validator.parameters({ path: {}, query: { q: "x" }, header: {} })).toEqual([{ pointer: "/query/q", message: "must be integer" }]);
    }
  });

  it("leaves a schema Ajv cannot compile unvalidated and reports why, instead of failing every call", () => {
    const errors: string[] = [];
    const validator = compileValidator({ parameters: [], bodySchema: { type: "string", pattern: "(" }, dialect: "3.0", onCompileError: (message) => errors.push(message) });
    expect(validator.body("anything")).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/regular expression|pattern/i)]);
  });

  it("names the allowed values of an enum or const and reports a oneOf/anyOf failure once", () => {
    const card = { type: "object", required: ["kind", "last4"], properties: { kind: { enum: ["card"] }, last4: { type: "string", pattern: "^[0-9]{4}$" } } };
    const iban = { type: "object", required: ["kind", "iban"], properties: { kind: { enum: ["iban"] }, iban: { type: "string" } } };
    const bodySchema = {
      type: "object",
      properties: {
        currency: { type: "string", enum: ["EUR", "GBP", "EUR"] },
        kind: { const: "transfer" },
        instrument: { oneOf: [card, iban] },
        either: { anyOf: [{ type: "string" }, { type: "integer" }] },
        nested: { oneOf: [{ type: "object", properties: { inner: { oneOf: [card, iban] } } }, { type: "string" }] },
      },
    };
    const validator = compileValidator({ parameters: [], bodySchema, dialect: "3.1" });
    expect(validator.body({ currency: "USD", kind: "other" })).toEqual([
      { pointer: "/body/currency", message: 'must be one of: "EUR", "GBP"' },
      { pointer: "/body/kind", message: 'must be "transfer"' },
    ]);
    // The branch that got furthest into the data speaks for the oneOf.
    expect(validator.body({ instrument: { kind: "card", last4: "12" } })).toEqual([{ pointer: "/body/instrument/last4", message: 'must match pattern "^[0-9]{4}$"' }]);
    // No branch stands out: the combinator's own message, once.
    expect(validator.body({ either: true })).toEqual([{ pointer: "/body/either", message: "must match a schema in anyOf" }]);
    expect(validator.body({ nested: { inner: { kind: "iban" } } })).toEqual([{ pointer: "/body/nested/inner/iban", message: "must have required property 'iban'" }]);
  });

  it("collapses a oneOf per array element and stays bounded for a hostile body", () => {
    const bodySchema = { type: "array", items: { oneOf: [{ type: "string" }, { type: "object", required: ["a"] }] } };
    const validator = compileValidator({ parameters: [], bodySchema, dialect: "3.0" });
    expect(validator.body(["x", {}, 5])).toEqual([
      { pointer: "/body/1/a", message: "must have required property 'a'" },
      { pointer: "/body/2", message: "must match exactly one schema in oneOf" },
    ]);
    const many = validator.body(Array.from({ length: 50_000 }, () => 5));
    expect(many.length).toBeGreaterThan(0);
    expect(many.length).toBeLessThanOrEqual(100);
    expect(new Set(many.map((v) => v.pointer)).size).toBe(many.length);
  });
});
