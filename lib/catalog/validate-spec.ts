// Validates a parsed OpenAPI document and extracts what the catalogue stores.
// Accepts what swagger-parser accepts: Swagger 2.0 (validated as 2.0, then
// converted to OpenAPI 3.0 by convert-swagger2.ts), OpenAPI 3.0 and 3.1.
// Three layers, each reporting *what* and *where* (a JSON pointer):
//  1. the OpenAPI JSON Schema and structural checks of
//     @apidevtools/swagger-parser;
//  2. $ref resolution — internal references only: a spec is untrusted input,
//     and following external refs would let an upload read local files or
//     make the server fetch URLs (SSRF);
//  3. Portico's own rules: a usable info.version and slug, at least one
//     operation or webhook, and `x-portico-account` marks that the gateway
//     understands, and `x-portico-sandbox` bindings that decode
//     (lib/openapi/sandbox-binding.ts). The spec's own security schemes stay as written
//     (spec-security.ts); operations it leaves without a scope, and missing
//     operationIds (generate-operation-ids.ts), are filled in beside it.
import SwaggerParser from "@apidevtools/swagger-parser";
import { PorticoError, pointerOf, type Violation } from "@/lib/errors";
import { listOperations, operationKey, scopedSecuritySchemes, type DocumentOperation, type OperationMethod } from "@/lib/openapi/list-operations";
import { decodeSandboxBinding, InvalidBinding, SANDBOX_EXTENSION } from "@/lib/openapi/sandbox-binding";
import { slugify } from "@/lib/text/slugify";
import { convertSwagger2 } from "./convert-swagger2";
import { fillOperationIds } from "./generate-operation-ids";
import { specDefinedScopes, specScopes } from "./spec-security";
const MAX_VIOLATIONS = 25;

type Json = Record<string, unknown>;

export type ValidatedOperation = {
  operationId: string;
  /** As stored in ApiOperation.method, e.g. "GET". */
  method: Uppercase<OperationMethod>;
  path: string;
  summary: string;
  description: string;
  tags: string[];
  /** Alternatives as the spec gives them: a token must hold every scope of one of them. [] = the spec gives none (the overlay decides). */
  scopes: string[][];
  /** Parameter and schema property names, for search. */
  fieldNames: string[];
};

export type ValidatedSpec = {
  slug: string;
  name: string;
  version: string;
  summary: string;
  description: string;
  category: string;
  tags: string[];
  scopes: Record<string, string>;
  operations: ValidatedOperation[];
  /** The dereferenced document (circular references left as $ref), with generated operationIds. */
  resolved: Json;
  /** The OpenAPI 3 document to store as the source: the upload, or its conversion from Swagger 2.0. */
  source: Json;
  convertedFrom: "2.0" | undefined;
  generatedOperationIds: number;
  /** Webhooks (OpenAPI 3.1): a spec with only these publishes as event documentation. */
  webhooks: number;
  /** The resolved document's operations (listOperations), for the overlay. */
  documentOperations: DocumentOperation[];
  /** operationKeys of the operations the spec gives no scope: they take the overlay's or the default. */
  needsScopes: Set<string>;
};

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : "");
const httpMethod = (method: OperationMethod) => method.toUpperCase() as Uppercase<OperationMethod>;

function invalid(message: string, violations: Violation[]): never {
  throw new PorticoError("validation_failed", message, { violations: violations.slice(0, MAX_VIOLATIONS) });
}

/** Ajv reports every failed branch of a oneOf; keep the deepest, most specific ones. */
function schemaViolations(details: { instancePath: string; message?: string; params?: Record<string, unknown> }[]): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  const sorted = [...details].sort((a, b) => b.instancePath.split("/").length - a.instancePath.split("/").length);
  for (const d of sorted) {
    const extra = d.params?.additionalProperty ? ` ("${String(d.params.additionalProperty)}")` : d.params?.missingProperty ? ` ("${String(d.params.missingProperty)}")` : "";
    const message = `${d.message ?? "is invalid"}${extra}`;
    const key = `${d.instancePath} ${message}`;
    if (seen.has(key) || /must match (exactly one|a schema in anyOf)|must match "then" schema/.test(message)) continue;
    seen.add(key);
    out.push({ pointer: d.instancePath || "/", message });
  }
  return out.length ? out : [{ pointer: "/", message: "does not match the OpenAPI schema" }];
}

