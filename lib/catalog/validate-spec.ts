// Validates a parsed OpenAPI document and extracts what the catalogue stores.
// Three layers, each reporting *what* and *where* (a JSON pointer):
//  1. the OpenAPI 3.0/3.1 JSON Schema and structural checks of
//     @apidevtools/swagger-parser;
//  2. $ref resolution — internal references only: a spec is untrusted input,
//     and following external refs would let an upload read local files or
//     make the server fetch URLs (SSRF);
//  3. Portico's own rules: the `bankOAuth` client-credentials scheme, an
//     operationId on every operation, scopes the scheme defines, and
//     `x-portico-account` marks that the gateway understands, and
//     `x-portico-sandbox` bindings that decode (lib/openapi/sandbox-binding.ts).
import SwaggerParser from "@apidevtools/swagger-parser";
import { PorticoError, type Violation } from "@/lib/errors";
import { listOperations, type OperationMethod } from "@/lib/openapi/list-operations";
import { decodeSandboxBinding, InvalidBinding, SANDBOX_EXTENSION } from "@/lib/openapi/sandbox-binding";
import { slugify } from "@/lib/text/slugify";

export const SECURITY_SCHEME = "bankOAuth";
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
  /** Alternatives: a token must hold every scope of one of them. */
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
  /** The dereferenced document (circular references left as $ref). */
  resolved: Json;
};

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const pointer = (...parts: string[]) => "/" + parts.map(escapePointer).join("/");
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

export async function validateSpec({ document }: { document: Json }): Promise<ValidatedSpec> {
  if (typeof document.openapi !== "string" || !/^3\.[01]\.\d+$/.test(document.openapi)) {
    invalid("Only OpenAPI 3.0 and 3.1 specs are accepted", [{ pointer: "/openapi", message: `must be "3.0.x" or "3.1.x"${document.swagger ? " (Swagger 2.0 found: convert it to OpenAPI 3 first)" : ""}` }]);
  }
  // External refs are refused before the parser could try to follow them.
  const marked = { marks: [] as Violation[], refs: [] as Violation[] };
  checkMarksAndRefs(document, "", marked);
  if (marked.refs.length) invalid("The spec breaks Portico's publishing rules", marked.refs);
  const resolved = await parserValidate(document);
  const violations: Violation[] = [];
  const info = isObject(resolved.info) ? resolved.info : {};
  const version = str(info.version).trim();
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/.test(version)) {
    violations.push({ pointer: "/info/version", message: "must be a version such as 1.2.0 (letters, digits, . + _ -; it becomes part of URLs)" });
  }
  const requestedSlug = str(info["x-portico-slug"]);
  const slug = requestedSlug || slugify(str(info.title));
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) violations.push({ pointer: "/info/x-portico-slug", message: "must be lowercase letters, digits and hyphens" });

  // Our rule 1: the bankOAuth client-credentials scheme (RFC 6749 §4.4).
  const schemes = isObject(resolved.components) && isObject(resolved.components.securitySchemes) ? resolved.components.securitySchemes : {};
  const scheme = schemes[SECURITY_SCHEME];
  let scopes: Record<string, string> = {};
  const flow = isObject(scheme) && isObject(scheme.flows) ? scheme.flows.clientCredentials : undefined;
  if (!isObject(scheme) || scheme.type !== "oauth2" || !isObject(flow)) {
    violations.push({ pointer: pointer("components", "securitySchemes", SECURITY_SCHEME), message: `must be an oauth2 scheme with a clientCredentials flow (the bank's token endpoint)` });
  } else {
    scopes = isObject(flow.scopes) ? Object.fromEntries(Object.entries(flow.scopes).map(([k, v]) => [k, str(v)])) : {};
    if (!Object.keys(scopes).length) violations.push({ pointer: pointer("components", "securitySchemes", SECURITY_SCHEME, "flows", "clientCredentials", "scopes"), message: "must define at least one scope" });
  }

  // Our rule 2: every operation has an operationId and bankOAuth scopes the scheme defines.
  const operations: ValidatedOperation[] = [];
  for (const { path, method, pathItem: item, operation: op, security } of listOperations(resolved)) {
    const at = pointer("paths", path, method);
    const operationId = str(op.operationId);
    if (!operationId) violations.push({ pointer: `${at}/operationId`, message: "every operation needs an operationId (docs links and search use it)" });
    else if (!/^[A-Za-z0-9_.-]{1,100}$/.test(operationId)) violations.push({ pointer: `${at}/operationId`, message: "must be letters, digits, _ . -" });
    try {
      decodeSandboxBinding(op);
    } catch (error) {
      if (!(error instanceof InvalidBinding)) throw error;
      for (const message of error.problems) violations.push({ pointer: `${at}/${SANDBOX_EXTENSION}`, message });
    }
    const alternatives: string[][] = [];
    if (!Array.isArray(security) || security.length === 0) {
      violations.push({ pointer: `${at}/security`, message: `must require ${SECURITY_SCHEME} with at least one scope` });
    } else {
      security.forEach((requirement, i) => {
        if (!isObject(requirement) || !Array.isArray(requirement[SECURITY_SCHEME])) {
          violations.push({ pointer: `${at}/security/${i}`, message: `must use the ${SECURITY_SCHEME} scheme` });
          return;
        }
        const needed = (requirement[SECURITY_SCHEME] as unknown[]).map(String);
        if (!needed.length) violations.push({ pointer: `${at}/security/${i}/${SECURITY_SCHEME}`, message: "must list at least one scope" });
        for (const s of needed) if (!(s in scopes)) violations.push({ pointer: `${at}/security/${i}/${SECURITY_SCHEME}`, message: `scope "${s}" is not defined by the ${SECURITY_SCHEME} scheme` });
        alternatives.push(needed);
      });
    }
    operations.push({
      operationId,
      method: httpMethod(method),
      path,
      summary: str(op.summary),
      description: str(op.description),
      tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
      scopes: alternatives,
      fieldNames: collectFieldNames(op, item),
    });
  }
  if (!operations.length) violations.push({ pointer: "/paths", message: "must define at least one operation" });
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
  };
}
