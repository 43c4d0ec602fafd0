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
});
