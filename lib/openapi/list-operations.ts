// The one walk over an OpenAPI document's operations. Publishing (rules and
// the stored operation rows), the sandbox route table and try-it all read
// operations through it, so the OpenAPI rules they share — which keys of a
// path item are operations, how path-item parameters combine with an
// operation's own, which security requirement applies — are written once.
// The document is the dereferenced one (internal $refs resolved by
// publishing), so parameters and bodies are objects, not references.
import type { OpenApiDocument } from "./stored-document";

type Json = Record<string, unknown>;

/** The fixed fields of a Path Item Object that are operations (OpenAPI 3.0.3 §4.7.9, 3.1.0 §4.8.9). */
export const OPERATION_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type OperationMethod = (typeof OPERATION_METHODS)[number];

export type DocumentOperation = {
  /** The path template, e.g. /accounts/{accountId} */
  path: string;
  method: OperationMethod;
  pathItem: Json;
  operation: Json;
  /** The operationId as written, or undefined when it is missing or not a string. */
  operationId: string | undefined;
  /**
   * The path item's parameters with the operation's own laid over them: an
   * operation parameter replaces the path-level one with the same name and
   * location (OpenAPI 3.0.3 §4.7.10 "parameters").
   */
  parameters: Json[];
  /** The Request Body Object, if any. */
  requestBody: Json | undefined;
  /** requestBody.content: media type → Media Type Object. */
  bodyContent: Record<string, Json>;
  /** The operation's security requirements, else the document's (§4.7.10 "security"): unvalidated, as written. */
  security: unknown;
};

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Every operation of the document, in document order (paths, then the methods' fixed order). */
export function listOperations(document: OpenApiDocument): DocumentOperation[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const out: DocumentOperation[] = [];
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isObject(pathItem)) continue;
    for (const method of OPERATION_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const byKey = new Map<string, Json>();
      for (const p of [...objects(pathItem.parameters), ...objects(operation.parameters)]) byKey.set(`${p.in}:${p.name}`, p);
      const requestBody = isObject(operation.requestBody) ? operation.requestBody : undefined;
      out.push({
        path,
        method,
        pathItem,
        operation,
        operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
        parameters: [...byKey.values()],
        requestBody,
        bodyContent: (isObject(requestBody?.content) ? requestBody.content : {}) as Record<string, Json>,
        security: operation.security ?? document.security,
      });
    }
  }
  return out;
}

/** Names of the document's OAuth 2.0 and OpenID Connect security schemes: the ones whose requirements list scopes. */
export function scopedSecuritySchemes(document: OpenApiDocument): Set<string> {
  const components = isObject(document.components) ? document.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  return new Set(Object.entries(schemes).filter(([, s]) => isObject(s) && (s.type === "oauth2" || s.type === "openIdConnect")).map(([name]) => name));
}

/**
 * An operation's security as scope alternatives: one list per requirement,
 * each the scopes (of the given schemes) that must all be held; no
 * requirements = open.
 */
export function scopeAlternatives(security: unknown, schemes: Set<string>): string[][] {
  if (!Array.isArray(security)) return [];
  return security.map((requirement: Record<string, string[]>) => {
    const scopes: string[] = [];
    for (const [scheme, list] of Object.entries(requirement ?? {})) if (schemes.has(scheme) && Array.isArray(list)) scopes.push(...list);
    return [...new Set(scopes)];
  });
}

/**
 * How the per-version overlay (lib/catalog/spec-overlay.ts) names an
 * operation: method and path template, e.g. "GET /accounts/{accountId}". The
 * same two facts make generated operationIds, so both survive a re-import.
 */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
