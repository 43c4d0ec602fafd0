import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseInput, PorticoError, toProblem } from "@/lib/errors";
import { appInputSchema } from "@/lib/apps/app-input";
import { describeViolation, fieldErrors, fieldOf, unplacedProblem } from "./field-errors";

/** What a form receives: the server's own problem+json for the input. */
function problemFor(schema: z.ZodType, input: unknown) {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof PorticoError) return toProblem(error);
  }
  throw new Error("expected the input to be refused");
}

describe("violations on form fields", () => {
  it("maps a pointer to its form field, nested pointers to the field that holds them", () => {
    expect(fieldOf("/name")).toBe("name");
    expect(fieldOf("/apis/0/scopes/2")).toBe("apis");
    expect(fieldOf("/a~1b")).toBe("a/b");
    expect(fieldOf("")).toBeUndefined();
    expect(fieldOf(undefined)).toBeUndefined();
  });

  it("shows every error of a refused app at once, each beside its field, in words", () => {
    const problem = problemFor(appInputSchema, { name: "", justification: "x".repeat(4001), apis: [{ apiVersionId: "", scopes: [] }], status: "approved" });
    const errors = fieldErrors(problem.violations);
    expect(errors).toEqual({
      name: "Enter a name",
      justification: "At most 4000 characters",
      apis: "Required",
    });
    // The unknown key has no field: the alert says it, under no pointer.
    const alert = unplacedProblem(problem, (f) => ["name", "justification", "apis"].includes(f), new Set());
    expect(alert?.violations?.map((v) => describeViolation(v))).toEqual(["Not accepted here: status"]);
  });

  it("never shows a pointer to a person", () => {
    const labels = { name: "App name", accountIds: "Sandbox accounts" };
    expect(describeViolation({ pointer: "/name", message: "Enter a name" }, labels)).toBe("App name: Enter a name");
    expect(describeViolation({ pointer: "/apis/0/scopes", message: "Required" }, labels)).toBe("Apis, item 1, scopes: Required");
    expect(describeViolation({ pointer: "/tokenLifetimeSeconds", message: "Must be at least 60" })).toBe("Token lifetime seconds: Must be at least 60");
    expect(describeViolation({ line: 4, message: "Unexpected key" })).toBe("line 4: Unexpected key");
    // In an uploaded spec the pointer is a place in the author's file.
    expect(describeViolation({ pointer: "/paths/~1statements/get", message: "Missing operationId" }, {}, true)).toBe("at /paths/~1statements/get: Missing operationId");
    expect(describeViolation({ pointer: "", message: "Not accepted here: x" })).toBe("Not accepted here: x");
  });

  it("joins two problems of one field and clears the alert once every field problem is fixed", () => {
    const problem = { title: "Validation failed", detail: "Please correct the highlighted fields", violations: [{ pointer: "/password", message: "At least 12 characters" }, { pointer: "/password", message: "Too common" }, { pointer: "/email", message: "Enter a valid email address" }] };
    expect(fieldErrors(problem.violations)).toEqual({ password: "At least 12 characters. Too common", email: "Enter a valid email address" });
    const placed = () => true;
    expect(unplacedProblem(problem, placed, new Set())).toMatchObject({ detail: "Please correct the highlighted fields", violations: [] });
    expect(unplacedProblem(problem, placed, new Set(["password"]))).not.toBeNull();
    expect(unplacedProblem(problem, placed, new Set(["password", "email"]))).toBeNull();
    // A problem without violations (a conflict) stays until the next answer.
    expect(unplacedProblem({ title: "Conflict", detail: "Name taken" }, placed, new Set(["name"]))).toMatchObject({ detail: "Name taken" });
  });

  it("words zod's defaults for people, and a schema's own message wins", () => {
    const schema = z.object({ lifetime: z.number().int().min(60).max(86_400), email: z.string().email(), name: z.string().trim().min(1, "Enter your name"), kind: z.enum(["id", "iban"]) }).strict();
    expect(fieldErrors(problemFor(schema, { lifetime: 30, email: "nope", name: " ", kind: "x" }).violations)).toEqual({
      lifetime: "Must be at least 60",
      email: "Enter a valid email address",
      name: "Enter your name",
      kind: "Must be one of id, iban",
    });
    expect(fieldErrors(problemFor(schema, { lifetime: 1.5 }).violations)).toMatchObject({ lifetime: "Must be a whole number", email: "Required" });
  });
});
