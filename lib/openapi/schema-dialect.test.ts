import { describe, expect, it } from "vitest";
import { schemaDialect, toValidationSchema } from "./schema-dialect";

describe("OpenAPI Schema Objects as JSON Schema", () => {
  it("translates 3.0's boolean exclusive bounds, nullable and readOnly, leaving the input unchanged", () => {
    const input = {
      type: "object",
      required: ["id", "amount", "pin"],
      properties: {
        id: { type: "string", readOnly: true },
        pin: { type: "string", writeOnly: true },
        amount: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false, example: 1, "x-unit": "EUR" },
        memo: { type: "string", nullable: true, xml: { name: "m" } },
        kind: { type: "string", enum: ["a", "b", "a"], nullable: true },
        ref: { nullable: true, allOf: [{ type: "string" }] },
        required: { type: "string", nullable: false },
      },
      discriminator: { propertyName: "kind" },
    };
    const before = structuredClone(input);
    expect(toValidationSchema(input, { dialect: "3.0", direction: "request" })).toEqual({
      type: "object",
      required: ["amount", "pin"],
      properties: {
        id: { type: "string", readOnly: true },
        pin: { type: "string", writeOnly: true },
        amount: { type: "number", exclusiveMinimum: 0, maximum: 10 },
        memo: { type: ["string", "null"] },
        kind: { type: ["string", "null"], enum: ["a", "b", null] },
        ref: { anyOf: [{ type: "null" }, { allOf: [{ type: "string" }] }] },
        required: { type: "string" },
      },
    });
    expect((toValidationSchema(input, { dialect: "3.0", direction: "response" }) as { required: string[] }).required).toEqual(["id", "amount"]);
    expect(input).toEqual(before);
  });

  it("keeps 3.1 (JSON Schema 2020-12) as written apart from duplicates, annotations and identity keywords", () => {
    const input = { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "x", type: ["string", "null"], enum: ["a", "a", null], const: "a", examples: ["a"], nullable: true, exclusiveMinimum: 1 };
    expect(toValidationSchema(input, { dialect: "3.1", direction: "request" })).toEqual({ type: ["string", "null"], enum: ["a", null], const: "a", nullable: true, exclusiveMinimum: 1 });
  });

  it("keeps circular schemas circular and reads the dialect from the document", () => {
    const node: Record<string, unknown> = { type: "object", properties: {} };
    (node.properties as Record<string, unknown>).child = node;
    const out = toValidationSchema(node, { dialect: "3.0", direction: "request" }) as { properties: { child: unknown } };
    expect(out.properties.child).toBe(out);
    expect(schemaDialect({ openapi: "3.0.3" })).toBe("3.0");
    expect(schemaDialect({ openapi: "3.1.0" })).toBe("3.1");
  });
});