async function parserValidate(document: Json): Promise<Json> {
  // swagger-parser mutates its input; give it a copy so the source stays as uploaded.
  const options = { resolve: { external: false }, dereference: { circular: "ignore" as const } };
  try {
    return (await SwaggerParser.validate(structuredClone(document) as never, options as never)) as unknown as Json;
  } catch (error) {
    const e = error as Error & { details?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] };
    if (Array.isArray(e.details)) invalid("The spec is not a valid OpenAPI document", schemaViolations(e.details));
    const message = (e.message ?? String(e)).replace(/^Validation failed\.\s*/, "").split("\n")[0]!;
    const ref = /\$ref pointer "([^"]+)"/.exec(message) ?? /Missing \$ref pointer "([^"]+)"/.exec(message);
    const path = /^(\/[^ ]+)/.exec(message);
    invalid("The spec is not a valid OpenAPI document", [{ pointer: ref ? ref[1]!.replace(/^#/, "") : path ? `/paths${path[1]}` : undefined, message }]);
  }
}

/** Parameter names and (nested) schema property names, for search. */
function collectFieldNames(operation: Json, pathItem: Json): string[] {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walkSchema = (schema: unknown, depth: number) => {
    if (!isObject(schema) || seen.has(schema) || depth > 12) return;
    seen.add(schema);
    if (isObject(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        names.add(name);
        walkSchema(sub, depth + 1);
      }
    }
    for (const key of ["allOf", "oneOf", "anyOf"]) if (Array.isArray(schema[key])) for (const s of schema[key] as unknown[]) walkSchema(s, depth + 1);
    walkSchema(schema.items, depth + 1);
    if (isObject(schema.additionalProperties)) walkSchema(schema.additionalProperties, depth + 1);
  };
  const walkContent = (content: unknown) => {
    if (isObject(content)) for (const media of Object.values(content)) if (isObject(media)) walkSchema(media.schema, 0);
  };
  for (const params of [pathItem.parameters, operation.parameters]) {
    if (Array.isArray(params)) for (const p of params) if (isObject(p)) {
      if (typeof p.name === "string") names.add(p.name);
      walkSchema(p.schema, 0);
    }
  }
  if (isObject(operation.requestBody)) walkContent(operation.requestBody.content);
  if (isObject(operation.responses)) for (const r of Object.values(operation.responses)) if (isObject(r)) walkContent(r.content);
  return [...names];
}

/**
 * Every `x-portico-account` mark must say "id" or "iban" (the gateway enforces
 * the app's accounts by them), and every $ref must be internal ("#/…").
 */
function checkMarksAndRefs(node: unknown, at: string, violations: { marks: Violation[]; refs: Violation[] }, seen = new Set<unknown>()) {
  if (!node || typeof node !== "object" || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    node.forEach((v, i) => checkMarksAndRefs(v, `${at}/${i}`, violations, seen));
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const here = `${at}/${escapePointer(key)}`;
    if (key === "x-portico-account" && value !== "id" && value !== "iban") violations.marks.push({ pointer: here, message: 'must be "id" or "iban"' });
    else if (key === "$ref" && (typeof value !== "string" || !value.startsWith("#"))) violations.refs.push({ pointer: here, message: "only references inside the document (#/…) are allowed; bundle external files first" });
    else checkMarksAndRefs(value, here, violations, seen);
  }
}

function firstParagraph(text: string): string {
  const para = text.trim().split(/\n\s*\n/)[0] ?? "";
  const flat = para.replace(/[*_`#>]/g, "").replace(/\s+/g, " ").trim();
  return flat.length > 280 ? `${flat.slice(0, 277)}…` : flat;
}

const SUPPORTED = /^3\.[01]\.\d+$/;

/** Refuses external refs before any parser could follow them; collects marks to check later. */
function checkRefs(document: Json) {
  const marked = { marks: [] as Violation[], refs: [] as Violation[] };
  checkMarksAndRefs(document, "", marked);
  if (marked.refs.length) invalid("The spec breaks Portico's publishing rules", marked.refs);
  return marked;
}

export async function validateSpec({ document: uploaded }: { document: Json }): Promise<ValidatedSpec> {
  let document = uploaded;
  let convertedFrom: "2.0" | undefined;
  if (uploaded.swagger !== undefined && uploaded.openapi === undefined) {
    if (uploaded.swagger !== "2.0") invalid("Only Swagger 2.0, OpenAPI 3.0 and 3.1 specs are accepted", [{ pointer: "/swagger", message: 'must be "2.0"' }]);
    checkRefs(uploaded);
    await parserValidate(uploaded);
    document = await convertSwagger2({ document: uploaded });
    convertedFrom = "2.0";
  }
  if (typeof document.openapi === "string" && /^3\.2\./.test(document.openapi)) {
    invalid("OpenAPI 3.2 is not accepted yet", [{ pointer: "/openapi", message: "the validator Portico uses (swagger-parser) knows OpenAPI 3.0 and 3.1; publish the spec as 3.1.x (3.2 documents that use no 3.2-only fields are valid 3.1)" }]);
  }
  if (typeof document.openapi !== "string" || !SUPPORTED.test(document.openapi)) {
    invalid("Only Swagger 2.0, OpenAPI 3.0 and 3.1 specs are accepted", [{ pointer: "/openapi", message: 'must be "3.0.x" or "3.1.x" (or "swagger": "2.0")' }]);
  }
  // External refs are refused before the parser could try to follow them.
  const marked = checkRefs(document);
  const resolved = await parserValidate(document);
  const generatedOperationIds = fillOperationIds(resolved);
  const violations: Violation[] = [];
  const info = isObject(resolved.info) ? resolved.info : {};
  const version = str(info.version).trim();
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/.test(version)) {
    violations.push({ pointer: "/info/version", message: "must be a version such as 1.2.0 (letters, digits, . + _ -; it becomes part of URLs)" });
  }
  const requestedSlug = str(info["x-portico-slug"]);
  const slug = requestedSlug || slugify(str(info.title));
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) violations.push({ pointer: "/info/x-portico-slug", message: "must be lowercase letters, digits and hyphens" });

  // The spec's own OAuth 2.0 / OpenID Connect scopes, whatever the schemes are called.
  const schemes = scopedSecuritySchemes(resolved);
  const scopes = specDefinedScopes(resolved);
  const needsScopes = new Set<string>();
  const operations: ValidatedOperation[] = [];
  const documentOperations = listOperations(resolved);
  for (const o of documentOperations) {
    const { path, method, pathItem: item, operation: op } = o;
    // Always usable here: fillOperationIds generated the missing and unusable ones.
    const operationId = str(op.operationId);
    const at = pointerOf(["paths", path, method]);
    try {
      decodeSandboxBinding(op);
    } catch (error) {
      if (!(error instanceof InvalidBinding)) throw error;
      for (const message of error.problems) violations.push({ pointer: `${at}/${SANDBOX_EXTENSION}`, message });
    }
    const alternatives = specScopes(o, schemes);
    if (!alternatives) needsScopes.add(operationKey(method, path));
    // Scopes an openIdConnect scheme (or a careless spec) uses without defining them are still scopes.
    for (const alt of alternatives ?? []) for (const s of alt) scopes[s] ??= "";
    operations.push({
      operationId,
      method: httpMethod(method),
      path,
      summary: str(op.summary),
      description: str(op.description),
      tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
      scopes: alternatives ?? [],
      fieldNames: collectFieldNames(op, item),
    });
  }
  const webhooks = isObject(resolved.webhooks) ? Object.keys(resolved.webhooks).length : 0;
  if (!operations.length && !webhooks) violations.push({ pointer: "/paths", message: "must define at least one operation (or, in OpenAPI 3.1, at least one webhook)" });
  violations.push(...marked.marks);
  if (violations.length) invalid("The spec breaks Portico's publishing rules", violations);

  const tagList = Array.isArray(resolved.tags) ? resolved.tags.filter(isObject).map((t) => str(t.name)).filter(Boolean) : [];
  const tags = [...new Set([...tagList, ...operations.flatMap((o) => o.tags)])];
  const description = str(info.description);
  return {
    slug,
    name: str(info.title),
    version,
    summary: firstParagraph(description),
    description,
    category: str(info["x-portico-category"]).slice(0, 60) || tags[0] || "General",
    tags,
    scopes,
    operations,
    resolved,
    source: document,
    convertedFrom,
    generatedOperationIds,
    webhooks,
    documentOperations,
    needsScopes,
  };
}
