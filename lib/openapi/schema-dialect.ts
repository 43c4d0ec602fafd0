// The one translation of an OpenAPI Schema Object into the JSON Schema a
// validator (Ajv) checks correctly. OpenAPI 3.0 schemas are an "extended
// subset" of draft-05 with keywords of their own; OpenAPI 3.1 schemas are
// JSON Schema 2020-12 plus a few annotations. Every consumer that validates
// data against a published spec (the sandbox's requests, the mock's answers)
// goes through here, so the two dialects are told apart once.
//
// @see OpenAPI 3.0.3 §4.7.24 Schema Object (nullable, discriminator, readOnly,
//   writeOnly, xml, externalDocs, example, deprecated)
// @see OpenAPI 3.1.0 §4.8.24 Schema Object (JSON Schema 2020-12 dialect)
import type { OpenApiDocument } from "./stored-document";

type Schema = Record<string, unknown>;

/** "3.0": validate as draft-07 after translation; "3.1": validate as JSON Schema 2020-12. */
export type SchemaDialect = "3.0" | "3.1";

/** Request bodies may leave out readOnly properties; responses may leave out writeOnly ones. */
export type SchemaDirection = "request" | "response";

export function schemaDialect(document: OpenApiDocument): SchemaDialect {
  return typeof document.openapi === "string" && /^3\.0\./.test(document.openapi) ? "3.0" : "3.1";
}

// Annotations of OpenAPI (and examples of either dialect) that constrain nothing.
const DOCUMENTATION = new Set(["example", "examples", "xml", "externalDocs", "discriminator", "deprecated"]);
// Identity and dialect keywords of a published spec must not reach a shared
// validator: one `$id` used by two operations collides ("already exists"),
// an unknown `$schema` is a missing meta-schema, and a `$ref` left by circular
// dereferencing points into a document the validator does not have. The
// schema is already dereferenced, so none of them is needed.
const IDENTITY = new Set(["$id", "$schema", "$anchor", "$dynamicAnchor", "$dynamicRef", "$comment", "$ref", "$vocabulary"]);
// Keywords whose value is a map of names to schemas (not a schema itself).
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
// Keywords whose value is data, never a schema: copied as they are.
const DATA = new Set(["enum", "const", "default", "required", "dependentRequired"]);

/** Values equal as JSON (key order aside), for enum deduplication. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Schema)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

const unique = (values: unknown[]) => {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = canonical(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * A Schema Object of a `dialect` document as JSON Schema for the validator of
 * that dialect (draft-07 for 3.0, 2020-12 for 3.1). The input is never
 * changed; shared and circular sub-schemas stay shared in the output.
 */
export function toValidationSchema(schema: unknown, options: { dialect: SchemaDialect; direction: SchemaDirection }): unknown {
  return translate(schema, options, new Map());
}

function translate(node: unknown, options: { dialect: SchemaDialect; direction: SchemaDirection }, seen: Map<unknown, unknown>): unknown {
  if (typeof node === "boolean") return node;
  if (!node || typeof node !== "object" || Array.isArray(node)) return {};
  if (seen.has(node)) return seen.get(node);
  const out: Schema = {};
  seen.set(node, out);
  const sub = (v: unknown) => translate(v, options, seen);
  for (const [k, v] of Object.entries(node as Schema)) {
    if (DOCUMENTATION.has(k) || IDENTITY.has(k) || k.startsWith("x-")) continue;
    if (k === "dependencies" && v && typeof v === "object" && !Array.isArray(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, d]) => [name, Array.isArray(d) ? d : sub(d)]));
    else if (SCHEMA_MAPS.has(k)) out[k] = v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, sub(s)])) : {};
    else if (DATA.has(k)) out[k] = v;
    else if (Array.isArray(v)) out[k] = k === "type" ? v : v.map(sub);
    else if (v && typeof v === "object") out[k] = sub(v);
    else out[k] = v;
  }
  // Ajv refuses an enum with a repeated value; the repeat adds nothing (valid in OpenAPI, a common slip).
  if (Array.isArray(out.enum)) out.enum = unique(out.enum);
  if (options.dialect === "3.0") {
    // 3.0 (draft-05): boolean exclusiveMinimum/exclusiveMaximum qualify minimum/maximum; draft-06+ makes them the bound.
    for (const [exclusive, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
      if (typeof out[exclusive] !== "boolean") continue;
      if (out[exclusive] === true && typeof out[bound] === "number") {
        out[exclusive] = out[bound];
        delete out[bound];
      } else delete out[exclusive];
    }
    // 3.0 nullable adds null to the allowed values; 3.1 writes it as a type array and has no such keyword.
    if ("nullable" in out) {
      const nullable = out.nullable === true;
      delete out.nullable;
      if (nullable) return nullableOf(out, seen, node);
    }
  }
  // readOnly properties are server-generated (a request need not send them), writeOnly ones never come back.
  const skip = options.direction === "request" ? "readOnly" : "writeOnly";
  if (Array.isArray(out.required) && out.properties && typeof out.properties === "object") {
    const props = out.properties as Record<string, Schema>;
    out.required = (out.required as unknown[]).filter((name) => !(typeof name === "string" && props[name]?.[skip] === true));
  }
  return out;
}

function nullableOf(out: Schema, seen: Map<unknown, unknown>, node: object): Schema {
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    return out;
  }
  if (out.type !== undefined || Array.isArray(out.enum)) return out;
  // No type (e.g. `nullable: true` beside allOf/oneOf): null, or whatever the rest allows.
  const wrapped = { anyOf: [{ type: "null" }, out] };
  seen.set(node, wrapped);
  return wrapped;
}
