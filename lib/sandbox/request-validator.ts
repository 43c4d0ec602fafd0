// Request validation against the spec with validators compiled once per
// operation (Ajv), instead of Prism's per-request validation: the gateway's
// hot path only runs the compiled functions.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { Violation } from "@/lib/errors";
import { logServerError } from "@/lib/errors/redact";

type Schema = Record<string, unknown>;

/** OpenAPI 3.0 `nullable` is not JSON Schema; rewrite it, leave everything else alone. */
function toJsonSchema(node: unknown, seen = new Map<unknown, unknown>()): unknown {
  if (!node || typeof node !== "object") return node;
  if (seen.has(node)) return seen.get(node);
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    seen.set(node, out);
    for (const item of node) out.push(toJsonSchema(item, seen));
    return out;
  }
  const out: Schema = {};
  seen.set(node, out);
  for (const [k, v] of Object.entries(node as Schema)) {
    // Examples and vendor extensions are documentation, not constraints.
    if (k === "example" || k === "examples" || k === "xml" || k === "externalDocs" || k === "discriminator" || k.startsWith("x-")) continue;
    // Identity and dialect keywords of a published spec must not reach the shared Ajv instance:
    // one `$id` used by two operations collides ("already exists"), an unknown `$schema` is a
    // missing meta-schema, and a `$ref` left by circular dereferencing points into a document
    // Ajv does not have. The schema is already dereferenced, so none of them is needed.
    if (k === "$id" || k === "$schema" || k === "$anchor" || k === "$dynamicAnchor" || k === "$dynamicRef" || k === "$comment" || k === "$ref") continue;
    out[k] = k === "properties" || k === "patternProperties" ? mapValues(v, seen) : toJsonSchema(v, seen);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  // Read-only properties are server-generated: a request need not send them.
  if (Array.isArray(out.required) && out.properties && typeof out.properties === "object") {
    const props = out.properties as Record<string, Schema>;
    out.required = (out.required as string[]).filter((name) => !(props[name] && props[name].readOnly === true));
  }
  return out;
}

function mapValues(value: unknown, seen: Map<unknown, unknown>) {
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v, seen)]));
}

let shared: { params: Ajv; body: Ajv } | undefined;
function ajv() {
  if (!shared) {
    // Parameters arrive as strings: coerce to the declared types ("array" wraps single values).
    const params = new Ajv({ strict: false, allErrors: true, coerceTypes: "array", validateFormats: true });
    const body = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(params);
    addFormats(body);
    shared = { params, body };
  }
  return shared;
}

export type ParameterSpec = { in: "path" | "query" | "header"; name: string; required: boolean; schema?: Schema };

export type CompiledValidator = {
  /** Coerces `values` in place; returns every violation of the parameters. */
  parameters(values: { path: Record<string, string>; query: Record<string, string | string[]>; header: Record<string, string> }): Violation[];
  body(value: unknown): Violation[];
};

function violationsOf(errors: ErrorObject[] | null | undefined, base: string): Violation[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === "required" ? `/${(e.params as { missingProperty: string }).missingProperty}` : "";
    const pointer = `${base}${e.instancePath}${missing}`;
    const extra = e.keyword === "additionalProperties" ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : "";
    return { pointer, message: `${e.message ?? "is invalid"}${extra}` };
  });
}

/**
 * A schema Ajv cannot compile (an invalid `pattern`, a keyword it rejects) is
 * the publisher's mistake, not the caller's: that part goes unvalidated (the
 * mock still answers) and the reason is reported once, never a 500 per call.
 */
function compileOrSkip(instance: Ajv, schema: Schema, onError: (message: string) => void): ValidateFunction | undefined {
  try {
    return instance.compile(schema);
  } catch (error) {
    onError(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

export function compileValidator(
  parameters: ParameterSpec[],
  bodySchema: Schema | undefined,
  onCompileError: (message: string) => void = (message) => logServerError(`sandbox: a schema of this operation cannot be compiled and is not validated: ${message}`),
): CompiledValidator {
  const groups = { path: [] as ParameterSpec[], query: [] as ParameterSpec[], header: [] as ParameterSpec[] };
  for (const p of parameters) groups[p.in].push(p);
  const compileGroup = (list: ParameterSpec[]): ValidateFunction | undefined => {
    if (!list.length) return undefined;
    return compileOrSkip(ajv().params, {
      type: "object",
      properties: Object.fromEntries(list.map((p) => [p.name, toJsonSchema(p.schema ?? {})])),
      required: list.filter((p) => p.required).map((p) => p.name),
    }, onCompileError);
  };
  const validators = { path: compileGroup(groups.path), query: compileGroup(groups.query), header: compileGroup(groups.header) };
  const bodyValidator = bodySchema ? compileOrSkip(ajv().body, toJsonSchema(bodySchema) as Schema, onCompileError) : undefined;

  return {
    parameters(values) {
      const out: Violation[] = [];
      for (const where of ["path", "query", "header"] as const) {
        const validate = validators[where];
        if (validate && !validate(values[where])) out.push(...violationsOf(validate.errors, `/${where}`));
      }
      return out;
    },
    body(value) {
      if (!bodyValidator || bodyValidator(value)) return [];
      return violationsOf(bodyValidator.errors, "/body");
    },
  };
}
